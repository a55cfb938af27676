"""Hotspots of a level over a window: counts from SQL, weights from PostGIS, Gi* from hotspots.py."""

import json
from datetime import datetime

import numpy as np

from layers.analytics.aggregation import unit_counts
from layers.analytics.hotspots import CLASS_LABELS, gi_star
from layers.analytics.weights import distance_weights, queen_weights

WEIGHTS = ("queen", "distance")


def unit_weights(level_key: str, ids, weights: str = "queen", distance: float | None = None):
    """The weights matrix the API's `weights` and `distance` parameters name."""
    if weights == "queen":
        return queen_weights(level_key, ids)
    if weights == "distance":
        if distance is None:
            raise ValueError("weights=distance needs distance=<metres>")
        return distance_weights(level_key, ids, distance)
    raise ValueError(f"weights must be one of {', '.join(WEIGHTS)}, not {weights!r}")


def hotspot_rows(
    level_key: str,
    start: datetime,
    end: datetime,
    category: str | None = None,
    weights: str = "queen",
    distance: float | None = None,
    geometry: bool = False,
) -> list[dict]:
    """One row per unit of the level (code order): count, rate, gi_z, gi_p, gi_p_fdr, class, n_neighbours."""
    rows = unit_counts(level_key, start, end, category, geometry=geometry)
    if not rows:
        return []
    w = unit_weights(level_key, [r["id"] for r in rows], weights, distance)
    result = gi_star(np.array([r["count"] for r in rows], dtype=float), w)
    for i, r in enumerate(rows):
        r.update(
            gi_z=float(result.z[i]),
            gi_p=float(result.p[i]),
            gi_p_fdr=float(result.p_fdr[i]),
            **{"class": str(result.classes[i])},
            class_label=CLASS_LABELS[str(result.classes[i])],
            n_neighbours=int(result.n_neighbours[i]),
        )
    return rows


def feature_collection(rows: list[dict]) -> dict:
    """GeoJSON FeatureCollection of hotspot rows built with geometry=True (geometry parsed once)."""
    features = []
    for r in rows:
        properties = {k: v for k, v in r.items() if k not in ("geojson", "id")}
        features.append(
            {"type": "Feature", "id": r["code"], "geometry": json.loads(r["geojson"]), "properties": properties}
        )
    return {"type": "FeatureCollection", "features": features}
