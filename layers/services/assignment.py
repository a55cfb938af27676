"""Spatial assignment of complaints: sub-district, community, grid cell, estate, building, military zone.

Two entry points that must agree, with the border rule of layers/locate.py (closed containment,
ST_Covers; on a shared border the smallest code wins; outside the sub-district nothing is assigned
and the case is flagged 非本辖区):
- assign_location(complaint): one case at intake, through locate_wgs84;
- reassign_all(): every case after a boundary change, as one set-based UPDATE whose lateral
  subqueries each use their layer's GiST index; no per-row round trip, so a million cases cost
  one statement.
"""

from django.db import connection

from layers.locate import locate_wgs84
from layers.models import Building, Community, GridCell, HousingProject, MilitaryZone, Subdistrict

# Complaint foreign key -> (model, table); the order is the order layers are resolved in SQL.
_LAYERS = {
    "subdistrict": (Subdistrict, "layers_subdistrict"),
    "community": (Community, "layers_community"),
    "grid_cell": (GridCell, "layers_gridcell"),
    "housing_project": (HousingProject, "layers_housingproject"),
    "building": (Building, "layers_building"),
    "military_zone": (MilitaryZone, "layers_militaryzone"),
}


def assign_location(complaint):
    """Set the complaint's layer foreign keys and out_of_area from its location (not saved).

    A complaint without a location is unassigned but not out of area: where it is, is unknown.
    """
    for key in _LAYERS:
        setattr(complaint, f"{key}_id", None)
    complaint.out_of_area = False
    if complaint.location is None:
        return complaint
    found = locate_wgs84(complaint.location.x, complaint.location.y)
    complaint.out_of_area = not found["inside"]
    for key, (model, _table) in _LAYERS.items():
        if found[key] is not None:
            setattr(complaint, f"{key}_id", model.objects.values_list("id", flat=True).get(code=found[key]["code"]))
    return complaint


def _lateral(key: str, table: str) -> str:
    # Layers below the sub-district are only looked up for points inside it (s.id IS NOT NULL):
    # the same rule as locate_wgs84, and no index probes for points outside.
    inside = "" if key == "subdistrict" else "s.id IS NOT NULL AND "
    alias = "s" if key == "subdistrict" else key
    return (
        f"LEFT JOIN LATERAL (SELECT t.id FROM {table} t WHERE {inside}ST_Covers(t.geom, p.location)"
        f" ORDER BY t.code LIMIT 1) {alias} ON true"
    )


def _reassign_sql() -> str:
    aliases = {key: ("s" if key == "subdistrict" else key) for key in _LAYERS}
    columns = [f"{key}_id" for key in _LAYERS]
    joins = "\n".join(_lateral(key, table) for key, (_model, table) in _LAYERS.items())
    selected = ", ".join(f"{aliases[key]}.id AS {key}_id" for key in _LAYERS)
    assignments = ", ".join(f"{column} = a.{column}" for column in columns)
    current = ", ".join(f"c.{column}" for column in columns)
    new = ", ".join(f"a.{column}" for column in columns)
    # Only rows whose answer changes are written: after a small boundary edit most cases keep
    # their assignment, and skipping them avoids rewriting (and bloating) the whole table.
    return f"""
        UPDATE layers_complaint c
        SET {assignments}, out_of_area = a.out_of_area, updated_at = now()
        FROM (
            SELECT p.id, {selected}, (p.location IS NOT NULL AND s.id IS NULL) AS out_of_area
            FROM layers_complaint p
            {joins}
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
