"""吹哨报到 for a 愁事 case or topic: summon a department (吹哨), record its report (报到).

Overdue summonses (not reported by their due time) are read through
layers/selectors/cogovernance.py (summonses_overdue), like overdue cases.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from layers.models import Role, SishiType, Summons, Topic
from layers.permissions import OFFICE_ROLES, role_of
from layers.services.cogovernance_input import clean

# How long a summoned department has to report unless the caller says otherwise [U]: the
# sub-district sets it (SUMMONS_REPORT_HOURS), 24 h is the cases engine's default too.
DEFAULT_HOURS = 24


def _hours() -> int:
    return int(getattr(settings, "SUMMONS_REPORT_HOURS", DEFAULT_HOURS))


def _subject(complaint, topic) -> None:
    if (complaint is None) == (topic is None):
        raise ValidationError({"complaint": "summon for exactly one case or one topic"})
    if complaint is not None and complaint.sishi_type != SishiType.WORRYING:
        raise ValidationError(
            {"complaint": f"吹哨报到 is for 愁事 cases; case {complaint} is {complaint.get_sishi_type_display()}"}
        )
    if topic is not None and topic.kind != Topic.Kind.CONCENTRATED:
        raise ValidationError(
            {"topic": f"吹哨报到 is for 愁事 topics; topic {topic.code} is {topic.get_kind_display()}"}
        )


def summons_create(*, actor, department, complaint=None, topic=None, reason="", due_at=None, summoned_at=None):
    """吹哨: summon `department` to report for a 愁事 case or topic by due_at (default: now +
    SUMMONS_REPORT_HOURS). A case summons each department once: a second call returns the first
    summons. Raises ValidationError naming the field, PermissionDenied for other roles."""
    role = role_of(actor) if actor is not None else None
    if role not in OFFICE_ROLES:
        raise PermissionDenied(f"role {role!r} may not summon departments")
    _subject(complaint, topic)
    reason = clean(reason, "reason", 4000)
    summoned_at = summoned_at or timezone.now()
    due_at = due_at or summoned_at + timedelta(hours=_hours())
    if due_at <= summoned_at:
        raise ValidationError({"due_at": f"must be after the summons time {summoned_at:%Y-%m-%d %H:%M}"})
    if complaint is not None:
        summons, _ = Summons.objects.get_or_create(
            complaint=complaint,
            department=department,
            defaults={"reason": reason, "summoned_by": actor, "summoned_at": summoned_at, "due_at": due_at},
        )
        return summons
    return Summons.objects.create(
        topic=topic,
        topic_ref=topic.code,
        department=department,
        reason=reason,
        summoned_by=actor,
        summoned_at=summoned_at,
        due_at=due_at,
    )


def summons_report(*, summons, actor, action, reported_at=None) -> Summons:
    """报到: the summoned department records what it did. Only its own staff (or leaders and
    admins) report; the first report time is kept, a later report updates what was done."""
    action = clean(action, "action", 4000, required=True)
    role = role_of(actor) if actor is not None else None
    if role not in OFFICE_ROLES:
        raise PermissionDenied(f"role {role!r} may not report for a department")
    if role == Role.DEPARTMENT and actor.staff.department_id != summons.department_id:
        raise PermissionDenied(f"only staff of {summons.department} report for this summons")
    with transaction.atomic():
        locked = Summons.objects.select_for_update().get(pk=summons.pk)
        locked.action = action
        locked.reported_at = locked.reported_at or reported_at or timezone.now()
        locked.save(update_fields=["action", "reported_at"])
    summons.refresh_from_db()
    return summons
