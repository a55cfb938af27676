from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MilitaryZone(models.Model):
    """涉军单位 / 军产: about a third of Wulidian. Cases inside go to the 驻区部队 liaison."""

    class Kind(models.TextChoices):
        UNIT = "unit", _("涉军单位")
        PROPERTY = "property", _("军产小区")

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    name_is_placeholder = models.BooleanField(_("名称为占位"), default=False)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    # The 驻区部队 liaison who takes the cases located in this zone.
    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="military_zones",
        verbose_name=_("驻区部队联络人"),
    )
    geom = models.MultiPolygonField(_("范围"), srid=4326)

    class Meta:
        verbose_name = _("涉军单位/军产")
        verbose_name_plural = pgettext_lazy("plural", "涉军单位/军产")
        ordering = ["code"]

    def __str__(self):
        return self.name
