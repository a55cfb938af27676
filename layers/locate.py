"""Point-in-layer lookup: which sub-district, community, grid cell, estate, building and military
zone contain a WGS84 point. One SQL statement, each layer answered through its GiST index.

Border rule (documented in the API): containment is closed (ST_Covers), so a point exactly on a
shared border is covered by both neighbours; the one with the smallest code wins. This is
deterministic and independent of insertion order. A point outside the sub-district gets
`inside: false` and no layer at all: we never guess across our own boundary.
"""

import json

from django.db import connection

_LAYERS = {
    # key: (table, json of the answer)
    "subdistrict": ("layers_subdistrict", "json_build_object('code', t.code, 'name', t.name)"),
    "community": ("layers_community", "json_build_object('code', t.code, 'name', t.name)"),
    "grid_cell": (
        "layers_gridcell",
        "json_build_object('code', t.code, 'name', COALESCE(NULLIF(t.responsible_party, ''), t.code))",
    ),
    "housing_project": ("layers_housingproject", "json_build_object('code', t.code, 'name', t.name)"),
    "building": (
        "layers_building",
        "(SELECT json_build_object('code', t.code, 'name', e.name || t.number || '号楼', 'number', t.number)"
        " FROM layers_housingproject e WHERE e.id = t.estate_id)",
    ),
    "military_zone": (
        "layers_militaryzone",
        "json_build_object('code', t.code, 'name', t.name, 'kind', t.kind)",
    ),
}

_SQL = "WITH p AS (SELECT ST_SetSRID(ST_MakePoint(%s, %s), 4326) AS g) SELECT " + ", ".join(
    f"(SELECT {answer} FROM {table} t, p WHERE ST_Covers(t.geom, p.g) ORDER BY t.code LIMIT 1) AS {key}"
    for key, (table, answer) in _LAYERS.items()
)


def locate_wgs84(lon: float, lat: float) -> dict:
    """Containing features of every layer for a WGS84 point, each {'code', 'name'} or None."""
    with connection.cursor() as cursor:
        cursor.execute(_SQL, [lon, lat])
        row = cursor.fetchone()
    found = {key: (json.loads(v) if isinstance(v, str) else v) for key, v in zip(_LAYERS, row, strict=True)}
    inside = found["subdistrict"] is not None
    if not inside:
        found = dict.fromkeys(_LAYERS)
    return {"inside": inside, "point": {"lon": lon, "lat": lat}, **found}
