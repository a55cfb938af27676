"""/exports/: the district agencies' page (and every role that may export): each layer in each file
format and coordinate system, the feeds' addresses (OGC API – Features, Open311, vector tiles) and how
to connect QGIS and GDAL to them.

The page computes nothing: each download is a plain GET form on /api/export/ (layers/api/export/),
so the browser saves the file itself and a bad choice comes back as the API's own 400 message.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from layers.exporters import FORMATS, LAYERS, OUTPUT_CRS
from layers.i18n import localized
from layers.models import Category, Complaint
from layers.permissions import may_export
from map_ui.account import user_summary

# (short name for the menu, what it is for)
FORMAT_LABELS = {
    "gpkg": ("GeoPackage", gettext_lazy("推荐：一个文件，QGIS 直接打开，中文字段名和内容完整")),
    "shp": ("Shapefile (.zip)", gettext_lazy("含 .prj 和 UTF-8 .cpg；字段名不超过10字节（对照表见 README）")),
    "geojson": ("GeoJSON", gettext_lazy("网页和脚本常用")),
    "kml": ("KML", gettext_lazy("Google Earth、奥维地图；只有 WGS84")),
    "csv": ("CSV (WKT)", gettext_lazy("几何为 WKT 文本列，UTF-8 带 BOM，Excel 可直接打开")),
    "fgb": ("FlatGeobuf", gettext_lazy("大图层读取最快")),
}
CRS_LABELS = {
    "4326": ("WGS84 · EPSG:4326", gettext_lazy("GPS、手机；存储坐标系")),
    "4490": ("CGCS2000 · EPSG:4490", gettext_lazy("国家和北京市部门数据、天地图")),
    "4548": ("CGCS2000 GK 117°E · EPSG:4548", gettext_lazy("3度带高斯-克吕格投影，单位米：测绘与规划数据")),
    "gcj02": ("GCJ-02", gettext_lazy("高德、腾讯底图的坐标；文件标注为 WGS84")),
}


def _counts() -> dict:
    """Rows each layer exports, in one statement (what a file of the whole layer will hold)."""
    selects = [f"(SELECT count(*) FROM {layer.from_sql} WHERE {layer.where})" for layer in LAYERS.values()]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selects))
        return dict(zip(LAYERS, cursor.fetchone(), strict=True))


def _layers() -> list[dict]:
    counts = _counts()
    return [
        {"key": key, "title": localized(layer.title, layer.title_en), "count": counts[key], "fields": layer.fields}
        for key, layer in LAYERS.items()
    ]


def _feeds(request) -> dict:
    absolute = request.build_absolute_uri
    return {
        "ogc": absolute(reverse("ogc-landing")),
        "ogc_collections": absolute(reverse("ogc-collections")),
        "open311": absolute(reverse("open311-discovery", args=["json"])),
        "open311_services": absolute(reverse("open311-services", args=["json"])),
        "tiles": absolute("/tiles/") + "{complaints|grid-cells|housing-projects}/{z}/{x}/{y}.pbf",
        "geojson": absolute(reverse("export-geojson", args=["communities"])),
        "api": absolute("/api/"),
        "export": absolute(reverse("export")),
    }


@login_required
@require_GET
def exports_page(request):
    if not may_export(request.user):
        raise PermissionDenied(_("导出与数据服务仅限区级部门、街道领导、规划人员和管理员"))
    categories = Category.objects.filter(parent__isnull=True).order_by("code").values_list("code", "name", "name_en")
    context = {
        "user_summary": user_summary(request.user),
        "layers": _layers(),
        "formats": [(key, *FORMAT_LABELS.get(key, (key, ""))) for key in FORMATS],
        "crs_choices": [(key, *CRS_LABELS.get(key, (key, ""))) for key in OUTPUT_CRS],
        "categories": [(code, localized(name, name_en)) for code, name, name_en in categories],
        "statuses": list(Complaint.Status.choices),
        "feeds": _feeds(request),
        "dashboard_url": reverse("map_ui:dashboard"),
    }
    return render(request, "map_ui/exports.html", context)


urlpatterns = [path("", exports_page, name="exports")]
