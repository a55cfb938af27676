"""回访记录 (issue 15 part 4): one row per call-back attempt; the case's satisfaction is the last
reached call's (layers/services/callbacks.py). A reached call has a satisfaction and an unreached
one has none, checked by the database too."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("layers", "0017_intake_review"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CallbackRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("called_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="回访时间")),
                ("reached", models.BooleanField(verbose_name="是否接通")),
                (
                    "satisfaction",
                    models.CharField(
                        blank=True,
                        choices=[("satisfied", "满意"), ("basically_satisfied", "基本满意"), ("dissatisfied", "不满意")],
                        max_length=24,
                        verbose_name="满意度",
                    ),
                ),
                ("remark", models.TextField(blank=True, verbose_name="备注")),
                ("recorded_at", models.DateTimeField(auto_now_add=True, verbose_name="记录时间")),
                (
                    "caller",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="callback_records",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="回访人",
                    ),
                ),
                (
                    "complaint",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="callbacks",
                        to="layers.complaint",
                        verbose_name="诉求",
                    ),
                ),
            ],
            options={
                "verbose_name": "回访记录",
                "verbose_name_plural": "回访记录",
                "ordering": ["called_at", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("reached", True), ("satisfaction__gt", "")),
                            models.Q(("reached", False), ("satisfaction", "")),
                            _connector="OR",
                        ),
                        name="callback_satisfaction_iff_reached",
                    )
                ],
            },
        ),
    ]
