"""A static map for the printed report: inline SVG drawn from our own geometries, no tiles.

PostGIS writes the path data (ST_AsSVG, in EPSG:4548 metres, so the map is true to scale and not
stretched by latitude); we add the frame, colours and a legend. Inline in HTML5, so no namespace
declaration is needed: no external URL, no JavaScript, and the page prints and works offline.
"""

from html import escape

from django.conf import settings
from django.db import connection

from layers.analytics.hotspots import CLASS_LABELS
from layers.analytics.levels import level

# ColorBrewer RdBu (diverging): hot red, cold blue, neutral near-white.
COLOURS = {
    "hot_99": "#b2182b",
    "hot_95": "#ef8a62",
    "hot_90": "#fddbc7",
    "none": "#f7f7f7",
    "cold_90": "#d1e5f0",
    "cold_95": "#67a9cf",
    "cold_99": "#2166ac",
}
_PATHS = """
SELECT code, ST_AsSVG(ST_Transform(geom, {srid}), 0, 1) FROM {table} {where} ORDER BY code
"""
_EXTENT = """
SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
FROM (SELECT ST_Extent(ST_Transform(geom, {srid})) AS e FROM {table}) t
"""


def _query(sql: str, table: str, codes: list[str] | None = None):
    where = "" if codes is None else "WHERE code = ANY(%s)"
    with connection.cursor() as cursor:
        cursor.execute(
            sql.format(srid=settings.METRIC_SRID, table=table, where=where), [] if codes is None else [codes]
        )
        return cursor.fetchall()


def _legend(x: float, y: float, size: float) -> list[str]:
    parts = []
    for i, (key, colour) in enumerate(COLOURS.items()):
        top = y + i * size * 1.4
        parts.append(
            f'<rect x="{x:.1f}" y="{top:.1f}" width="{size:.1f}" height="{size:.1f}" fill="{colour}" stroke="#555"'
            ' vector-effect="non-scaling-stroke"/>'
        )
        label = escape(str(CLASS_LABELS[key]))
        parts.append(
            f'<text x="{x + size * 1.5:.1f}" y="{top + size * 0.85:.1f}" font-size="{size:.1f}">{label}</text>'
        )
    return parts


def hotspot_svg(level_key: str, classes: dict[str, str], title: str = "", width_px: int = 640) -> str:
    """SVG of a level's significant units coloured by Gi* class (classes: code -> class) over the
    communities, community borders on top."""
    lv = level(level_key)
    extent = _query(_EXTENT, lv.table)[0]
    if extent[0] is None:
        return ""
    xmin, ymin, xmax, ymax = extent
    span = max(xmax - xmin, ymax - ymin)
    pad = span * 0.02
    legend_width = span * 0.32
    view = (xmin - pad, -ymax - pad, xmax - xmin + 2 * pad + legend_width, ymax - ymin + 2 * pad)
    height_px = round(width_px * view[3] / view[2])
    parts = [
        f'<svg role="img" width="{width_px}" height="{height_px}"'
        f' viewBox="{view[0]:.1f} {view[1]:.1f} {view[2]:.1f} {view[3]:.1f}">',
        f"<title>{escape(title)}</title>",
    ]
    community = level("communities")
    # Communities are the neutral background; only significant units are drawn over them, which
    # keeps a district of 25,000 cells to a few hundred paths.
    outlines = [path for _code, path in _query(_PATHS, community.table)]
    for path in outlines:
        parts.append(f'<path d="{path}" fill="{COLOURS["none"]}" stroke="none"/>')
    significant = sorted(code for code, cls in classes.items() if cls != "none")
    for code, path in _query(_PATHS, lv.table, significant):
        parts.append(
            f'<path d="{path}" fill="{COLOURS.get(classes[code], COLOURS["none"])}" stroke="#999" stroke-width="0.5"'
            f' vector-effect="non-scaling-stroke"><title>{escape(code)}</title></path>'
        )
    for path in outlines:
        parts.append(
            f'<path d="{path}" fill="none" stroke="#333" stroke-width="1.2" vector-effect="non-scaling-stroke"/>'
        )
    parts.extend(_legend(xmax + pad * 2, -ymax + pad, span * 0.03))
    parts.append("</svg>")
    return "".join(parts)
