"""Patrol plans as files: patrols.gpkg (layers routes and stops, EPSG:4326) and patrols.xlsx.

Both are built from patrol_geojson's shapes, so the files say exactly what the API says. GeoPackage
text is UTF-8, so Chinese names travel intact; the xlsx has one table of stops (walking order,
dropped stops last, without an order) and a summary sheet per worker.
"""

from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
from openpyxl import Workbook
from shapely.geometry import shape

from layers.exporters.xlsx_style import INTEGER, finish_sheet
from layers.planning.patrol_geojson import TABLE_COLUMNS, route_feature, stop_features, table_rows
from layers.planning.patrols import WorkerPlan

ROUTE_COLUMNS = ("worker", "worker_name", "community", "date", "length_m", "minutes", "stops", "dropped")
STOP_COLUMNS = ("worker", "order", "stop_kind", "code", "name", "reason", "visits_per_week")
SUMMARY_COLUMNS = (
    ("worker", "网格员账号 / worker"),
    ("worker_name", "网格员 / worker name"),
    ("community", "社区 / community"),
    ("stops", "站点数 / stops"),
    ("dropped", "超时未排 / dropped"),
    ("length_m", "步行距离(米) / walk (m)"),
    ("minutes", "用时(分钟) / minutes"),
)


def _frame(features: list[dict], columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    data = {c: [f["properties"][c] for f in features] for c in columns}
    geometry = [shape(f["geometry"]) if f["geometry"] else None for f in features]
    return gpd.GeoDataFrame(pd.DataFrame(data, columns=list(columns)), geometry=geometry, crs="EPSG:4326")


def write_gpkg(plans: Sequence[WorkerPlan], path: Path) -> None:
    """Layers routes (one LineString per worker) and stops (Points in walking order)."""
    routes = []
    for plan in plans:
        feature = route_feature(plan)
        dropped = feature["properties"]["dropped"]
        feature["properties"]["dropped"] = "；".join(f"{d['code']} {d['name']}" for d in dropped)
        routes.append(feature)
    stops = [f for plan in plans for f in stop_features(plan)]
    if path.exists():
        path.unlink()
    # geometry_type stated: a day with no stops anywhere still writes valid, typed (empty) layers.
    pyogrio.write_dataframe(_frame(routes, ROUTE_COLUMNS), path, layer="routes", geometry_type="LineString")
    pyogrio.write_dataframe(_frame(stops, STOP_COLUMNS), path, layer="stops", geometry_type="Point", append=True)


# Number formats by column key; the others are text.
FORMATS = {"order": INTEGER, "visits_per_week": INTEGER, "stops": INTEGER, "dropped": INTEGER}
FORMATS |= {"length_m": INTEGER, "minutes": INTEGER}


def _sheet(sheet, columns, rows: list[dict]) -> None:
    sheet.append([label for _key, label in columns])
    for row in rows:
        sheet.append([row.get(key) for key, _label in columns])
    finish_sheet(sheet, [FORMATS.get(key) for key, _label in columns])


def workbook_bytes(plans: Sequence[WorkerPlan]) -> bytes:
    """patrols.xlsx: sheet 巡查站点 (one row per stop) and sheet 汇总 (one row per worker)."""
    book = Workbook()
    stops = book.active
    stops.title = "巡查站点 Stops"
    _sheet(stops, TABLE_COLUMNS, table_rows(plans))
    summary = [
        {
            "worker": p.worker,
            "worker_name": p.worker_name,
            "community": p.community_name,
            "stops": len(p.stops),
            "dropped": len(p.dropped),
            "length_m": p.length_m,
            "minutes": p.minutes,
        }
        for p in plans
    ]
    _sheet(book.create_sheet("汇总 Summary"), SUMMARY_COLUMNS, summary)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
