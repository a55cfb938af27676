"""The demo layer files on the demo's calendar.

The committed housing_projects file carries the renovation works' dates as the story was written
(a year ending clock.REFERENCE_END). For another demo year load_demo imports a copy whose dates
moved by the story's shift, written to a scratch directory, through the same import core: the
database holds the works as the agency's file for that year would give them, and a second load on
the same demo year finds every estate unchanged.
"""

from pathlib import Path

import geopandas as gpd

from layers.demo.clock import Span
from layers.importers.rows import RowProblem, day

DATED = {"housing-projects": ("reno_start", "reno_end")}


def _moved(value, span: Span, name: str):
    # The importer's own date reading: any form it accepts moves; an empty one stays empty, and a
    # bad one stays as it is, for the importer to refuse with its row and field.
    try:
        found = day({name: value}, name)
    except RowProblem:
        return value
    return span.story(found).isoformat() if found is not None else value


def layer_path(directory: str | Path, layer: str, span: Span, scratch: str | Path) -> Path:
    """The file to import for `layer`: the committed one, or its copy with dates on the demo's calendar."""
    path = Path(directory) / f"{layer.replace('-', '_')}.shp"
    fields = DATED.get(layer)
    if fields is None or not span.shift or not path.exists():
        return path
    frame = gpd.read_file(path, engine="pyogrio")
    present = [name for name in fields if name in frame.columns]
    if not present:
        return path
    for name in present:
        frame[name] = [_moved(value, span, name) for value in frame[name]]
    copy = Path(scratch) / path.name
    frame.to_file(copy, driver="ESRI Shapefile", engine="pyogrio", encoding="UTF-8", layer_options={"RESIZE": "YES"})
    return copy
