"""The review queue's way out: confirming or correcting a case's place (complaint_relocate)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from layers import crs
from layers.models import Complaint, ComplaintLink, Role
from layers.selectors.cases import review_queue
from layers.services.complaints import complaint_create, complaint_transition
from layers.services.review import complaint_relocate
from tests.geometry import lonlat


@pytest.fixture
def unplaced(world, categories):
    return complaint_create(
        actor=None, channel="hotline_12345", description="路灯不亮", category_code="t_general", address="火星路1号"
    )[0]


def test_a_corrected_place_assigns_routes_links_and_leaves_the_queue(unplaced, world, make_user):
    worker = make_user(Role.GRID_WORKER, display_name="张网格")
    cell = world["cells"]["nw"]
    cell.grid_worker = worker
    cell.save()
    lon, lat = lonlat(100, 700)
    neighbour, _created = complaint_create(
        actor=None, channel="grid_patrol", description="路灯不亮", category_code="t_general", lon=lon, lat=lat
    )
    x, y = crs.from_wgs84(*lonlat(100, 710), "gcj02")
    complaint_relocate(complaint=unplaced, actor=worker, lon=x, lat=y, crs="gcj02", location_source="gps", accuracy=5)
    assert list(review_queue()) == []
    assert (unplaced.needs_review, unplaced.review_reason, unplaced.location_source) == (False, "", "gps")
    assert (unplaced.grid_cell, unplaced.assignee) == (cell, worker)
    assert "网格员张网格" in unplaced.routing_reason
    assert ComplaintLink.objects.filter(primary=unplaced, other=neighbour).exists()  # received first
    event = unplaced.events.last()
    assert (event.actor, event.from_status, event.to_status) == (worker, "received", "received")
    assert event.note.startswith("更正位置（本辖区）；重新派单：")


def test_confirming_a_doubtful_match_keeps_its_point(world, categories, make_user):
    c, _created = complaint_create(
        actor=None, channel="hotline_12345", description="路灯不亮", category_code="t_general", address="西社区"
    )
    point = c.location
    assert c.needs_review
    complaint_relocate(complaint=c, actor=make_user(Role.CADRE))
    assert (c.needs_review, c.location, c.location_source) == (False, point, "address_match")
    assert c.events.last().note.startswith("确认位置（本辖区）")


def test_a_dispatched_case_keeps_its_assignment(unplaced, world, make_user):
    office = make_user(Role.DEPARTMENT)
    complaint_transition(complaint=unplaced, actor=office, to_status="dispatched")
    before = (unplaced.assigned_department_id, unplaced.assignee_id, unplaced.routing_reason)
    complaint_relocate(complaint=unplaced, actor=office, lon=lonlat(100, 700)[0], lat=lonlat(100, 700)[1])
    assert unplaced.community == world["west"]
    assert (unplaced.assigned_department_id, unplaced.assignee_id, unplaced.routing_reason) == before
    assert "已派单，承办不变" in unplaced.events.last().note


@pytest.mark.parametrize(
    ("role", "kwargs", "error"),
    [
        (Role.PLANNER, {"lon": 116.25, "lat": 39.86}, PermissionDenied),
        (Role.CADRE, {}, ValidationError),  # nothing to confirm: no place yet
        (Role.CADRE, {"lon": "east", "lat": 39.86}, ValidationError),
        (Role.CADRE, {"lon": 116.25, "lat": 39.86, "location_source": "address_match"}, ValidationError),
    ],
)
def test_refused_relocations_change_nothing(unplaced, make_user, role, kwargs, error):
    before = Complaint.objects.values().get(pk=unplaced.pk)
    with pytest.raises(error):
        complaint_relocate(complaint=unplaced, actor=make_user(role), **kwargs)
    assert Complaint.objects.values().get(pk=unplaced.pk) == before
    assert unplaced.events.count() == 1
