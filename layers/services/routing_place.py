"""What routing needs to know about a case's place, read in one round trip.

Routing (routing.py) asks of the place: the community's 包片 department and first cadre, the grid
cell's worker, the estate's ownership (owner units with their liaisons, property company, military
property and the military zone it overlaps), the building's cadre and owner units, the military
zone's liaison, and every person's display name. Read through the ORM's relations that was eight
to twelve queries per case, each layer with its geometry; here it is one call of the SQL function
layers_place (migration 0010: indexed primary-key lookups answered as JSON, without geometry, its
plan cached per connection). What routing reads of a place is therefore fixed in that function: a
new fact needs a migration replacing it.

attach_place() also puts the layers on the complaint as model instances carrying only the loaded
fields (the others are deferred: reading one is a query, never a silent None), so the 四事四办
rules and the API's answer read them without another query.
"""

import json
from dataclasses import dataclass

from django.db import connection

from layers.locate import LAYER_KEYS
from layers.models import Building, Community, Department, GridCell, HousingProject, MilitaryZone, Subdistrict


@dataclass(frozen=True)
class Person:
    id: int
    username: str
    name: str  # display name, else the login name (layers.models.staff.person_name)


@dataclass(frozen=True)
class Unit:
    """An owner unit (产权单位) and its liaison."""

    name: str
    kind: str
    liaison: Person | None


@dataclass(frozen=True)
class Place:
    """The routing facts of one case's place beyond its layers (those are set on the complaint)."""

    community_cadre: Person | None = None
    grid_worker: Person | None = None
    estate_units: tuple[Unit, ...] = ()
    # Military property: the zone the estate overlaps (first by kind, then code), for an estate
    # that reaches beyond the mapped zone polygons.
    estate_zone: MilitaryZone | None = None
    estate_zone_liaison: Person | None = None
    building_label: str = ""
    building_cadre: Person | None = None
    building_units: tuple[Unit, ...] = ()
    zone_liaison: Person | None = None


_KEYS = LAYER_KEYS
# layers_place (migration 0010) answers one json object per layer below the sub-district.
_PLACE_SQL = (
    "SELECT (SELECT json_build_object('id', t.id, 'code', t.code, 'name', t.name)"
    " FROM layers_subdistrict t WHERE t.id = %(subdistrict)s), p.*"
    " FROM layers_place(%(community)s, %(grid_cell)s, %(housing_project)s, %(building)s, %(military_zone)s) p"
)
# The fields each layer instance is built with (everything else is deferred).
_FIELDS = {
    "subdistrict": (Subdistrict, ("id", "code", "name")),
    "community": (Community, ("id", "code", "name", "department_id")),
    "grid_cell": (GridCell, ("id", "code", "grid_worker_id")),
    "housing_project": (
        HousingProject,
        ("id", "code", "name", "community_id", "is_military_property", "property_company"),
    ),
    "building": (Building, ("id", "code", "number", "estate_id", "cadre_id")),
    "military_zone": (MilitaryZone, ("id", "code", "name", "kind", "liaison_id")),
}


def light_instance(model, values: dict):
    """A model instance as if read from the database with only these fields (attname -> value); the
    others are deferred, so reading one is a query, never a silent None."""
    # from_db() takes the values in the model's field order.
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


def _instance(key: str, data: dict | None):
    if data is None:
        return None
    model, fields = _FIELDS[key]
    return light_instance(model, {name: data[name] for name in fields})


def _person_of(data) -> Person | None:
    return None if data is None else Person(data["id"], data["username"], data["name"])


def _units_of(rows) -> tuple[Unit, ...]:
    return tuple(Unit(row["name"], row["kind"], _person_of(row["liaison"])) for row in rows or ())


def attach_place(complaint) -> Place:
    """Read the place of an assigned complaint (one query) and set its layer relations; not saved."""
    params = {key: getattr(complaint, f"{key}_id") for key in _KEYS}
    with connection.cursor() as cursor:
        cursor.execute(_PLACE_SQL, params)
        row = cursor.fetchone()
    return set_place(complaint, dict(zip(_KEYS, row, strict=True)))


def set_place(complaint, found: dict) -> Place:
    """Set the complaint's layer relations from the json objects of a place query (keys as _KEYS;
    the layer ids must already be set) and return the routing facts; not saved."""
    found = {key: (json.loads(v) if isinstance(v, str) else v) for key, v in found.items()}
    for key in _KEYS:
        # A layer deleted since the case was located keeps its id here; the save then fails on
        # the foreign key rather than routing to a place that no longer exists.
        if getattr(complaint, f"{key}_id") is not None and found[key] is not None:
            setattr(complaint, key, _instance(key, found[key]))
    community, cell, estate, building, zone = (
        found[k] for k in ("community", "grid_cell", "housing_project", "building", "military_zone")
    )
    if community is not None and community["department"] is not None and complaint.community_id is not None:
        d = community["department"]
        complaint.community.department = light_instance(Department, {k: d[k] for k in ("id", "code", "name")})
    estate_zone = (estate or {}).get("zone")
    return Place(
        community_cadre=_person_of(community and community["cadre"]),
        grid_worker=_person_of(cell and cell["worker"]),
        estate_units=_units_of(estate and estate["units"]),
        estate_zone=_instance("military_zone", estate_zone),
        estate_zone_liaison=_person_of(estate_zone and estate_zone["liaison"]),
        building_label=f"{building['estate_name']}{building['number']}号楼" if building else "",
        building_cadre=_person_of(building and building["cadre"]),
        building_units=_units_of(building and building["units"]),
        zone_liaison=_person_of(zone and zone["liaison"]),
    )
