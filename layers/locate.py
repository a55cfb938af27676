"""Point-in-layer lookup: which sub-district, community, grid cell, estate, building and military
zone contain a WGS84 point. One call of the SQL function layers_locate (migrations 0004, 0010),
each layer answered through its GiST index.

Border rule (documented in the API): containment is closed (ST_Covers), so a point exactly on a
shared border is covered by both neighbours; the one with the smallest code wins. This is
deterministic and independent of insertion order. A point outside the sub-district gets
`inside: false` and no layer at all: we never guess across our own boundary.

The function answers each layer's id beside its code and name: intake assigns by id
(locate_layers), the public answer (locate_wgs84) leaves the ids out. near_boundaries answers the
phone's other question: which boundaries lie within a few metres of the pin.
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


# Layers whose boundaries decide who takes a case (四包 by community and grid cell, ownership by
# estate). The bounding-box pre-filter is in degrees: 1 m is at most 1/80,000 degree of longitude
# at Beijing's latitude (and less of latitude), so expanding by metres/80,000 never misses a
# boundary, and the && test keeps each layer's GiST index in play.
_NEAR_SQL = """
WITH p AS (SELECT ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326) AS g),
     pm AS (SELECT ST_Transform(g, %(srid)s) AS g FROM p)
SELECT layer, code, name, inside, distance FROM (
    SELECT 'community' AS layer, t.code, t.name, ST_Covers(t.geom, p.g) AS inside,
           ST_Distance(ST_Boundary(ST_Transform(t.geom, %(srid)s)), pm.g) AS distance
    FROM layers_community t, p, pm WHERE t.geom && ST_Expand(p.g, %(degrees)s)
    UNION ALL
    SELECT 'grid_cell', t.code, '', ST_Covers(t.geom, p.g),
           ST_Distance(ST_Boundary(ST_Transform(t.geom, %(srid)s)), pm.g)
    FROM layers_gridcell t, p, pm WHERE t.geom && ST_Expand(p.g, %(degrees)s)
    UNION ALL
    SELECT 'housing_project', t.code, t.name, ST_Covers(t.geom, p.g),
           ST_Distance(ST_Boundary(ST_Transform(t.geom, %(srid)s)), pm.g)
    FROM layers_housingproject t, p, pm WHERE t.geom && ST_Expand(p.g, %(degrees)s)
) near
WHERE distance <= %(metres)s
ORDER BY distance, layer, code
"""


def near_boundaries(lon: float, lat: float, metres: float, srid: int) -> list[dict]:
    """Communities, grid cells and estates whose boundary lies within `metres` of a WGS84 point,
    nearest first: layer, code, name, inside (the feature contains the point, else a neighbour) and
    distance_m, measured in `srid` (a metric projection: EPSG:4548 in Beijing)."""
    params = {"lon": lon, "lat": lat, "srid": srid, "metres": metres, "degrees": metres / 80_000}
    with connection.cursor() as cursor:
        cursor.execute(_NEAR_SQL, params)
        rows = cursor.fetchall()
    return [
        {"layer": layer, "code": code, "name": name, "inside": inside, "distance_m": round(distance, 1)}
        for layer, code, name, inside, distance in rows
    ]
