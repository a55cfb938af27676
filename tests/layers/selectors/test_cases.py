"""Case queues (overdue, due soon, review, ledger) and one case as each role may see it."""

from datetime import date, datetime, timedelta

import pytest

from layers.analytics.ledger import ledger_summary
from layers.models import Complaint, Department, Role
from layers.permissions import handles_case
from layers.selectors.cases import (
    complaint_for_role,
    due_soon,
    ledger,
    mask_email,
    overdue,
    return_queue,
    review_queue,
)
from layers.services.deadlines import BEIJING
from tests.geometry import point

NOW = datetime(2025, 6, 10, 12, 0, tzinfo=BEIJING)


@pytest.fixture
def make(categories):
    def _make(**fields):
        defaults = {
            "channel": "other",
            "description": "d",
            "category": categories["t_general"],
            "sishi_type": "difficult",
        }
        return Complaint.objects.create(**(defaults | fields))

    return _make


def test_overdue_and_due_soon_take_open_cases_by_their_deadline(make):
    late = make(due_at=NOW - timedelta(hours=5))
    later = make(due_at=NOW - timedelta(hours=1), status="in_progress")
    make(due_at=NOW - timedelta(hours=9), status="resolved")  # done, not overdue
    make(due_at=NOW - timedelta(hours=9), status="ledger")  # carried on the ledger instead
    soon = make(due_at=NOW + timedelta(hours=3))
    edge = make(due_at=NOW + timedelta(hours=23, minutes=59))
    make(due_at=NOW + timedelta(hours=25))
    make(due_at=None)
    assert list(overdue(now=NOW)) == [late, later]
    assert overdue(now=NOW)[0].overdue_by == timedelta(hours=5)
    assert list(due_soon(now=NOW)) == [soon, edge]
    assert list(due_soon(now=NOW, hours=4)) == [soon]
    assert due_soon(now=NOW)[0].time_left == timedelta(hours=3)


def test_due_soon_window_is_a_setting(make, settings):
    soon = make(due_at=NOW + timedelta(hours=30))
    assert list(due_soon(now=NOW)) == []
    settings.COMPLAINT_DUE_SOON_HOURS = 48
    assert list(due_soon(now=NOW)) == [soon]


def test_queues_chain_with_other_filters(make, categories):
    mine = make(due_at=NOW - timedelta(hours=1))
    make(due_at=NOW - timedelta(hours=1), category=categories["t_urgent"])
    assert list(overdue(Complaint.objects.filter(category__code="t_general"), now=NOW)) == [mine]


def test_review_queue_holds_open_cases_needing_a_person_oldest_first(make):
    second = make(needs_review=True, received_at=NOW - timedelta(hours=1))
    first = make(needs_review=True, received_at=NOW - timedelta(hours=2))
    make(needs_review=True, status="returned")
    make(needs_review=False)
    assert list(review_queue()) == [first, second]


def test_return_queue_holds_out_of_area_cases_until_returned(make):
    waiting = make(out_of_area=True)
    make(out_of_area=True, status="returned")
    make(out_of_area=False)
    assert list(return_queue()) == [waiting]


def test_ledger_ages_targets_and_clear_rate(make):
    old = make(status="ledger", ledger_at=NOW - timedelta(days=40), ledger_target_date=date(2025, 6, 1))
    new = make(status="ledger", ledger_at=NOW - timedelta(days=10), ledger_target_date=date(2025, 9, 1))
    make(status="in_progress", ledger_at=NOW - timedelta(days=50), ledger_cleared_at=NOW - timedelta(days=5))
    make(status="resolved")
    rows = list(ledger(now=NOW))
    assert rows == [old, new]
    assert [(r.ledger_age, r.past_target) for r in rows] == [(timedelta(days=40), True), (timedelta(days=10), False)]
    summary = ledger_summary(as_of=NOW)
    assert (summary["total"], summary["open"], summary["cleared"], summary["past_target"]) == (3, 2, 1, 1)
    assert summary["clear_rate"] == pytest.approx(100 / 3)
    assert (summary["mean_open_age"], summary["oldest_open_age"]) == (timedelta(days=25), timedelta(days=40))


def test_an_empty_ledger_has_no_clear_rate(db):
    assert ledger_summary(as_of=NOW)["clear_rate"] is None


@pytest.fixture
def placed(world, make, make_user):
    city, other = Department.objects.create(code="D1", name="城管办"), Department.objects.create(code="D2", name="其他")
    world["west"].department = city
    world["west"].save()
    cell = world["cells"]["sw"]
    cell.grid_worker = make_user(Role.GRID_WORKER, "own-worker")
    cell.save()
    case = make(
        location=point(60, 60), community=world["west"], grid_cell=cell,
        complainant_name="张三丰", complainant_phone="13812341234", complainant_email="zsf@example.com",
        device_id="dev-1",
    )  # fmt: skip
    return {"case": case, "cell": cell, "city": city, "other": other, "world": world}


@pytest.mark.parametrize(
    ("role", "profile", "full"),
    [
        (Role.LEADER, {}, True),
        (Role.ADMIN, {}, True),
        (Role.DEPARTMENT, {"department": "city"}, True),
        (Role.DEPARTMENT, {"department": "other"}, False),
        (Role.CADRE, {"community": "west"}, True),
        (Role.CADRE, {"community": "east"}, False),
        (Role.GRID_WORKER, {"community": "west"}, False),  # not the worker of this cell
        (Role.PLANNER, {}, False),
    ],
)
def test_personal_data_is_whole_only_for_those_who_handle_the_case(placed, make_user, role, profile, full):
    resolved = {k: placed.get(v) or placed["world"][v] for k, v in profile.items()}
    data = complaint_for_role(make_user(role, **resolved), placed["case"], now=NOW)
    assert data["personal_data_masked"] is not full
    expected = ("张三丰", "13812341234", "zsf@example.com", "dev-1")
    if not full:
        expected = ("张**", "138****1234", "z***@example.com", None)
    person = ("complainant_name", "complainant_phone", "complainant_email", "device_id")
    assert tuple(data[key] for key in person) == expected


def test_agencies_get_no_personal_data_at_all(placed, make_user):
    data = complaint_for_role(make_user(Role.AGENCY), placed["case"], now=NOW)
    person = ("complainant_name", "complainant_phone", "complainant_email", "device_id")
    assert [data[key] for key in person] == [None] * 4 and data["personal_data_masked"]


@pytest.mark.parametrize(
    ("email", "masked"), [("zsf@example.com", "z***@example.com"), ("", ""), ("not-an-address", "**************")]
)
def test_mask_email(email, masked):
    assert mask_email(email) == masked


def test_the_cells_grid_worker_and_the_assignee_handle_the_case(placed, make_user):
    case = placed["case"]
    assert handles_case(placed["cell"].grid_worker, case)
    liaison = make_user(Role.DEPARTMENT, "liaison")
    assert not handles_case(liaison, case)
    case.assignee = liaison
    assert handles_case(liaison, case)


def test_case_data_carries_routing_review_and_deadline(placed, make_user):
    case = placed["case"]
    case.due_at, case.routing_reason, case.needs_review = NOW - timedelta(minutes=1), "按四包", True
    data = complaint_for_role(make_user(Role.LEADER), case, now=NOW)
    assert (data["overdue"], data["routing_reason"], data["needs_review"], data["category"]) == (
        True, "按四包", True, "t_general",
    )  # fmt: skip
    assert data["location"]["lon"] == pytest.approx(case.location.x)
