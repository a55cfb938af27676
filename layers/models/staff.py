from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from layers.i18n import localized


class Role(models.TextChoices):
    LEADER = "leader", _("街道领导")
    DEPARTMENT = "department", _("科室人员")
    CADRE = "cadre", _("社区干部")
    GRID_WORKER = "grid_worker", _("网格员")
    PLANNER = "planner", _("规划人员")
    AGENCY = "agency", _("区级部门(只读导出)")
    ADMIN = "admin", _("系统管理员")


class Department(models.Model):
    """街道科室 (e.g. 城市管理办公室). 四包: each department takes a set of communities."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64, unique=True)
    # Shown in English mode (layers.i18n.localized); empty shows the Chinese name there too.
    name_en = models.CharField(_("英文名称"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("科室")
        verbose_name_plural = pgettext_lazy("plural", "科室")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def localized_name(self) -> str:
        return localized(self.name, self.name_en)


class Area(models.Model):
    """片区: a set of communities a sub-district leader is responsible for (四包: 领导包片)."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="areas",
        verbose_name=_("包片领导"),
    )
    communities = models.ManyToManyField("layers.Community", related_name="areas", verbose_name=_("社区"))

    class Meta:
        verbose_name = _("片区")
        verbose_name_plural = pgettext_lazy("plural", "片区")
        ordering = ["code"]

    def __str__(self):
        return self.name


class StaffProfile(models.Model):
    """A user's role and unit. Scoping of every queryset starts from here (layers/permissions.py)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    display_name = models.CharField(_("姓名"), max_length=64, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="staff", verbose_name=_("科室")
    )
    # Community cadres and grid workers belong to one community.
    community = models.ForeignKey(
        "layers.Community",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("社区"),
    )

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = pgettext_lazy("plural", "工作人员")

    def __str__(self):
        return f"{self.display_name or self.user.get_username()} ({self.get_role_display()})"


def person_name(user) -> str:
    """How a staff member is named in reasons and lists: display name, else the login name."""
    if user is None:
        return "（未指定）"
    profile = getattr(user, "staff", None)
    return (profile.display_name if profile else "") or user.get_username()
