"""complaint_transition: only allowed steps, by allowed roles, each appended to the event log."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from layers.models import Complaint, Role
from layers.services.complaints import ALLOWED_ROLES, TRANSITIONS, complaint_create, complaint_transition

Status = Complaint.Status


@pytest.fixture
def complaint(categories):
    return complaint_create(actor=None, channel="hotline_12345", description="供暖不热", category_code="t_general")[0]


@pytest.fixture
def staff(make_user):
    return {role: make_user(role) for role in Role.values}


def move(complaint, actor, to_status, **kwargs):
    return complaint_transition(complaint=complaint, actor=actor, to_status=to_status, **kwargs)


def trail(complaint):
    return list(complaint.events.values_list("from_status", "to_status"))


def test_the_table_covers_every_status():
    assert set(TRANSITIONS) == set(Status.values)
    targets = set().union(*TRANSITIONS.values())
    assert targets == set(ALLOWED_ROLES)
    assert Status.RECEIVED not in targets


def test_full_lifecycle_by_the_right_roles(complaint, staff):
    steps = [
        (Role.DEPARTMENT, Status.DISPATCHED, {}),
        (Role.GRID_WORKER, Status.RESPONDED, {"note": "已电话联系诉求人"}),
        (Role.CADRE, Status.IN_PROGRESS, {}),
        (Role.CADRE, Status.RESOLVED, {"note": "已修复"}),
        (Role.DEPARTMENT, Status.CALLBACK, {"satisfaction": "satisfied"}),
        (Role.LEADER, Status.CLOSED, {}),
    ]
    for role, to_status, extra in steps:
        move(complaint, staff[role], to_status, **extra)
        assert complaint.status == to_status
    complaint.refresh_from_db()
    assert complaint.satisfaction == "satisfied"
    stamps = [complaint.dispatched_at, complaint.responded_at, complaint.resolved_at, complaint.closed_at]
    assert all(stamps) and stamps == sorted(stamps)
    assert trail(complaint) == [
        ("", "received"),
        ("received", "dispatched"),
        ("dispatched", "responded"),
        ("responded", "in_progress"),
        ("in_progress", "resolved"),
        ("resolved", "callback"),
        ("callback", "closed"),
    ]
    assert complaint.events.get(to_status="responded").actor == staff[Role.GRID_WORKER]


def test_an_invalid_transition_is_refused_and_changes_nothing(complaint, staff):
    with pytest.raises(ValidationError) as caught:
        move(complaint, staff[Role.LEADER], Status.RESOLVED)
    message = caught.value.message_dict["to_status"][0]
    assert "接诉 (received)" in message and "办结 (resolved)" in message and "派单 (dispatched)" in message
    complaint.refresh_from_db()
    assert (complaint.status, complaint.resolved_at, trail(complaint)) == ("received", None, [("", "received")])


def test_a_closed_case_goes_nowhere(complaint, staff):
    complaint.status = Status.CLOSED
    complaint.save()
    with pytest.raises(ValidationError, match="allowed: none"):
        move(complaint, staff[Role.ADMIN], Status.IN_PROGRESS)


@pytest.mark.parametrize(
    ("role", "to_status"),
    [
        (Role.GRID_WORKER, Status.DISPATCHED),
        (Role.PLANNER, Status.DISPATCHED),
        (Role.AGENCY, Status.DISPATCHED),
        (Role.DEPARTMENT, Status.ESCALATED),
        (Role.CADRE, Status.RETURNED),
    ],
)
def test_a_role_without_the_right_is_refused(complaint, staff, role, to_status):
    with pytest.raises(PermissionDenied):
        move(complaint, staff[role], to_status, note="理由")
    complaint.refresh_from_db()
    assert complaint.status == "received" and complaint.events.count() == 1


def test_no_actor_or_no_profile_is_refused(complaint):
    with pytest.raises(PermissionDenied):
        move(complaint, None, Status.DISPATCHED)
    with pytest.raises(PermissionDenied):
        move(complaint, get_user_model().objects.create_user("no-profile"), Status.DISPATCHED)


def test_a_superuser_acts_as_admin(complaint):
    admin = get_user_model().objects.create_superuser("root", password="pw-for-tests")
    assert move(complaint, admin, Status.DISPATCHED).status == "dispatched"


def test_return_ledger_and_escalation_need_a_reason(complaint, staff):
    with pytest.raises(ValidationError) as caught:
        move(complaint, staff[Role.DEPARTMENT], Status.RETURNED)
    assert "note" in caught.value.message_dict
    move(complaint, staff[Role.DEPARTMENT], Status.RETURNED, note="非本辖区: 属卢沟桥街道")
    assert complaint.events.last().note == "非本辖区: 属卢沟桥街道"


def test_satisfaction_is_recorded_at_the_callback_only(complaint, staff):
    office = staff[Role.DEPARTMENT]
    with pytest.raises(ValidationError, match="callback"):
        move(complaint, office, Status.DISPATCHED, satisfaction="satisfied")
    for to_status in (Status.DISPATCHED, Status.RESPONDED, Status.RESOLVED):
        move(complaint, office, to_status)
    with pytest.raises(ValidationError):
        move(complaint, office, Status.CALLBACK)
    with pytest.raises(ValidationError):
        move(complaint, office, Status.CALLBACK, satisfaction="so-so")
    assert complaint.status == "resolved"


def test_an_unsatisfied_callback_reopens_and_keeps_first_stage_times(complaint, staff):
    office = staff[Role.DEPARTMENT]
    for to_status in (Status.DISPATCHED, Status.RESPONDED, Status.IN_PROGRESS, Status.RESOLVED):
        move(complaint, office, to_status)
    first_in_progress = complaint.in_progress_at
    move(complaint, office, Status.CALLBACK, satisfaction="dissatisfied")
    move(complaint, office, Status.IN_PROGRESS, note="回访不满意, 重新办理")
    assert complaint.in_progress_at == first_in_progress
    assert complaint.events.filter(to_status="in_progress").count() == 2


def test_an_unknown_status_is_refused(complaint, staff):
    with pytest.raises(ValidationError) as caught:
        move(complaint, staff[Role.ADMIN], "teleported")
    assert "to_status" in caught.value.message_dict
