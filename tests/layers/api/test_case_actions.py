"""Staff decisions through /api/complaints/{id}/: 四事四办 override, confirm duplicate, relocate."""

import pytest

from layers.models import Complaint, ComplaintEvent
from tests.geometry import lonlat
from tests.layers.api.cases_world import (  # noqa: F401 (fixtures)
    EAST_POINT,
    WEST_POINT,
    cases_world_fixture,
    categories_fixture,
    client_for,
)
from tests.layers.api.test_complaints_api import URL, post


def act(user, pk, name, **body):
    return client_for(user).post(f"{URL}{pk}/{name}/", body, format="json")


@pytest.fixture
def west_case(cases_world):
    return post(cases_world["alice"], description="路面破损", category="t_general").json()["id"]


def test_leader_overrides_the_sishi_type_with_a_reason(cases_world, west_case):
    response = act(cases_world["leader"], west_case, "sishi", sishi_type="urgent", reason="学校门口")
    assert response.status_code == 200, response.content
    assert (response.json()["sishi_type"], response.json()["sishi_type_label"]) == ("urgent", "急事")
    assert "学校门口" in response.json()["sishi_reason"] and "原：" in response.json()["sishi_reason"]
    assert ComplaintEvent.objects.filter(complaint_id=west_case, note__contains="四事四办调整为急事").exists()


@pytest.mark.parametrize(
    ("user", "body", "status"),
    [
        ("alice", {"sishi_type": "urgent", "reason": "理由"}, 403),  # grid workers do not decide the type
        ("planner", {"sishi_type": "urgent", "reason": "理由"}, 403),  # reads every case, acts on none
        ("bob", {"sishi_type": "urgent", "reason": "理由"}, 404),  # cannot even read it
        ("leader", {"sishi_type": "very_urgent", "reason": "理由"}, 400),
        ("leader", {"sishi_type": "urgent"}, 400),
        ("leader", {"sishi_type": "urgent", "reason": "理由", "colour": "red"}, 400),
    ],
)
def test_override_refusals_change_nothing(cases_world, west_case, user, body, status):
    before = Complaint.objects.get(pk=west_case)
    assert act(cases_world[user], west_case, "sishi", **body).status_code == status
    after = Complaint.objects.get(pk=west_case)
    assert (after.sishi_type, after.sishi_reason, after.sishi_overridden) == (
        before.sishi_type,
        before.sishi_reason,
        False,
    )


def test_department_confirms_a_duplicate_which_then_follows_its_primary(cases_world, west_case):
    second = post(cases_world["alice"], description="路面破损又一处", category="t_general").json()["id"]
    response = act(cases_world["dept"], second, "confirm-duplicate", primary=west_case)
    assert response.status_code == 200, response.content
    assert response.json()["duplicate_of"] == west_case
    assert (
        client_for(cases_world["leader"])
        .post(f"{URL}{west_case}/transition/", {"to_status": "dispatched"}, format="json")
        .status_code
        == 200
    )
    assert Complaint.objects.get(pk=second).status == "dispatched"


def test_confirming_needs_a_readable_primary_and_a_deciding_role(cases_world, west_case):
    east = post(cases_world["bob"], point=EAST_POINT, description="东边", category="t_general").json()["id"]
    assert act(cases_world["alice"], west_case, "confirm-duplicate", primary=east).status_code == 404  # unreadable
    assert act(cases_world["dept"], west_case, "confirm-duplicate", primary="abc").status_code == 400
    assert act(cases_world["dept"], west_case, "confirm-duplicate", primary=west_case).status_code == 400  # itself
    other = post(cases_world["alice"], description="另一处", category="t_general").json()["id"]
    assert act(cases_world["alice"], other, "confirm-duplicate", primary=west_case).status_code == 403  # role
    assert not Complaint.objects.filter(duplicate_of__isnull=False).exists()


def test_a_grid_worker_relocates_a_case_and_it_is_reassigned_and_rerouted(cases_world, west_case):
    lon, lat = lonlat(100, 700)  # the nw cell, outside the estate
    response = act(cases_world["alice"], west_case, "relocate", lon=lon, lat=lat, note="现场核实")
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["grid_cell"]["code"], data["housing_project"], data["location_source"]) == (
        "110106021001002",
        None,
        "map_pick",
    )
    assert not data["needs_review"]
    assert ComplaintEvent.objects.filter(complaint_id=west_case, note__contains="现场核实").exists()


def test_relocation_refusals_change_nothing(cases_world, west_case):
    before = Complaint.objects.get(pk=west_case).location
    assert act(cases_world["planner"], west_case, "relocate", lon=116.0, lat=39.0).status_code == 403
    assert act(cases_world["alice"], west_case, "relocate", lon="x", lat=39.0).status_code == 400
    assert act(cases_world["bob"], west_case, "relocate", lon=116.0, lat=39.0).status_code == 404
    assert Complaint.objects.get(pk=west_case).location == before
