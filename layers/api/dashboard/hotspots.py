"""Gi* hotspots for the dashboard's filter: counts from the filtered, scoped complaints, the maths and
weights from layers/analytics. Only significant units carry a geometry (5 decimals, ~1 m), so a district's 26,000 grid
cells do not travel to the browser to draw a few hundred coloured ones."""

import hashlib
import json

import numpy as np
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db.models import Count

from layers.analytics.hotspot_map import unit_weights
from layers.analytics.hotspots import CLASS_LABELS, NONE, gi_star
from layers.analytics.levels import level
from layers.api.dashboard.cache import Memo, tables_version
from layers.api.dashboard.selection import filtered, grid_cells_for
from layers.api.dashboard.window import window_counts

HOTSPOT_LEVELS = ("grid-cells", "housing-projects")


def _units(user, level_key: str):
    lv = level(level_key)
    units = grid_cells_for(user) if level_key == "grid-cells" else lv.model.objects.all()
    return lv, list(units.order_by("code").values_list("id", "code"))


# Queen weights per (level, unit ids, table version): analytics checks its disk cache against an md5
# of every geometry (40-120 ms on 26,624 cells) on each call; the table's version costs ~25 ms.
_WEIGHTS = Memo(size=8)


def _weights(lv, level_key: str, ids: list):
    digest = hashlib.sha256(np.asarray(ids, dtype=np.int64).tobytes()).hexdigest()
    key = f"{level_key}:{digest}:{tables_version([lv.table])}"
    return _WEIGHTS.get(key, lambda: unit_weights(level_key, ids))


def hotspots(user, q: dict, level_key: str) -> dict:
    """GeoJSON of the significant units (class hot_*/cold_* after FDR), with totals per class."""
    lv, units = _units(user, level_key)
    classes_count = {label: 0 for label in CLASS_LABELS}
    if not units:
        return {"type": "FeatureCollection", "level": level_key, "units": 0, "classes": classes_count, "features": []}
    ids = [unit_id for unit_id, _ in units]
    # The weights first: they do not depend on the counts, and the window pass below may be under way
    # in another request of the same page load (cache.Memo lets this one wait for it).
    weights = _weights(lv, level_key, ids)
    if level_key == "grid-cells":
        # The cards' and choropleth's pass over the window already counted per cell (window.py).
        by_unit = window_counts(user, q).by_cell
    else:
        by_unit = dict(filtered(user, q).values_list(lv.fk_column).annotate(n=Count("id")).order_by())
    counts = np.array([by_unit.get(unit_id, 0) for unit_id in ids], dtype=float)
    result = gi_star(counts, weights)
    significant, codes = {}, {}
    for i, (unit_id, code) in enumerate(units):
        cls = str(result.classes[i])
        classes_count[cls] += 1
        if cls != NONE:
            # Lean properties (the code is the feature's id; the page has its own class labels):
            # a district's 28 days make a thousand significant cells.
            significant[unit_id] = {
                "count": int(counts[i]),
                "gi_z": round(float(result.z[i]), 3),
                "gi_p_fdr": float(f"{result.p_fdr[i]:.3g}"),
                "class": cls,
            }
            codes[unit_id] = code
    shapes = lv.model.objects.filter(id__in=significant).annotate(shape=AsGeoJSON("geom", precision=5))
    features = [
        {
            "type": "Feature",
            "id": codes[s.id],
            "geometry": json.loads(s.shape),
            "properties": significant[s.id],
        }
        for s in shapes.only("id").order_by("code")
    ]
    return {
        "type": "FeatureCollection",
        "level": level_key,
        "units": len(units),
        "classes": classes_count,
        "features": features,
    }
