"""Spatial assignment of complaints: sub-district, community, grid cell, estate, building, military zone.

Two entry points that must agree, with the border rule of layers/locate.py (closed containment,
ST_Covers; on a shared border the smallest code wins; outside the sub-district nothing is assigned
and the case is flagged 非本辖区):
- assign_location(complaint): one case at intake, through locate_layers (one round trip: the
  SQL function answers the layers' ids);
- reassign_all(): every case after a boundary change, as one set-based UPDATE that walks each
  layer's polygons and probes the complaints' GiST index from each; no per-row round trip, so a
  million cases cost one statement.
"""

from django.db import connection

from layers.locate import locate_layers

# Complaint foreign key -> layer table; the order is the order layers are resolved in SQL.
_LAYERS = {
    "subdistrict": "layers_subdistrict",
    "community": "layers_community",
    "grid_cell": "layers_gridcell",
    "housing_project": "layers_housingproject",
    "building": "layers_building",
    "military_zone": "layers_militaryzone",
}


def assign_found(complaint, found: dict):
    """Set the layer foreign keys and out_of_area from a locate answer (layers_from_row) for the
    complaint's location; not saved. Without a location the case is unassigned but not out of
    area: where it is, is unknown."""
    for key in _LAYERS:
        setattr(complaint, f"{key}_id", found[key]["id"] if found[key] is not None else None)
    complaint.out_of_area = complaint.location is not None and found["subdistrict"] is None
    return complaint


def assign_location(complaint):
    """Set the complaint's layer foreign keys and out_of_area from its location (not saved)."""
    if complaint.location is None:
        return assign_found(complaint, dict.fromkeys(_LAYERS))
    return assign_found(complaint, locate_layers(complaint.location.x, complaint.location.y))


def _polygon_first(key: str, table: str) -> str:
    # The polygon drives the loop and the complaints' GiST index is probed per polygon, so
    # consecutive ST_Covers calls share their first argument and PostGIS reuses its prepared
    # (indexed) polygon: microseconds per point instead of a fresh polygon test per point and
    # layer (measured in bench/assign.py: 2.7x the point-first LATERAL form).
    # DISTINCT ON (id) ... ORDER BY id, code applies the border rule: the smallest code wins.
    return (
        f"{key} AS (SELECT DISTINCT ON (p.id) p.id, t.id AS tid FROM {table} t "
        f"CROSS JOIN LATERAL (SELECT id FROM layers_complaint c WHERE ST_Covers(t.geom, c.location)) p "
        f"ORDER BY p.id, t.code)"
    )


def _reassign_sql() -> str:
    ctes = ",\n".join(_polygon_first(key, table) for key, table in _LAYERS.items())
    # Below the sub-district only points inside it are assigned (the rule of locate_layers).
    selected = ", ".join(
        (f"{key}.tid" if key == "subdistrict" else f"CASE WHEN subdistrict.tid IS NOT NULL THEN {key}.tid END")
        + f" AS {key}_id"
        for key in _LAYERS
    )
    joins = " ".join(f"LEFT JOIN {key} ON {key}.id = p.id" for key in _LAYERS)
    columns = [f"{key}_id" for key in _LAYERS]
    assignments = ", ".join(f"{column} = a.{column}" for column in columns)
    current = ", ".join(f"c.{column}" for column in columns)
    new = ", ".join(f"a.{column}" for column in columns)
    # Only rows whose answer changes are written: after a small boundary edit most cases keep
    # their assignment, and skipping them avoids rewriting (and bloating) the whole table.
    return f"""
        WITH {ctes}
        UPDATE layers_complaint c
        SET {assignments}, out_of_area = a.out_of_area, updated_at = now()
        FROM (
            SELECT p.id, {selected}, (p.location IS NOT NULL AND subdistrict.tid IS NULL) AS out_of_area
            FROM layers_complaint p {joins}
        ) a
        WHERE c.id = a.id
          AND ({current}, c.out_of_area) IS DISTINCT FROM ({new}, a.out_of_area)
    """


_REASSIGN_SQL = _reassign_sql()


def reassign_all() -> int:
    """Re-assign every complaint to the current layers in one UPDATE; returns rows changed."""
    with connection.cursor() as cursor:
        cursor.execute(_REASSIGN_SQL)
        return cursor.rowcount


def reassign_all_changed() -> list[tuple[int, str]]:
    """reassign_all(), answering (id, status) of each case whose assignment changed."""
    with connection.cursor() as cursor:
        cursor.execute(_REASSIGN_SQL + " RETURNING c.id, c.status")
        return cursor.fetchall()
