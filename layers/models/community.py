from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Community(models.Model):
    """社区 (residents' committee area). Communities merge over time: never assume 16."""

    # District (6) + street (3) + community (3): the first 12 digits of its grid-cell codes.
    code = models.CharField(_("编码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    # Names invented for the demo are flagged so nobody mistakes them for the real ones.
    name_is_placeholder = models.BooleanField(_("名称为占位"), default=False)
    households = models.PositiveIntegerField(_("户数"), default=0)
    residents = models.PositiveIntegerField(_("户籍/常住人口"), default=0)
    floating_population = models.PositiveIntegerField(_("流动人口"), default=0)
    subdistrict = models.ForeignKey(
        "layers.Subdistrict", on_delete=models.PROTECT, related_name="communities", verbose_name=_("街道")
    )
    # 四包: each community is 包 by one department (科室).
    department = models.ForeignKey(
        "layers.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communities",
        verbose_name=_("包片科室"),
    )
    geom = models.MultiPolygonField(_("边界"), srid=4326)

    class Meta:
        verbose_name = _("社区")
        verbose_name_plural = pgettext_lazy("plural", "社区")
        ordering = ["code"]

    def __str__(self):
        return self.name
