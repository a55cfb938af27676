"""The renovation ranking as GeoJSON, a GeoPackage (layers estates, packages) and (renovation_workbook.py)
an xlsx workbook (sheets 评分, 成片包, 改造前后), from the records of layers.selectors.planning.estate_records.

/api/planning/estates/ (GeoJSON), its export (a selection as gpkg or xlsx) and `plan_renovation`
(gpkg + xlsx with packages and before/after) all render those records here, so they cannot
disagree. GeoPackage goes through GDAL (pyogrio) with the driver and media type of
layers.exporters, written beside the target and moved into place, so a failure never leaves a
half-written file.
"""

import json
import os
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import geopandas as gpd
import shapely

from layers.exporters.renovation_workbook import OWNERSHIP_LABELS, RENOVATION_LABELS, workbook, write_xlsx
from layers.exporters.writers import get_format
from layers.planning.scoring import COMPONENT_LABELS
from layers.planning.types import Package

GPKG = get_format("gpkg")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _json_ready(value):
    return value.isoformat() if isinstance(value, date) else value


def feature_collection(records: Sequence[dict], start: date, end: date) -> dict:
    features = [
        {
            "type": "Feature",
            "id": r["code"],
            "geometry": json.loads(r["geometry"]),
            "properties": {
                **{k: _json_ready(v) for k, v in r.items() if k != "geometry"},
                "ownership_label": OWNERSHIP_LABELS.get(r["ownership"], r["ownership"]),
                "renovation_label": RENOVATION_LABELS.get(r["renovation"], r["renovation"]),
            },
        }
        for r in records
    ]
    return {
        "type": "FeatureCollection",
        "start": start.isoformat(),
        "end": end.isoformat(),
        "component_labels": COMPONENT_LABELS,
        "features": features,
    }


def _with_labels(flat: dict) -> dict:
    """The record with ownership_label after ownership and renovation_label after renovation."""
    labelled = {}
    for key, value in flat.items():
        labelled[key] = value
        if key == "ownership":
            labelled["ownership_label"] = OWNERSHIP_LABELS.get(value, value)
        elif key == "renovation":
            labelled["renovation_label"] = RENOVATION_LABELS.get(value, value)
    return labelled


def _estate_frame(records: Sequence[dict]) -> gpd.GeoDataFrame:
    rows = []
    for r in records:
        flat = {k: v for k, v in r.items() if k not in ("components", "geometry")}
        flat["renovation_start"] = _json_ready(flat["renovation_start"]) or ""
        flat["renovation_end"] = _json_ready(flat["renovation_end"]) or ""
        # QGIS shows the words beside the codes, as the xlsx does (the layer exports' *_label columns).
        flat = _with_labels(flat)
        flat.update({f"c_{name}": value for name, value in r["components"].items()})
        rows.append(flat)
    geometry = [shapely.from_geojson(r["geometry"]) for r in records]
    return gpd.GeoDataFrame(rows, geometry=geometry, crs=4326)


def _package_frame(packages: Sequence[Package], records: Sequence[dict]) -> gpd.GeoDataFrame:
    by_code = {r["code"]: r for r in records}
    rows, geometry = [], []
    for p in packages:
        members = [by_code[c] for c in p.estate_codes if c in by_code]
        rows.append(
            {
                "rank": p.rank,
                "estate_codes": ";".join(p.estate_codes),
                "estate_names": ";".join(m["name"] for m in members),
                "estates": len(p.estate_codes),
                "households": p.households,
                "infra_count": p.infra_count,
                "infra_share": round(p.infra_share, 4),
                "score": round(p.score, 4),
            }
        )
        geometry.append(shapely.union_all([shapely.from_geojson(m["geometry"]) for m in members]))
    return gpd.GeoDataFrame(rows, geometry=geometry, crs=4326)


def write_gpkg(path: Path, records: Sequence[dict], packages: Sequence[Package] | None = None) -> Path:
    """Layer "estates" (every record, components as c_<name>) and, when given, layer "packages"."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".renovation-") as tmp:
        written = Path(tmp) / path.name
        # GeoPackage 1.2: the GDAL 3.6 of Debian (ogrinfo, QGIS on agency desktops) warns on 1.4.
        options = {"driver": GPKG.driver, "engine": "pyogrio", "dataset_options": {"VERSION": "1.2"}}
        _estate_frame(records).to_file(written, layer="estates", **options)
        if packages is not None:
            _package_frame(packages, records).to_file(written, layer="packages", promote_to_multi=True, **options)
        os.replace(written, path)
    return path


__all__ = ["GPKG", "XLSX_MEDIA_TYPE", "feature_collection", "workbook", "write_gpkg", "write_xlsx"]
