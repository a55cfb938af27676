"""Point-in-layer lookup: which sub-district, community, grid cell, estate, building and military
zone contain a WGS84 point. One call of the SQL function layers_locate (migrations 0004, 0010),
each layer answered through its GiST index.

Border rule (documented in the API): containment is closed (ST_Covers), so a point exactly on a
shared border is covered by both neighbours; the one with the smallest code wins. This is
deterministic and independent of insertion order. A point outside the sub-district gets
`inside: false` and no layer at all: we never guess across our own boundary.

The function answers each layer's id beside its code and name: intake assigns by id
(locate_layers), the public answer (locate_wgs84) leaves the ids out.
"""

import json

from django.db import connection

LAYER_KEYS = ("subdistrict", "community", "grid_cell", "housing_project", "building", "military_zone")
LOCATE_SQL = "SELECT * FROM layers_locate(%s, %s)"


def layers_from_row(row) -> dict:
    """layers_locate's six json columns as dicts; all None outside the sub-district."""
    found = {key: (json.loads(v) if isinstance(v, str) else v) for key, v in zip(LAYER_KEYS, row, strict=True)}
    if found["subdistrict"] is None:
        return dict.fromkeys(LAYER_KEYS)
    return found


def locate_layers(lon: float, lat: float) -> dict:
    """Every layer's containing feature for a WGS84 point, {'id', 'code', 'name', ...} or None;
    all None outside the sub-district."""
    with connection.cursor() as cursor:
        cursor.execute(LOCATE_SQL, [lon, lat])
        return layers_from_row(cursor.fetchone())


def locate_wgs84(lon: float, lat: float) -> dict:
    """Containing features of every layer for a WGS84 point, each {'code', 'name'} or None."""
    found = locate_layers(lon, lat)
    public = {key: None if v is None else {k: x for k, x in v.items() if k != "id"} for key, v in found.items()}
    return {"inside": found["subdistrict"] is not None, "point": {"lon": lon, "lat": lat}, **public}
