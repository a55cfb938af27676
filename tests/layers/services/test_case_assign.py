"""Dispatch and reassignment to a named handler (layers/services/case_assign.py), one case or many."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from layers.models import Complaint, ComplaintEvent
from layers.services.case_assign import complaint_assign, complaint_assign_bulk
from tests.layers.desk_world import cases_world_fixture, categories_fixture, desk_world_fixture  # noqa: F401


@pytest.fixture
def world(desk_world):
    return desk_world


def trail(case) -> list[tuple[str, str, str]]:
    return list(ComplaintEvent.objects.filter(complaint=case).values_list("from_status", "to_status", "note"))


def snapshot(case) -> tuple:
    case.refresh_from_db()
    return case.status, case.assignee_id, case.assigned_department_id, case.updated_at, len(trail(case))


def test_naming_a_handler_dispatches_a_received_case(world):
    case = world["cases"]["east_parking"]
    complaint_assign(complaint=case, actor=world["leader"], assignee=world["dept2"], note="请房管科处理")
    assert (case.status, case.assignee, case.assigned_department) == ("dispatched", world["dept2"], world["housing"])
    assert case.dispatched_at is not None
    assert trail(case)[-1] == ("received", "dispatched", "派单给房管小周（房管科）：请房管科处理")


def test_reassigning_keeps_the_status_and_names_both_handlers(world):
    case = world["cases"]["west_leak"]
    complaint_assign(complaint=case, actor=world["dept"], assignee=world["cadre_west"])
    assert (case.status, case.assignee, case.assigned_department) == (
        "dispatched",
        world["cadre_west"],
        world["department"],
    )
    assert trail(case)[-1] == ("dispatched", "dispatched", "改派：alice（城管科） → cadre_west（城管科）")


def test_a_department_without_a_person(world):
    case = world["cases"]["east_heating"]
    complaint_assign(complaint=case, actor=world["leader"], department=world["department"])
    # The department chooses its own person: the former handler no longer holds the case.
    assert (case.assignee, case.assigned_department) == (None, world["department"])
    assert trail(case)[-1][2] == "改派：bob（房管科） → 城管科"


@pytest.mark.parametrize("actor", ["cadre_east", "alice", "planner", "agency"])
def test_only_the_office_dispatches_and_reassigns(world, actor):
    case = world["cases"]["east_parking"]
    before = snapshot(case)
    with pytest.raises(PermissionDenied):
        complaint_assign(complaint=case, actor=world[actor], assignee=world["bob"])
    assert snapshot(case) == before


def test_the_office_acts_only_within_its_scope(world):
    # D1 包s the west community: the east heating case is D2's.
    case = world["cases"]["east_heating"]
    before = snapshot(case)
    with pytest.raises(PermissionDenied):
        complaint_assign(complaint=case, actor=world["dept"], assignee=world["alice"])
    assert snapshot(case) == before


@pytest.mark.parametrize(
    "who, field",
    [
        ({}, "assignee"),
        ({"assignee": "planner"}, "assignee"),  # a read-only role does not handle cases
        ({"assignee": "inactive"}, "assignee"),
        ({"assignee": "dept", "department": "housing"}, "department"),  # dept works for D1, not D2
    ],
)
def test_a_bad_handler_is_refused_by_field(world, who, field):
    world["alice"].is_active = False
    world["alice"].save()
    world["inactive"] = world["alice"]
    case = world["cases"]["east_parking"]
    before = snapshot(case)
    with pytest.raises(ValidationError) as refused:
        complaint_assign(complaint=case, actor=world["leader"], **{k: world[v] for k, v in who.items()})
    assert field in refused.value.message_dict
    assert snapshot(case) == before


@pytest.mark.parametrize("status", ["resolved", "callback", "closed"])
def test_finished_cases_are_not_reassigned(world, status):
    case = world["cases"]["west_leak"]
    Complaint.objects.filter(pk=case.pk).update(status=status)
    before = snapshot(case)
    with pytest.raises(ValidationError):
        complaint_assign(complaint=case, actor=world["leader"], assignee=world["bob"])
    assert snapshot(case) == before


@pytest.mark.parametrize("status", ["returned", "escalated"])
def test_a_case_sent_back_by_12345_or_escalated_is_dispatched_again(world, status):
    case = world["cases"]["west_leak"]
    Complaint.objects.filter(pk=case.pk).update(status=status)
    complaint_assign(complaint=case, actor=world["leader"], assignee=world["cadre_west"])
    assert case.status == "dispatched"
    assert trail(case)[-1][:2] == (status, "dispatched")


def test_a_bulk_reassignment_writes_what_passes_and_reports_each_refusal(world):
    cases = world["cases"]
    leak, parking, noise, heating = (cases[n] for n in ("west_leak", "east_parking", "west_noise", "east_heating"))
    duplicate = Complaint.objects.create(
        channel="other", description="重复", category=leak.category, sishi_type="difficult", status="dispatched",
        duplicate_of=leak, assignee=world["alice"],
    )  # fmt: skip
    refused_before = [snapshot(c) for c in (noise, duplicate)]
    report = complaint_assign_bulk(
        complaint_ids=[leak.pk, parking.pk, noise.pk, duplicate.pk, heating.pk, 999999],
        actor=world["leader"],
        assignee=world["bob"],
        note="片区调整",
    )
    assert report.done == [leak.pk, parking.pk]
    assert set(report.failed) == {noise.pk, duplicate.pk, heating.pk, 999999}
    assert "结案" in report.failed[noise.pk]
    assert f"#{leak.pk} 的重复件" in report.failed[duplicate.pk]
    assert "已由bob" in report.failed[heating.pk]
    assert report.forbidden == {999999}
    assert [snapshot(c) for c in (noise, duplicate)] == refused_before
    for case in (leak, parking):
        case.refresh_from_db()
        assert (case.assignee, case.status) == (world["bob"], "dispatched")
    assert trail(leak)[-1] == ("dispatched", "dispatched", "改派：alice（城管科） → bob（城管科）：片区调整")
    assert trail(parking)[-1] == ("received", "dispatched", "派单给bob：片区调整")


def test_a_bulk_action_by_a_department_skips_other_departments_cases(world):
    cases = world["cases"]
    report = complaint_assign_bulk(
        complaint_ids=[cases["west_leak"].pk, cases["east_parking"].pk],
        actor=world["dept"],
        assignee=world["cadre_west"],
    )
    assert report.done == [cases["west_leak"].pk]
    assert report.forbidden == {cases["east_parking"].pk}


def test_a_refusal_inside_one_case_leaves_it_whole_and_the_others_written(world, monkeypatch):
    """A case refused by the transition itself (after its assignee was set) rolls back to its savepoint."""
    from layers.services import case_assign

    cases = world["cases"]
    parking, leak = cases["east_parking"], cases["west_leak"]
    real = case_assign.complaint_transition

    def refuse_parking(*, complaint, **kwargs):
        if complaint.pk == parking.pk:
            raise ValidationError({"to_status": "模拟的拒绝"})
        return real(complaint=complaint, **kwargs)

    monkeypatch.setattr(case_assign, "complaint_transition", refuse_parking)
    before = snapshot(parking)
    report = complaint_assign_bulk(complaint_ids=[parking.pk, leak.pk], actor=world["leader"], assignee=world["bob"])
    assert report.done == [leak.pk] and report.failed == {parking.pk: "模拟的拒绝"}
    assert snapshot(parking) == before


def test_a_bulk_list_is_checked_before_anything_is_written(world):
    with pytest.raises(ValidationError):
        complaint_assign_bulk(complaint_ids=[], actor=world["leader"], assignee=world["bob"])
    with pytest.raises(ValidationError):
        complaint_assign_bulk(complaint_ids=range(1, 502), actor=world["leader"], assignee=world["bob"])
