"""folium map builders for the pages.

The service runs on closed government networks: the rendered map must not make one request to
anything but us. folium's defaults point at CDNs (Leaflet, jQuery, Bootstrap, Font Awesome,
awesome-markers) and at OpenStreetMap tiles, so OfflineMap loads only Leaflet, from our own
static files (npm's leaflet/dist, see STATICFILES_DIRS), and starts without tiles: our own
layers are the base map. Remote tiles are opt-in through settings.TILE_LAYERS.
"""

import logging
from dataclasses import dataclass, field

import folium
from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# DOMAIN.md anchor point of 五里店街道 (WGS84), as folium wants it: latitude first.
WULIDIAN_CENTER = (39.8595, 116.2533)
DEFAULT_ZOOM = 15
# Street level is enough for buildings; without a tile layer Leaflet would zoom without end.
MIN_ZOOM, MAX_ZOOM = 11, 19
# Quarter steps for fitting the sub-district (static/map_ui/start.js): on a phone a whole step is
# the difference between a sub-district that fills the screen and one a third of its width.
ZOOM_SNAP = 0.25

# 天地图 web-Mercator WMTS (the "_w" matrix set). CGCS2000 equals WGS84 at our precision, so
# our layers overlay these tiles without a shift. vec = streets, cva = their Chinese labels.
TIANDITU_URL = (
    "https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
    "&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}"
)
TIANDITU_SUBDOMAINS = "01234567"
# AMap (高德) street tiles, GCJ-02: the page shifts our WGS84 layers for display while it is the base.
AMAP_URL = "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}"
AMAP_SUBDOMAINS = "1234"


class OfflineMap(folium.Map):
    """A folium.Map whose page loads Leaflet from our static files and nothing else."""

    def __init__(self, location=WULIDIAN_CENTER, zoom_start=DEFAULT_ZOOM, **kwargs):
        kwargs.setdefault("tiles", None)
        super().__init__(location=location, zoom_start=zoom_start, **kwargs)
        # Instance attributes: folium's add_js_link() would otherwise edit the class-wide lists.
        self.default_js = [("leaflet", static("vendor/leaflet/leaflet.js"))]
        self.default_css = [("leaflet_css", static("vendor/leaflet/leaflet.css"))]
        self.options.update(min_zoom=MIN_ZOOM, max_zoom=MAX_ZOOM, zoom_snap=ZOOM_SNAP)


@dataclass
class TileLayerRef:
    """A tile layer added by folium, named for the page's layer control."""

    variable: str  # the JavaScript variable folium declares for it
    label_key: str  # names the layer in the layer control (layers/draw.js TILE_LAYER_NAMES)
    base: bool  # a base map (radio button) or an overlay (check box)
    display_crs: str = "wgs84"  # "gcj02": our layers are shifted while this base map shows


@dataclass
class RenderedMap:
    """The pieces of a folium figure, to place inside our own page template."""

    header: str
    html: str
    script: str
    map_variable: str
    tile_layers: list[TileLayerRef] = field(default_factory=list)


def tianditu_layers(key: str) -> list[tuple[folium.TileLayer, TileLayerRef]]:
    layers = []
    for layer, base in (("vec", True), ("cva", False)):
        tile_layer = folium.TileLayer(
            tiles=TIANDITU_URL.format(layer=layer, key=key),
            attr=_("天地图"),
            name=layer,
            subdomains=TIANDITU_SUBDOMAINS,
            overlay=not base,
            max_zoom=18,
        )
        layers.append((tile_layer, TileLayerRef(tile_layer.get_name(), f"tianditu_{layer}", base)))
    return layers


def amap_layer() -> tuple[folium.TileLayer, TileLayerRef]:
    tile_layer = folium.TileLayer(
        tiles=AMAP_URL, attr="高德地图 AutoNavi", name="amap", subdomains=AMAP_SUBDOMAINS, max_zoom=18
    )
    return tile_layer, TileLayerRef(tile_layer.get_name(), "amap", True, display_crs="gcj02")


def configured_tile_layers(names, tianditu_key: str) -> list[tuple[folium.TileLayer, TileLayerRef]]:
    """Tile layers asked for in settings.TILE_LAYERS that can be served; others are logged and skipped."""
    layers = []
    for name in names:
        if name == "tianditu" and tianditu_key:
            layers.extend(tianditu_layers(tianditu_key))
        elif name == "tianditu":
            logger.warning("TILE_LAYERS asks for tianditu but TIANDITU_KEY is empty; no tiles added.")
        elif name == "amap":
            # GCJ-02 tiles (~500 m off WGS84 in Beijing): the page shifts our layers while AMap shows.
            layers.append(amap_layer())
        else:
            logger.warning("Unknown tile layer %r in TILE_LAYERS; ignored.", name)
    return layers


def build_map(tile_layers=None, tianditu_key=None) -> tuple[OfflineMap, list[TileLayerRef]]:
    """The overview map of the sub-district, with the tile layers settings allow."""
    names = settings.TILE_LAYERS if tile_layers is None else tile_layers
    key = settings.TIANDITU_KEY if tianditu_key is None else tianditu_key
    fmap = OfflineMap()
    refs = []
    for tile_layer, ref in configured_tile_layers(names, key):
        tile_layer.add_to(fmap)
        refs.append(ref)
    return fmap, refs


def render_map(fmap: OfflineMap, tile_layers: list[TileLayerRef]) -> RenderedMap:
    root = fmap.get_root()
    # Rendering the figure fills its header, html and script parts; each is then taken alone.
    root.render()
    return RenderedMap(
        header=root.header.render(),
        html=root.html.render(),
        script=root.script.render(),
        map_variable=fmap.get_name(),
        tile_layers=tile_layers,
    )
