"""Point-in-layer lookup: which sub-district, community, grid cell, estate, building and military
zone contain a WGS84 point. One call of the SQL function layers_locate (migration 0004), each
layer answered through its GiST index.

Border rule (documented in the API): containment is closed (ST_Covers), so a point exactly on a
shared border is covered by both neighbours; the one with the smallest code wins. This is
deterministic and independent of insertion order. A point outside the sub-district gets
`inside: false` and no layer at all: we never guess across our own boundary.
"""

import json

from django.db import connection

LAYER_KEYS = ("subdistrict", "community", "grid_cell", "housing_project", "building", "military_zone")
LOCATE_SQL = "SELECT * FROM layers_locate(%s, %s)"


def locate_wgs84(lon: float, lat: float) -> dict:
    """Containing features of every layer for a WGS84 point, each {'code', 'name'} or None."""
    with connection.cursor() as cursor:
        cursor.execute(LOCATE_SQL, [lon, lat])
        row = cursor.fetchone()
    found = {key: (json.loads(v) if isinstance(v, str) else v) for key, v in zip(LAYER_KEYS, row, strict=True)}
    inside = found["subdistrict"] is not None
    if not inside:
        found = dict.fromkeys(LAYER_KEYS)
    return {"inside": inside, "point": {"lon": lon, "lat": lat}, **found}
