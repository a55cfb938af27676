from django.conf import settings
from django.contrib.gis.db import models
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ComplaintLink(models.Model):
    """Two cases that look like the same problem: same category, close in space and time.

    Links are suggestions (related) until staff confirm a duplicate (duplicate_confirmed); neither
    case is ever merged or deleted. One row per pair, whichever way round it was found.
    """

    class Kind(models.TextChoices):
        RELATED = "related", _("疑似相关")
        DUPLICATE_CONFIRMED = "duplicate_confirmed", _("确认重复")

    primary = models.ForeignKey(
        "layers.Complaint", on_delete=models.PROTECT, related_name="links_as_primary", verbose_name=_("主案")
    )
    other = models.ForeignKey(
        "layers.Complaint", on_delete=models.PROTECT, related_name="links_as_other", verbose_name=_("关联案")
    )
    kind = models.CharField(_("关系"), max_length=24, choices=Kind.choices, default=Kind.RELATED)
    # Unknown when a duplicate is confirmed for a case without a location.
    distance_m = models.FloatField(_("距离(米)"), null=True, blank=True)
    days_apart = models.FloatField(_("相隔天数"))
    created_at = models.DateTimeField(_("发现时间"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认人"),
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("关联诉求")
        verbose_name_plural = pgettext_lazy("plural", "关联诉求")
        ordering = ["primary", "other"]
        constraints = [
            # (a, b) and (b, a) are the same pair.
            models.UniqueConstraint(Least("primary", "other"), Greatest("primary", "other"), name="complaintlink_pair"),
            models.CheckConstraint(condition=~models.Q(primary=models.F("other")), name="complaintlink_two_cases"),
        ]
        indexes = [models.Index(fields=["other"], name="complaintlink_other")]

    def __str__(self):
        return f"{self.primary} ~ {self.other} ({self.get_kind_display()})"
