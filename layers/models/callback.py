from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .append_only import AppendOnly
from .complaint import Complaint


class CallbackRecord(AppendOnly, models.Model):
    """回访记录: one call-back attempt to the resident, reached or not.

    The case's satisfaction is the one of its last reached call (layers/services/callbacks.py), so
    the 三率 read the case and never these rows. Written only by that service and append-only: a
    wrong record is corrected by a later call, and the history of attempts stays as it happened.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="callbacks", verbose_name=_("诉求"))
    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="callback_records",
        verbose_name=_("回访人"),
    )
    called_at = models.DateTimeField(_("回访时间"), default=timezone.now)
    reached = models.BooleanField(_("是否接通"))
    # Only a reached call has a satisfaction, and a reached call always has one (a checked rule).
    satisfaction = models.CharField(_("满意度"), max_length=24, choices=Complaint.Satisfaction.choices, blank=True)
    remark = models.TextField(_("备注"), blank=True)
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("回访记录")
        verbose_name_plural = pgettext_lazy("plural", "回访记录")
        ordering = ["called_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reached=True, satisfaction__gt="") | Q(reached=False, satisfaction=""),
                name="callback_satisfaction_iff_reached",
            ),
        ]

    def __str__(self):
        reached = _("接通") if self.reached else _("未接通")
        return f"{self.complaint} {self.called_at:%Y-%m-%d %H:%M} {reached}"
