"""POST /api/desk/assign/: the bulk and single dispatch/reassign endpoint of the desk."""

import pytest

from tests.layers.api.cases_world import client_for
from tests.layers.desk_world import cases_world_fixture, categories_fixture, desk_world_fixture  # noqa: F401

URL = "/api/desk/assign/"


@pytest.fixture
def world(desk_world):
    return desk_world


def test_a_bulk_reassignment_answers_what_was_done_and_why_the_rest_was_not(world):
    cases = world["cases"]
    leak, parking, closed = cases["west_leak"], cases["east_parking"], cases["west_noise"]
    body = {"cases": [leak.pk, parking.pk, closed.pk], "assignee": "bob", "note": "调整"}
    answer = client_for(world["leader"]).post(URL, body, format="json")
    assert answer.status_code == 200
    assert answer.json()["done"] == [leak.pk, parking.pk]
    [failed] = answer.json()["failed"]
    assert failed["id"] == closed.pk and failed["ticket_no"] is None and "结案" in failed["reason"]
    parking.refresh_from_db()
    assert (parking.status, parking.assignee) == ("dispatched", world["bob"])


def test_a_department_code_alone_hands_the_case_to_the_department(world):
    heating = world["cases"]["east_heating"]
    answer = client_for(world["leader"]).post(URL, {"cases": [heating.pk], "department": "D1"}, format="json")
    assert answer.json() == {"done": [heating.pk], "failed": []}
    heating.refresh_from_db()
    assert (heating.assignee, heating.assigned_department) == (None, world["department"])


@pytest.mark.parametrize(
    "body, field",
    [
        ({"cases": [], "assignee": "bob"}, "cases"),
        ({"cases": "1,2", "assignee": "bob"}, "cases"),
        ({"cases": [1], "assignee": "nobody-here"}, "assignee"),
        ({"cases": [1], "department": "D9"}, "department"),
        ({"cases": [1]}, "assignee"),
        ({"cases": [1], "assignee": "bob", "priority": "high"}, "priority"),
    ],
)
def test_bad_input_is_refused_by_field(world, body, field):
    answer = client_for(world["leader"]).post(URL, body, format="json")
    assert answer.status_code == 400
    assert field in answer.json()


@pytest.mark.parametrize("user", ["alice", "cadre_east", "planner", "agency"])
def test_roles_outside_the_office_are_refused(world, user):
    parking = world["cases"]["east_parking"]
    answer = client_for(world[user]).post(URL, {"cases": [parking.pk], "assignee": "bob"}, format="json")
    assert answer.status_code == 403
    parking.refresh_from_db()
    assert parking.status == "received" and parking.assignee is None


def test_logged_out_is_refused(client, world):
    assert client.post(URL, {"cases": [1], "assignee": "bob"}, content_type="application/json").status_code == 403


@pytest.mark.parametrize("cases", [[1, 0], [2**63], ["x"], [None]])
def test_a_bad_case_id_is_named_by_its_place_in_the_list(world, cases):
    answer = client_for(world["leader"]).post(URL, {"cases": cases, "assignee": "bob"}, format="json")
    assert answer.status_code == 400
    [message] = answer.json()["cases"]
    assert isinstance(message, str) and message.startswith(f"[{len(cases) - 1}] ")


def test_only_json_is_read(world):
    answer = client_for(world["leader"]).post(URL, {"cases": [1], "assignee": "bob"})  # a multipart form
    assert answer.status_code == 415
