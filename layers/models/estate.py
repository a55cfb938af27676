from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OwnerUnit(models.Model):
    """产权单位: the unit that owns housing (a ministry, an enterprise, a military unit ...)."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("机关事业单位")
        ENTERPRISE = "enterprise", _("企业")
        MILITARY = "military", _("部队/军产")
        HOUSING_AUTHORITY = "housing_authority", _("房管部门")
        PRIVATE = "private", _("个人/私产")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=128, unique=True)
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    contact = models.CharField(_("联络人/电话"), max_length=128, blank=True)
    # The staff account that takes cases routed to this owner (layers/services/routing.py).
    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owner_units",
        verbose_name=_("接件联络人"),
    )

    class Meta:
        verbose_name = _("产权单位")
        verbose_name_plural = pgettext_lazy("plural", "产权单位")
        ordering = ["name"]

    def __str__(self):
        return self.name


class HousingProject(models.Model):
    """住宅项目 (estate / 小区 / 院): the unit of ownership and property management."""

    class Ownership(models.TextChoices):
        SINGLE = "single", _("单一产权")
        MULTI = "multi", _("多产权")
        PRIVATE = "private", _("私产")

    class HousingType(models.TextChoices):
        RESETTLEMENT = "安置房", _("安置房")
        RETURN = "回迁房", _("回迁房")
        WELFARE = "福利房", _("福利房")
        COMMERCIAL = "商品房", _("商品房")
        BUNGALOW = "平房区", _("平房区")

    class Renovation(models.TextChoices):
        NONE = "none", _("未纳入")
        PLANNED = "planned", _("已纳入改造")
        IN_PROGRESS = "in_progress", _("改造中")
        DONE = "done", _("已完成")

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    name_is_placeholder = models.BooleanField(_("名称为占位"), default=False)
    # Other names residents use (e.g. "45号院" for 丰西路45号院); the geocoder matches them.
    aliases = ArrayField(models.CharField(max_length=128), default=list, blank=True, verbose_name=_("别名"))
    address = models.CharField(_("地址"), max_length=256, blank=True)
    community = models.ForeignKey(
        "layers.Community", on_delete=models.PROTECT, related_name="housing_projects", verbose_name=_("社区")
    )
    ownership = models.CharField(_("产权类型"), max_length=16, choices=Ownership.choices)
    owner_units = models.ManyToManyField(
        OwnerUnit, blank=True, related_name="housing_projects", verbose_name=_("产权单位")
    )
    # Estates mix kinds (e.g. 回迁房 beside 商品房), so this is a set, not one value.
    housing_types = ArrayField(
        models.CharField(max_length=8, choices=HousingType.choices),
        default=list,
        blank=True,
        verbose_name=_("房屋类型"),
    )
    build_year = models.PositiveSmallIntegerField(_("建成年份"), null=True, blank=True)
    households = models.PositiveIntegerField(_("户数"), default=0)
    # Empty means no property company does the job (管理缺位).
    property_company = models.CharField(_("物业服务企业"), max_length=128, blank=True)
    is_old_estate = models.BooleanField(_("老旧小区"), default=False)
    renovation = models.CharField(_("综合整治"), max_length=16, choices=Renovation.choices, default=Renovation.NONE)
    # The works' dates split complaint evidence into before and after (planning, before/after tests).
    renovation_start = models.DateField(_("改造开工日期"), null=True, blank=True)
    renovation_end = models.DateField(_("改造完工日期"), null=True, blank=True)
    is_military_property = models.BooleanField(_("军产"), default=False)
    geom = models.MultiPolygonField(_("范围"), srid=4326)

    class Meta:
        verbose_name = _("住宅项目")
        verbose_name_plural = pgettext_lazy("plural", "住宅项目")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def has_property_management(self):
        return bool(self.property_company)
