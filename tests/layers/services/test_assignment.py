"""assign_location (one point, through locate) and reassign_all (one UPDATE) give the same answers."""

from django.contrib.gis.geos import MultiPolygon
from django.db import connection
from django.test.utils import CaptureQueriesContext

from layers.models import Category, Complaint
from layers.services.assignment import assign_location, reassign_all
from tests.geometry import point, rect

LAYER_KEYS = ("subdistrict_id", "community_id", "grid_cell_id", "housing_project_id", "building_id", "military_zone_id")
POINTS = {
    "building": point(60, 60),
    "estate_only": point(150, 150),
    "military": point(700, 100),
    "shared_vertex": point(500, 1000),
    "outside": point(-50, 500),
    "unknown": None,
}


def answer(complaint):
    return tuple(getattr(complaint, key) for key in LAYER_KEYS) + (complaint.out_of_area,)


def make_unassigned(category):
    """Complaints stored without any assignment, as after a bulk load or a boundary change."""
    return {
        name: Complaint.objects.create(
            channel="other", description=name, category=category, sishi_type="difficult", location=location
        )
        for name, location in POINTS.items()
    }


def test_assign_location_follows_the_border_rule(world):
    category = Category.objects.create(code="t", name="t", time_limit_amount=1, time_limit_base="natural_days")
    got = {name: assign_location(c) for name, c in make_unassigned(category).items()}
    sub, west, east = world["subdistrict"].id, world["west"].id, world["east"].id
    cells, estate, building = world["cells"], world["estate"].id, world["building"].id
    assert answer(got["building"]) == (sub, west, cells["sw"].id, estate, building, None, False)
    assert answer(got["estate_only"]) == (sub, west, cells["sw"].id, estate, None, None, False)
    assert answer(got["military"]) == (sub, east, cells["se"].id, None, None, world["zone"].id, False)
    # On the vertex shared by both communities and both northern cells: the smallest codes win.
    assert answer(got["shared_vertex"]) == (sub, west, cells["nw"].id, None, None, None, False)
    # Outside: flagged 非本辖区, nothing guessed; without a location: not flagged, nothing assigned.
    assert answer(got["outside"]) == (None,) * 6 + (True,)
    assert answer(got["unknown"]) == (None,) * 6 + (False,)


def test_reassign_all_matches_assign_location_in_one_statement(world):
    category = Category.objects.create(code="t", name="t", time_limit_amount=1, time_limit_base="natural_days")
    complaints = make_unassigned(category)
    with CaptureQueriesContext(connection) as queries:
        changed = reassign_all()
    assert len(queries) == 1
    # Every located case changes except "unknown", which was already unassigned and not flagged.
    assert changed == len(POINTS) - 1
    for name, complaint in complaints.items():
        complaint.refresh_from_db()
        expected = assign_location(Complaint(location=POINTS[name]))
        assert answer(complaint) == answer(expected), name
    assert reassign_all() == 0


def test_reassign_all_follows_a_boundary_change(world):
    category = Category.objects.create(code="t", name="t", time_limit_amount=1, time_limit_base="natural_days")
    complaints = make_unassigned(category)
    reassign_all()
    # The west community gives up its northern half to the east: the shared vertex now lies
    # inside the east community only, and nothing else moves.
    west, east = world["west"], world["east"]
    west.geom = rect(0, 0, 500, 500)
    west.save()
    east.geom = MultiPolygon(*rect(500, 0, 1000, 1000), *rect(0, 500, 500, 1000), srid=4326)
    east.save()
    assert reassign_all() == 1
    complaints["shared_vertex"].refresh_from_db()
    assert complaints["shared_vertex"].community_id == east.id


def test_a_point_left_outside_by_a_shrunk_sub_district_loses_every_layer(world):
    category = Category.objects.create(code="t", name="t", time_limit_amount=1, time_limit_base="natural_days")
    complaints = make_unassigned(category)
    reassign_all()
    # The east community still covers the military point, but the sub-district no longer does:
    # outside our boundary nothing is assigned, whatever other layers say.
    world["subdistrict"].geom = rect(0, 0, 500, 1000)
    world["subdistrict"].save()
    reassign_all()
    military = complaints["military"]
    military.refresh_from_db()
    assert answer(military) == (None,) * 6 + (True,)
    assert answer(military) == answer(assign_location(Complaint(location=POINTS["military"])))
