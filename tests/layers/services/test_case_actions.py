"""The case page's actions (layers/services/case_actions.py) are exactly what the services accept."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from layers.models import Complaint
from layers.services.case_actions import allowed_actions
from layers.services.case_assign import complaint_assign
from layers.services.complaints import complaint_transition
from tests.layers.desk_world import cases_world_fixture, categories_fixture, desk_world_fixture  # noqa: F401

Status = Complaint.Status


class Undo(Exception):
    """Raised inside a savepoint to roll back an accepted change after noting it."""


def accepts(call) -> bool:
    """Whether the service accepts the call; nothing it writes is kept."""
    try:
        with transaction.atomic():
            call()
            raise Undo
    except Undo:
        return True
    except (PermissionDenied, ValidationError):
        return False


def transition_to(case, user, to_status):
    extra = {"note": "理由"}
    if to_status == Status.CALLBACK:
        extra["satisfaction"] = "satisfied"
    if to_status == Status.LEDGER:
        extra |= {"ledger_owner": "城管科", "ledger_target_date": timezone.localdate() + timedelta(days=30)}
    # A fresh copy: the service refreshes the object it was given, and the change is rolled back.
    return lambda: complaint_transition(complaint=fresh(case), actor=user, to_status=to_status, **extra)


def fresh(case) -> Complaint:
    return Complaint.objects.get(pk=case.pk)


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("user", ["leader", "dept", "cadre_west", "admin"])
def test_every_offered_action_is_accepted_and_every_other_refused(desk_world, status, user):
    case = desk_world["cases"]["west_leak"]
    Complaint.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    actor = desk_world[user]
    offered = {action.to_status for action in allowed_actions(actor, case) if action.to_status}
    # Dispatch names a handler: it goes through the assignment service, not a bare transition.
    offered.discard(Status.DISPATCHED)
    accepted = {to for to in Status.values if to != Status.DISPATCHED and accepts(transition_to(case, actor, to))}
    # 回访 is offered as a call-back record (its own form), not a bare transition.
    accepted.discard(Status.CALLBACK)
    assert offered == accepted
    names = {action.name for action in allowed_actions(actor, case)}
    may_assign = accepts(lambda: complaint_assign(complaint=fresh(case), actor=actor, assignee=desk_world["bob"]))
    assert bool(names & {"dispatch", "reassign"}) == may_assign
    assert ("callback" in names) == (status in ("resolved", "callback") and user != "cadre_west")


def test_nothing_is_offered_on_a_case_the_user_only_reads(desk_world):
    taken = desk_world["cases"]["east_taken"]  # taken in by dept, in the east (not D1's)
    Complaint.objects.filter(pk=taken.pk).update(status="dispatched")
    taken.refresh_from_db()
    assert allowed_actions(desk_world["dept"], taken) == []
    assert [a.name for a in allowed_actions(desk_world["cadre_east"], taken)] == ["respond"]


def test_a_confirmed_duplicate_offers_nothing(desk_world):
    leak, noise = desk_world["cases"]["west_leak"], desk_world["cases"]["west_noise"]
    Complaint.objects.filter(pk=noise.pk).update(duplicate_of=leak, status="dispatched")
    noise.refresh_from_db()
    assert allowed_actions(desk_world["leader"], noise) == []


def test_a_closed_case_is_not_reopened(desk_world):
    noise = desk_world["cases"]["west_noise"]
    assert noise.status == "closed"
    assert allowed_actions(desk_world["leader"], noise) == []
