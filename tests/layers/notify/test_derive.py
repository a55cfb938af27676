"""Notifications derived from the trail, summonses and deadlines: who is told, once each."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from layers.models import Complaint, ComplaintEvent, Notification, NotifyCursor
from layers.notify.derive import derive
from layers.notify.texts import render
from layers.services.complaints import complaint_transition
from layers.services.sishi import summon

Kind = Notification.Kind


def told(kind=None) -> set[tuple[str, str]]:
    notifications = Notification.objects.select_related("recipient")
    if kind is not None:
        notifications = notifications.filter(kind=kind)
    return {(n.recipient.username, n.kind) for n in notifications}


def test_intake_alone_announces_no_assignment(new_case):
    new_case()
    assert derive(timezone.now()) == []
    assert not Notification.objects.exists()


def test_a_dispatch_tells_the_assignee_and_the_department_not_the_dispatcher(world, new_case, dispatch):
    case = dispatch(new_case(ticket_no="T-1"))
    event = case.events.get(to_status="dispatched")
    assert (event.assignee, event.department) == (world["alice"], world["department"])
    created = derive(timezone.now())
    assert len(created) == 2
    assert told() == {("alice", Kind.ASSIGNED), ("dept", Kind.ASSIGNED)}
    notification = Notification.objects.get(recipient=world["alice"])
    assert (notification.complaint, notification.key) == (case, f"event:{event.pk}")
    text = render(notification.kind, notification.data)
    assert text.startswith("案件T-1已派单给城管科 alice（测试一般），办理时限")
    # Read again (the cursor trails): nothing new.
    assert derive(timezone.now() + timedelta(seconds=30)) == []
    assert Notification.objects.count() == 2


def test_a_reassignment_of_a_dispatched_case_tells_the_new_holder(world, new_case, dispatch):
    case = dispatch(new_case())
    derive(timezone.now())
    Complaint.objects.filter(pk=case.pk).update(assignee=world["bob"])
    case.refresh_from_db()
    ComplaintEvent.record_step(case, world["leader"], "改派", handed_over=True)
    derive(timezone.now() + timedelta(seconds=30))
    assert ("bob", Kind.ASSIGNED) in told()
    assert Notification.objects.filter(recipient=world["alice"]).count() == 1


def test_escalation_tells_the_holders(world, new_case, dispatch):
    case = dispatch(new_case())
    complaint_transition(complaint=case, actor=world["leader"], to_status="escalated", note="三天未响应")
    derive(timezone.now())
    escalated = Notification.objects.filter(kind=Kind.ESCALATED)
    assert {n.recipient.username for n in escalated} == {"alice", "dept"}
    assert render(Kind.ESCALATED, escalated.first().data).endswith("被督办：三天未响应")


def test_a_summons_tells_the_department_staff(world, new_case, make_user):
    from layers.models import Department, Role

    other = Department.objects.create(code="D2", name="平安办")
    officer = make_user(Role.DEPARTMENT, "officer", department=other)
    case = new_case()
    summon(case, [other.pk], actor=world["leader"], reason="多部门")
    derive(timezone.now())
    notification = Notification.objects.get(kind=Kind.SUMMONS)
    assert notification.recipient == officer and notification.summons.department == other
    assert "请平安办于" in render(notification.kind, notification.data)


def test_deadlines_due_soon_then_overdue_once_each(world, new_case, dispatch):
    case = dispatch(new_case())
    due = case.due_at
    derive(due - timedelta(hours=3))
    assert told(Kind.DUE_SOON) == set()
    derive(due - timedelta(hours=1, minutes=59))
    derive(due - timedelta(hours=1))
    assert told(Kind.DUE_SOON) == {("alice", Kind.DUE_SOON), ("dept", Kind.DUE_SOON)}
    assert Notification.objects.filter(kind=Kind.DUE_SOON).count() == 2
    derive(due + timedelta(minutes=1))
    derive(due + timedelta(hours=2))
    assert Notification.objects.filter(kind=Kind.OVERDUE).count() == 2
    # A new deadline is a new thing to announce; a finished case is not announced.
    Complaint.objects.filter(pk=case.pk).update(due_at=due + timedelta(hours=5))
    derive(due + timedelta(hours=6))
    assert Notification.objects.filter(kind=Kind.OVERDUE).count() == 4
    Complaint.objects.filter(pk=case.pk).update(due_at=due + timedelta(hours=7), status="resolved")
    derive(due + timedelta(hours=8))
    assert Notification.objects.filter(kind=Kind.OVERDUE).count() == 4


def test_overdue_long_ago_is_not_announced(world, new_case, dispatch, settings):
    settings.NOTIFY_MAX_AGE_HOURS = 24
    case = dispatch(new_case())
    derive(case.due_at + timedelta(hours=25))
    assert not Notification.objects.filter(kind=Kind.OVERDUE).exists()


def test_review_queue_tells_the_office_roles(world, new_case, make_user, settings):
    from layers.models import Role

    admin = make_user(Role.ADMIN, "office-admin")
    case = new_case(lon=None, lat=None, address="无此地址999号")
    assert case.needs_review
    derive(timezone.now())
    assert {n.recipient for n in Notification.objects.filter(kind=Kind.REVIEW)} == {world["dept"], admin}
    settings.NOTIFY_REVIEW_ROLES = ["leader"]
    new_case(lon=None, lat=None, address="另一个无此地址")
    derive(timezone.now())
    # Both cases still wait in the queue: the new office role hears of both, the others of nothing new.
    assert Notification.objects.filter(kind=Kind.REVIEW, recipient=world["leader"]).count() == 2
    assert Notification.objects.filter(kind=Kind.REVIEW).count() == 4


def test_inactive_users_are_not_told(world, new_case, dispatch):
    world["dept"].is_active = False
    world["dept"].save(update_fields=["is_active"])
    dispatch(new_case())
    derive(timezone.now())
    assert told() == {("alice", Kind.ASSIGNED)}


@pytest.mark.parametrize(("rescan", "found"), [(600, True), (0, False)])
def test_an_event_committed_late_with_a_lower_id_is_still_found(world, new_case, dispatch, settings, rescan, found):
    """Ids are handed out before commit: a long transaction's event appears below ids already read.
    The cursor reads again from where it stood NOTIFY_RESCAN_SECONDS ago; without that trail
    (rescan 0) the late event is lost."""
    settings.NOTIFY_RESCAN_SECONDS = rescan
    late_case = new_case()
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('layers_complaintevent', 'id'))")
        reserved = cursor.fetchone()[0]
    dispatch(new_case())  # a later event, committed first
    now = timezone.now()
    derive(now)
    derive(now + timedelta(seconds=1))
    assert NotifyCursor.objects.get(source="events").checkpoint > reserved
    Complaint.objects.filter(pk=late_case.pk).update(status="dispatched")
    late_case.refresh_from_db()
    ComplaintEvent.objects.create(
        id=reserved,
        complaint=late_case,
        actor=world["leader"],
        from_status="received",
        to_status="dispatched",
        **ComplaintEvent.handover(late_case),
    )
    derive(now + timedelta(seconds=2))
    assert Notification.objects.filter(key=f"event:{reserved}").exists() is found
