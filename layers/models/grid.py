from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# DB11/T 2157-2023: district (6, GB/T 2260) + street (3) + community (3) + sequence (3).
GRID_CODE_REGEX = r"^\d{15}$"


class GridCell(models.Model):
    """单元网格 (~10,000 m²). Never crosses its community's boundary (check_layers enforces it)."""

    code = models.CharField(_("网格编码"), max_length=15, unique=True)
    community = models.ForeignKey(
        "layers.Community", on_delete=models.PROTECT, related_name="grid_cells", verbose_name=_("社区")
    )
    responsible_party = models.CharField(_("责任主体"), max_length=128, blank=True)
    # 四包: grid workers are responsible for their cells (and the households in them).
    grid_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grid_cells",
        verbose_name=_("网格员"),
    )
    geom = models.MultiPolygonField(_("范围"), srid=4326)

    class Meta:
        verbose_name = _("网格")
        verbose_name_plural = pgettext_lazy("plural", "网格")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=GRID_CODE_REGEX), name="grid_code_15_digits"),
        ]

    def __str__(self):
        return self.code
