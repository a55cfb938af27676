from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class SavedFilter(models.Model):
    """常用筛选: a search of the office case desk (/desk/) kept under a name, for its owner only.

    The search is kept as the query string the desk page itself uses, so applying a saved filter is
    opening /desk/?<query>; it is checked against the desk's parameters when saved
    (layers/services/desk_filters.py), and a parameter the desk later stops knowing is reported
    when the filter is applied, not silently dropped.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_filters", verbose_name=_("所有人")
    )
    name = models.CharField(_("名称"), max_length=64)
    query = models.TextField(_("查询条件"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("常用筛选")
        verbose_name_plural = _("常用筛选")
        ordering = ["owner", "name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="savedfilter_owner_name")]

    def __str__(self):
        return self.name
