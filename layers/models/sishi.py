from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .category import SishiType


class SishiRule(models.Model):
    """One 四事四办 rule, kept as data so the sub-district tunes it without a release.

    layers/services/sishi.py applies the active rules in priority order (smallest first); the first
    that matches sets the suggested type, and its name goes into the case's sishi_reason.
    - keyword: any keyword in the description (急事 for 燃气, 漏水 ...);
    - repeat: the same category at the same estate `threshold` times within `window_days` (难事, 回头件);
    - multi_department: at least `threshold` departments involved (愁事, with a 吹哨 summons to each);
      if keywords are given, one of them must also appear;
    - co_governance: any keyword asking for joint decisions (盼事: 协商, 议事, 增设 ...).
    """

    class Kind(models.TextChoices):
        KEYWORD = "keyword", _("关键词")
        REPEAT = "repeat", _("重复诉求(回头件)")
        MULTI_DEPARTMENT = "multi_department", _("涉及多部门")
        CO_GOVERNANCE = "co_governance", _("共商共治")

    name = models.CharField(_("名称"), max_length=64)
    kind = models.CharField(_("规则类型"), max_length=24, choices=Kind.choices)
    keywords = ArrayField(models.CharField(max_length=32), default=list, blank=True, verbose_name=_("关键词"))
    target_type = models.CharField(_("建议类型"), max_length=16, choices=SishiType.choices)
    threshold = models.PositiveIntegerField(_("阈值"), null=True, blank=True)
    window_days = models.PositiveIntegerField(_("时间窗(天)"), null=True, blank=True)
    # Departments a multi-department rule always summons besides those the case itself involves.
    departments = models.ManyToManyField(
        "layers.Department", blank=True, related_name="sishi_rules", verbose_name=_("需报到科室")
    )
    priority = models.PositiveSmallIntegerField(_("优先级(小者先)"), default=100)
    active = models.BooleanField(_("启用"), default=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("四事四办规则")
        verbose_name_plural = pgettext_lazy("plural", "四事四办规则")
        ordering = ["priority", "id"]

    def __str__(self):
        return f"{self.name} → {self.get_target_type_display()}"


class Summons(models.Model):
    """吹哨报到: the sub-district blows the whistle, a department reports for a case or a topic."""

    complaint = models.ForeignKey(
        "layers.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="summonses",
        verbose_name=_("诉求"),
    )
    # A 协商议事 topic (issue 8) or other matter a summons can be about instead of one case.
    topic_ref = models.CharField(_("议题"), max_length=128, blank=True)
    topic = models.ForeignKey(
        "layers.Topic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="summonses",
        verbose_name=_("协商议题"),
    )
    department = models.ForeignKey(
        "layers.Department", on_delete=models.PROTECT, related_name="summonses", verbose_name=_("报到科室")
    )
    reason = models.TextField(_("吹哨事由"), blank=True)
    summoned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("吹哨人"),
    )
    summoned_at = models.DateTimeField(_("吹哨时间"), default=timezone.now)
    due_at = models.DateTimeField(_("报到时限"), null=True, blank=True)
    reported_at = models.DateTimeField(_("报到时间"), null=True, blank=True)
    action = models.TextField(_("报到处置情况"), blank=True)

    class Meta:
        verbose_name = _("吹哨报到")
        verbose_name_plural = pgettext_lazy("plural", "吹哨报到")
        ordering = ["-summoned_at", "id"]
        constraints = [
            # A case summons each department once, however often its type is re-evaluated.
            models.UniqueConstraint(
                fields=["complaint", "department"],
                condition=models.Q(complaint__isnull=False),
                name="summons_once_per_case_department",
            ),
            models.CheckConstraint(
                condition=models.Q(complaint__isnull=False) | ~models.Q(topic_ref=""), name="summons_has_subject"
            ),
        ]

    def __str__(self):
        return f"{self.department} ← {self.complaint or self.topic_ref}"
