"""Notifications (issue 15, part 5): the trail names who a step handed a case to (ComplaintEvent
assignee/department), and the inbox, delivery log and reading cursor of the notify worker.

Adding two nullable columns to the append-only event table rewrites nothing (PostgreSQL stores
no value for a new NULL column), so the trigger refusing UPDATE is not involved.
"""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('layers', '0014_event_trail_no_truncate'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='NotifyCursor',
            fields=[
                ('source', models.CharField(max_length=32, primary_key=True, serialize=False, verbose_name='来源')),
                ('low', models.BigIntegerField(default=0, verbose_name='重读起点')),
                ('checkpoint', models.BigIntegerField(blank=True, null=True, verbose_name='检查点')),
                ('checkpoint_at', models.DateTimeField(blank=True, null=True, verbose_name='检查点时间')),
            ],
            options={
                'verbose_name': '通知读取位置',
                'verbose_name_plural': '通知读取位置',
            },
        ),
        migrations.AddField(
            model_name='complaintevent',
            name='assignee',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='交办给'),
        ),
        migrations.AddField(
            model_name='complaintevent',
            name='department',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='layers.department', verbose_name='交办科室'),
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='通知标识')),
                ('kind', models.CharField(choices=[('assigned', '新派单'), ('due_soon', '即将到期'), ('overdue', '已超期'), ('escalated', '督办'), ('summons', '吹哨报到'), ('review', '待核定')], max_length=16, verbose_name='类型')),
                ('key', models.CharField(max_length=64, verbose_name='来源')),
                ('data', models.JSONField(default=dict, verbose_name='内容参数')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='生成时间')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='已读时间')),
                ('complaint', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='layers.complaint', verbose_name='诉求')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='接收人')),
                ('summons', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='layers.summons', verbose_name='吹哨报到')),
            ],
            options={
                'verbose_name': '通知',
                'verbose_name_plural': '通知',
                'ordering': ['-id'],
            },
        ),
        migrations.CreateModel(
            name='Delivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('channel', models.CharField(max_length=32, verbose_name='渠道')),
                ('attempts', models.PositiveIntegerField(default=0, verbose_name='尝试次数')),
                ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='下次尝试')),
                ('last_error', models.TextField(blank=True, verbose_name='最近错误')),
                ('delivered_at', models.DateTimeField(blank=True, null=True, verbose_name='送达时间')),
                ('abandoned_at', models.DateTimeField(blank=True, null=True, verbose_name='放弃时间')),
                ('notification', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='layers.notification', verbose_name='通知')),
            ],
            options={
                'verbose_name': '通知投递',
                'verbose_name_plural': '通知投递',
                'ordering': ['id'],
            },
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['recipient', '-id'], name='notification_inbox'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(condition=models.Q(('read_at__isnull', True)), fields=['recipient'], name='notification_unread'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.UniqueConstraint(fields=('recipient', 'key'), name='notification_once_per_source'),
        ),
        migrations.AddIndex(
            model_name='delivery',
            index=models.Index(condition=models.Q(('abandoned_at__isnull', True), ('delivered_at__isnull', True)), fields=['next_attempt_at'], name='delivery_pending'),
        ),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.UniqueConstraint(fields=('notification', 'channel'), name='delivery_once_per_channel'),
        ),
    ]
