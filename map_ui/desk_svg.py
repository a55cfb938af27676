"""The printable case sheet's location map, as inline SVG: the grid cell, the estate and the point,
true to scale in EPSG:4548 metres (the metric CRS, layers/crs.py). No tiles and no script, so it
prints on any printer and needs no network."""

from html import escape

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

# The patrol sheet's helpers read ST_AsSVG's absolute path data the same way.
from map_ui.patrol_svg import _path_extent, _view_box

_SQL = """
SELECT ST_AsSVG(ST_Transform(g.geom, %(srid)s), 0, 1), ST_AsSVG(ST_Transform(h.geom, %(srid)s), 0, 1),
       ST_X(ST_Transform(c.location, %(srid)s)), -ST_Y(ST_Transform(c.location, %(srid)s))
FROM layers_complaint c
LEFT JOIN layers_gridcell g ON g.id = c.grid_cell_id
LEFT JOIN layers_housingproject h ON h.id = c.housing_project_id
WHERE c.id = %(case)s
"""


def case_svg(case, width_px: int = 300) -> str:
    """SVG of the case's place; "" when the case has no location."""
    with connection.cursor() as cursor:
        cursor.execute(_SQL, {"srid": settings.METRIC_SRID, "case": case.pk})
        cell, estate, x, y = cursor.fetchone()
    if x is None:
        return ""
    paths = [p for p in (cell, estate) if p]
    box = _view_box(_path_extent(paths) + [(x, y)])
    unit = box[2] / 40
    height_px = round(width_px * box[3] / box[2])
    title = _("诉求位置：网格与小区范围")
    parts = [
        f'<svg class="case-map" role="img" width="{width_px}" height="{height_px}"'
        f' viewBox="{box[0]:.1f} {box[1]:.1f} {box[2]:.1f} {box[3]:.1f}"><title>{escape(title)}</title>'
    ]
    if cell:
        parts.append(
            f'<path class="cell" d="{cell}" fill="#eef2f7" stroke="#1f3a5f" stroke-width="1.5"'
            ' vector-effect="non-scaling-stroke"/>'
        )
    if estate:
        parts.append(
            f'<path class="estate" d="{estate}" fill="none" stroke="#7a4b00" stroke-width="1.5"'
            ' stroke-dasharray="5 3" vector-effect="non-scaling-stroke"/>'
        )
    parts.append(f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="{unit:.1f}" fill="#b2182b" stroke="#fff"/>')
    parts.append("</svg>")
    return "".join(parts)
