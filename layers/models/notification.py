"""In-app notifications (站内通知) and their deliveries through outside channels (e-mail, webhook).

Written only by the notify worker (layers/notify/), never in a request: intake and the workflow
append to the event trail as before, and the worker derives notifications from it afterwards.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one user about one thing that happened (an event, a summons, a deadline).

    `key` names the source ("event:17", "summons:3", "due_soon:5:1795000000" …); with the recipient
    it is unique, so a source notifies each person once however often the worker looks at it.
    The text is rendered from `kind` and `data` in the reader's language (layers/notify/texts.py).
    """

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("新派单")
        DUE_SOON = "due_soon", _("即将到期")
        OVERDUE = "overdue", _("已超期")
        ESCALATED = "escalated", _("督办")
        SUMMONS = "summons", _("吹哨报到")
        REVIEW = "review", _("待核定")

    # The idempotency key outside receivers dedupe by (webhook body and header, e-mail Message-ID).
    uuid = models.UUIDField(_("通知标识"), default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("接收人")
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    complaint = models.ForeignKey(
        "layers.Complaint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("诉求"),
    )
    summons = models.ForeignKey(
        "layers.Summons",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("吹哨报到"),
    )
    key = models.CharField(_("来源"), max_length=64)
    data = models.JSONField(_("内容参数"), default=dict)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_source"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_inbox"),
            # The header's unread count and the unread filter: a small slice of a growing table.
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"


class Delivery(models.Model):
    """One notification sent through one channel: attempts, the next try (exponential backoff with
    a cap), the last error, and when it arrived. One row per (notification, channel), so a
    notification goes out once per channel; a retry reuses the row."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("通知")
    )
    channel = models.CharField(_("渠道"), max_length=32)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), default=timezone.now)
    last_error = models.TextField(_("最近错误"), blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    # Given up after NOTIFY_MAX_ATTEMPTS, or the channel is no longer configured.
    abandoned_at = models.DateTimeField(_("放弃时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知投递")
        verbose_name_plural = _("通知投递")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel"),
        ]
        indexes = [
            # The worker's queue: deliveries still to try, by when.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(delivered_at__isnull=True, abandoned_at__isnull=True),
                name="delivery_pending",
            ),
        ]

    def __str__(self):
        return f"{self.notification_id} via {self.channel}"


class NotifyCursor(models.Model):
    """How far the worker has read an append-only source (events, summonses), by id.

    Ids are handed out before commit, so a long transaction can make a lower id visible after a
    higher one was read. The worker therefore reads again from `low`, which trails the newest id
    by NOTIFY_RESCAN_SECONDS (checkpoint is what `low` becomes next); the unique keys make the
    re-reading harmless."""

    source = models.CharField(_("来源"), max_length=32, primary_key=True)
    low = models.BigIntegerField(_("重读起点"), default=0)
    checkpoint = models.BigIntegerField(_("检查点"), null=True, blank=True)
    checkpoint_at = models.DateTimeField(_("检查点时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知读取位置")
        verbose_name_plural = _("通知读取位置")

    def __str__(self):
        return f"{self.source} > {self.low}"
