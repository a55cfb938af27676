import unicodedata

from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from layers.i18n import localized


class SishiType(models.TextChoices):
    """四事四办: how a case is handled, by urgency and difficulty (DOMAIN.md)."""

    URGENT = "urgent", _("急事")
    DIFFICULT = "difficult", _("难事")
    WORRYING = "worrying", _("愁事")
    HOPED = "hoped", _("盼事")


class TimeBase(models.TextChoices):
    """How a time limit is counted; layers/services/deadlines.py implements each one."""

    NATURAL_HOURS = "natural_hours", _("自然小时")
    WORKING_HOURS = "working_hours", _("工作小时")
    WORKING_DAYS = "working_days", _("工作日")
    NATURAL_DAYS = "natural_days", _("自然日")


class Category(models.Model):
    """诉求分类, kept as data so the sub-district can change limits and routing without a release."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    # Shown in English mode (layers.i18n.localized); empty shows the Chinese name there too.
    name_en = models.CharField(_("英文名称"), max_length=64, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级分类")
    )
    default_sishi_type = models.CharField(
        _("默认四事四办类型"), max_length=16, choices=SishiType.choices, default=SishiType.DIFFICULT
    )
    time_limit_amount = models.PositiveIntegerField(_("办理时限"))
    time_limit_base = models.CharField(_("时限计算方式"), max_length=16, choices=TimeBase.choices)
    department = models.ForeignKey(
        "layers.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="categories",
        verbose_name=_("责任科室"),
    )
    # Related-case detection: same category within this distance and window (per category,
    # as FixMyStreet does: a pothole report 50 m away is the same pothole, a noise report is not).
    duplicate_radius_m = models.PositiveIntegerField(_("重复诉求半径(米)"), default=50)
    duplicate_window_days = models.PositiveIntegerField(_("重复诉求时间窗(天)"), default=7)

    class Meta:
        verbose_name = _("诉求分类")
        verbose_name_plural = pgettext_lazy("plural", "诉求分类")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def localized_name(self) -> str:
        return localized(self.name, self.name_en)


def mapping_key(name: str) -> str:
    """The comparable form of a category name: NFKC (full-width to half-width), no spaces, lower case."""
    return "".join(unicodedata.normalize("NFKC", name).split()).lower()


class CategoryMapping(models.Model):
    """12345分类映射: a category name the 12345 centre uses → our category; one row per name.

    The name is a leaf (房屋修缮) or a whole path (城乡建设>房屋修缮>漏雨); layers/services/category_match.py
    says how a sheet's 问题分类 finds its row. Edited in the admin; the sub-district adds the names its
    sheets bring, and re-classifies the cases that waited under 其他 (layers/services/reclassify.py).
    """

    name = models.CharField(_("12345分类名称"), max_length=200, unique=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="mappings", verbose_name=_("对应分类")
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("12345分类映射")
        verbose_name_plural = pgettext_lazy("plural", "12345分类映射")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} → {self.category}"

    def clean(self):
        # Matching compares normalised names, so two rows differing only in width or spaces would
        # compete for the same sheet value.
        key = mapping_key(self.name or "")
        if not key:
            raise ValidationError({"name": _("名称不能为空")})
        clash = next(
            (m for m in CategoryMapping.objects.exclude(pk=self.pk).only("name") if mapping_key(m.name) == key), None
        )
        if clash is not None:
            raise ValidationError({"name": _("与已有映射“%(name)s”相同（忽略全半角和空格）") % {"name": clash.name}})


class Holiday(models.Model):
    """One exception to the Monday-to-Friday week: a public holiday, or a 调休 make-up workday.

    China moves weekend days to lengthen holidays (a Saturday or Sunday becomes a workday), so a
    calendar of holidays alone is not enough: make-up workdays are stored too (is_workday).
    """

    date = models.DateField(_("日期"), unique=True)
    name = models.CharField(_("名称"), max_length=64, blank=True)
    is_workday = models.BooleanField(_("调休上班"), default=False)

    class Meta:
        verbose_name = _("节假日/调休")
        verbose_name_plural = pgettext_lazy("plural", "节假日/调休")
        ordering = ["date"]

    def __str__(self):
        workday = _("（调休上班）") if self.is_workday else ""
        return f"{self.date} {self.name}{workday}"
