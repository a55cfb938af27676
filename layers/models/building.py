from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Building(models.Model):
    """楼栋. One building can belong to several owner units (同一楼栋分属不同产权单位)."""

    code = models.CharField(_("编码"), max_length=40, unique=True)
    estate = models.ForeignKey(
        "layers.HousingProject", on_delete=models.PROTECT, related_name="buildings", verbose_name=_("住宅项目")
    )
    number = models.CharField(_("楼号"), max_length=16)
    owner_units = models.ManyToManyField(
        "layers.OwnerUnit", blank=True, related_name="buildings", verbose_name=_("产权单位")
    )
    households = models.PositiveIntegerField(_("户数"), default=0)
    # 四包: a community cadre is responsible for a set of buildings.
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="buildings",
        verbose_name=_("包楼干部"),
    )
    geom = models.MultiPolygonField(_("轮廓"), srid=4326)

    class Meta:
        verbose_name = _("楼栋")
        verbose_name_plural = pgettext_lazy("plural", "楼栋")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["estate", "number"], name="building_number_unique_in_estate")]

    def __str__(self):
        return f"{self.estate.name}{self.number}号楼"
