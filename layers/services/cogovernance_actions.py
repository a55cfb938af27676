"""Completing a topic's actions (issue 8). An action that resolves cases moves each of the topic's
open cases through complaint_transition, with the note "议题 <code>: <action>", so the case
workflow, its role checks and its event log stay the only way a case changes status.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from layers.models import Action, Complaint, Topic
from layers.permissions import HANDLER_ROLES, role_of
from layers.services.cogovernance_input import clean
from layers.services.complaints import TRANSITIONS, complaint_transition


@dataclass
class Completion:
    """What completing an action did: cases resolved, and open cases left as they were, with why."""

    action: Action
    resolved: list[int] = field(default_factory=list)
    left: list[tuple[int, str]] = field(default_factory=list)


def _resolve_cases(action: Action, actor, completion: Completion) -> None:
    note = f"议题 {action.topic.code}: {action.description}"
    for case in action.topic.complaints.order_by("pk"):
        if case.status == Complaint.Status.RESOLVED or Complaint.Status.RESOLVED not in TRANSITIONS[case.status]:
            # Already resolved, closed, or not yet taken up (received, dispatched): resolving such
            # a case would skip the workflow's own steps, so it is listed for staff instead.
            if case.status not in (Complaint.Status.RESOLVED, Complaint.Status.CALLBACK, Complaint.Status.CLOSED):
                completion.left.append((case.pk, case.status))
            continue
        complaint_transition(complaint=case, actor=actor, to_status=Complaint.Status.RESOLVED, note=note)
        completion.resolved.append(case.pk)


def _check_role(actor) -> None:
    role = role_of(actor) if actor is not None else None
    # Grid workers carry out actions on the ground too; planners and agencies only read.
    if role not in HANDLER_ROLES:
        raise PermissionDenied(f"role {role!r} may not complete topic actions")


def action_complete(*, action, actor, result="", completed_at=None) -> Completion:
    """Mark an action done; if it resolves cases, resolve the topic's open cases through the workflow.

    Each case that may move to 办结 (responded, in progress, on the ledger, escalated) is resolved
    by complaint_transition with the note "议题 <code>: <action>"; cases not yet responded to are
    listed in Completion.left. All or nothing: a case the actor may not resolve (PermissionDenied)
    rolls the whole completion back. The topic becomes 已办结 when its last action is done.
    Raises ValidationError if the action was completed already.
    """
    _check_role(actor)
    result = clean(result, "result", 4000)
    with transaction.atomic():
        locked = Action.objects.select_for_update().select_related("topic").get(pk=action.pk)
        if locked.completed_at is not None:
            raise ValidationError({"action": f"already completed at {locked.completed_at:%Y-%m-%d %H:%M}"})
        locked.completed_at = completed_at or timezone.now()
        locked.completed_by = actor
        locked.result = result
        locked.save(update_fields=["completed_at", "completed_by", "result"])
        completion = Completion(action=locked)
        if locked.resolves_cases:
            _resolve_cases(locked, actor, completion)
        topic = locked.topic
        if not topic.actions.filter(completed_at__isnull=True).exists():
            Topic.objects.filter(pk=topic.pk).update(status=Topic.Status.DONE, done_at=locked.completed_at)
    action.refresh_from_db()
    return completion


def action_cases_resolve(*, action, actor) -> Completion:
    """Resolve the open cases linked to a topic after its resolving action was completed (e.g.
    cases linked later, or taken up since), exactly as action_complete does. All or nothing."""
    _check_role(actor)
    with transaction.atomic():
        locked = Action.objects.select_for_update().select_related("topic").get(pk=action.pk)
        if locked.completed_at is None or not locked.resolves_cases:
            raise ValidationError({"action": "only a completed action that resolves cases can resolve them"})
        completion = Completion(action=locked)
        _resolve_cases(locked, actor, completion)
    return completion
