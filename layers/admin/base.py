"""Admin building blocks: an offline GIS admin, and read-only admins for what services write."""

from django.contrib.gis.admin import GISModelAdmin
from django.contrib.gis.db.models import GeometryField
from django.utils.translation import gettext_lazy as _

from .widgets import OfflineMapWidget

GEOMETRY_HELP = _("几何只读：请用 import_layer 导入（校验拓扑后一次写入），再运行 check_layers。")


class GeoAdmin(GISModelAdmin):
    """GIS admin on an offline map. Geometry is shown, not edited: a boundary typed into a form
    would skip the topology checks of import_layer and leave the complaints assigned to the old
    shapes."""

    gis_widget = OfflineMapWidget
    show_full_result_count = False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, GeometryField) and field is not None:
            field.disabled = True
            field.help_text = GEOMETRY_HELP
        return field


class ReadOnlyMixin:
    """For rows only services write (cases, their events, links, photos, summonses): staff look,
    the service functions change. The event log in particular is append-only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
