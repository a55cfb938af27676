from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Subdistrict(models.Model):
    """街道: the outer boundary every other layer must fall inside."""

    # GB/T 2260 district (6) + street (3), e.g. 110106xxx for a Fengtai street.
    code = models.CharField(_("编码"), max_length=9, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    geom = models.MultiPolygonField(_("边界"), srid=4326)

    class Meta:
        verbose_name = _("街道")
        verbose_name_plural = pgettext_lazy("plural", "街道")
        ordering = ["code"]

    def __str__(self):
        return self.name
