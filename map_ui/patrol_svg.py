"""A small printable map of one worker's patrol, as inline SVG: their cells, the walk and the numbered
stops, true to scale in EPSG:4548 metres. No tiles and no script, so it prints and works offline."""

import re
from html import escape

from layers.planning.patrols import WorkerPlan

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
COLOURS = {"cell": "#b2182b", "estate": "#7a4b00"}


def _path_extent(paths: list[str]) -> list[tuple[float, float]]:
    # Absolute path data from ST_AsSVG: numbers alternate x, y (y already negated).
    points = []
    for path in paths:
        numbers = [float(n) for n in _NUMBER.findall(path)]
        points.extend(zip(numbers[0::2], numbers[1::2], strict=False))
    return points


def _view_box(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 200.0)
    pad = span * 0.06
    return min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad


def patrol_svg(plan: WorkerPlan, cell_paths: list[str], title: str, width_px: int = 320) -> str:
    """SVG of the plan: cells (outlines), the closed walk (line), start (square), stops (numbered)."""
    start = (plan.start_xy[0], -plan.start_xy[1])
    stops = [(s.x, -s.y) for s in plan.stops]
    box = _view_box(_path_extent(cell_paths) + [start, *stops])
    unit = box[2] / 60  # marker size: a sixtieth of the map's width, whatever its scale
    height_px = round(width_px * box[3] / box[2])
    parts = [
        f'<svg class="patrol-map" role="img" width="{width_px}" height="{height_px}"'
        f' viewBox="{box[0]:.1f} {box[1]:.1f} {box[2]:.1f} {box[3]:.1f}"><title>{escape(title)}</title>'
    ]
    parts.extend(
        f'<path class="cell" d="{p}" fill="#eef2f7" stroke="#1f3a5f" stroke-width="1"'
        ' vector-effect="non-scaling-stroke"/>'
        for p in cell_paths
    )
    if stops:
        walk = " ".join(f"{x:.1f},{y:.1f}" for x, y in [start, *stops, start])
        parts.append(
            f'<polyline class="route" points="{walk}" fill="none" stroke="#1f3a5f" stroke-width="2.5"'
            ' stroke-dasharray="6 3" vector-effect="non-scaling-stroke"/>'
        )
    parts.append(
        f'<rect class="start" x="{start[0] - unit:.1f}" y="{start[1] - unit:.1f}" width="{2 * unit:.1f}"'
        f' height="{2 * unit:.1f}" fill="#1f3a5f"/>'
    )
    for order, (stop, (x, y)) in enumerate(zip(plan.stops, stops, strict=True), start=1):
        parts.append(
            f'<g class="stop"><circle cx="{x:.1f}" cy="{y:.1f}" r="{1.6 * unit:.1f}" fill="{COLOURS[stop.kind]}"/>'
            f'<text x="{x:.1f}" y="{y + 0.6 * unit:.1f}" font-size="{1.8 * unit:.1f}" text-anchor="middle"'
            f' fill="#fff">{order}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
