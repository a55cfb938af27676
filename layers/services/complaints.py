"""Writes of the complaint lifecycle: intake (complaint_create) and workflow (complaint_transition).

Every intake path (REST API, Open311, the 12345 import, the admin) calls these functions, so
validation, coordinate conversion, address matching, spatial assignment, routing, 四事四办, related
cases, time limits and the event log cannot drift apart between channels.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from layers.i18n import source_text
from layers.models import Category, Complaint, ComplaintEvent
from layers.permissions import HANDLER_ROLES, LEADERSHIP_ROLES, OFFICE_ROLES, role_of
from layers.services import reference
from layers.services.complaint_input import check_choice, clean_text, validated_intake
from layers.services.deadlines import due_at
from layers.services.geocoding import geocode_address
from layers.services.intake import lookup, write
from layers.services.related import follow_primary
from layers.services.review_flags import ADDRESS, flag
from layers.services.routing import apply_route
from layers.services.sishi import apply_suggestion, repeat_windows, summon

Status = Complaint.Status

# Which status may follow which. 退单 goes back to the 12345 centre: it either accepts the return
# (closed) or sends the case back (dispatched). An unsatisfied callback reopens the case; 挂账 ends
# with 销账 by resuming or resolving it; 督办 sends the case back into the work.
TRANSITIONS: dict[str, set[str]] = {
    Status.RECEIVED: {Status.DISPATCHED, Status.RETURNED, Status.ESCALATED},
    Status.DISPATCHED: {Status.RESPONDED, Status.RETURNED, Status.ESCALATED},
    Status.RESPONDED: {Status.IN_PROGRESS, Status.RESOLVED, Status.LEDGER, Status.ESCALATED},
    Status.IN_PROGRESS: {Status.RESOLVED, Status.LEDGER, Status.ESCALATED},
    Status.RESOLVED: {Status.CALLBACK},
    Status.CALLBACK: {Status.CLOSED, Status.IN_PROGRESS},
    Status.RETURNED: {Status.DISPATCHED, Status.CLOSED},
    Status.LEDGER: {Status.IN_PROGRESS, Status.RESOLVED},
    Status.ESCALATED: {Status.DISPATCHED, Status.IN_PROGRESS, Status.RESOLVED},
    Status.CLOSED: set(),
}

# Who may move a case into each status (the sets and their reasons: layers/permissions.py). Callback
# is the 接诉即办 office's independent check, not the handler's; 挂账 and 督办 are leadership
# decisions. Planners and agencies only read.
ALLOWED_ROLES: dict[str, frozenset[str]] = {
    Status.DISPATCHED: OFFICE_ROLES,
    Status.RESPONDED: HANDLER_ROLES,
    Status.IN_PROGRESS: HANDLER_ROLES,
    Status.RESOLVED: HANDLER_ROLES,
    Status.CALLBACK: OFFICE_ROLES,
    Status.CLOSED: OFFICE_ROLES,
    Status.RETURNED: OFFICE_ROLES,
    Status.LEDGER: LEADERSHIP_ROLES,
    Status.ESCALATED: LEADERSHIP_ROLES,
}
# A return, a ledger entry and an escalation must say why: the reason is what the next person acts on.
NOTE_REQUIRED = {Status.RETURNED, Status.LEDGER, Status.ESCALATED}
# An address matched below this confidence is used, but a person checks it (the review queue).
REVIEW_BELOW_CONFIDENCE = 0.6


def _due(category: Category, start: datetime, calendar: reference.Reference) -> datetime:
    return due_at(start, category.time_limit_amount, category.time_limit_base, calendar.holidays, calendar.workdays)


def _by_unique(**key) -> Complaint | None:
    # No .first(): its ORDER BY (the model's -received_at, -id) costs more to compile than the rest
    # of the query, and a unique key has one row at most.
    return next(iter(Complaint.objects.filter(**key).order_by()[:1]), None)


def _existing(fields: dict) -> Complaint | None:
    if fields["client_uuid"] is not None:
        found = _by_unique(client_uuid=fields["client_uuid"])
        if found is not None:
            return found
    if fields["ticket_no"] is not None:
        return _by_unique(ticket_no=fields["ticket_no"])
    return None


def locate_by_address(complaint: Complaint) -> None:
    """Without coordinates, match the address text; send unmatched or doubtful cases to review.

    A matched point is used for assignment (location_source address_match) even when doubtful:
    a probable place routes the case now, and the review corrects it if needed. Not saved.
    """
    if complaint.location is not None:
        return
    if not complaint.address:
        flag(complaint, ADDRESS, "无坐标也无地址，无法定位")
        return
    result = geocode_address(complaint.address)
    complaint.match_level, complaint.match_confidence = result.level, result.confidence
    if result.point is not None:
        complaint.location = result.point
        complaint.location_source = Complaint.LocationSource.ADDRESS_MATCH
    if result.level == Complaint.MatchLevel.NONE:
        flag(complaint, ADDRESS, f"地址未匹配：{result.reason}")
    elif result.confidence < REVIEW_BELOW_CONFIDENCE:
        flag(complaint, ADDRESS, f"地址匹配置信度低（{result.confidence:.2f}）：{result.reason}")


def _intake_note(complaint: Complaint) -> str:
    # Stored history is Chinese whatever the submitter's language (layers.i18n.source_text).
    note = f"{source_text(complaint.get_channel_display())}接诉"
    if complaint.out_of_area:
        note += "; 非本辖区 (point outside the sub-district): to be returned"
    note += f"。派单依据：{complaint.routing_reason} 四事四办：{complaint.sishi_reason}"
    return note + (f" 待人工核定：{complaint.review_reason}" if complaint.needs_review else "")


def _insert(actor, fields: dict) -> Complaint | None:
    """Place, route, classify and write a new case; None when its client_uuid or ticket is taken."""
    complaint = Complaint(**fields, status=Status.RECEIVED)
    locate_by_address(complaint)
    known = reference.current()
    found = lookup(complaint, fields["client_uuid"], fields["ticket_no"], repeat_windows(known.rules))
    if found.existing_id is not None:
        return None
    complaint.due_at = _due(fields["category"], complaint.received_at, known)
    apply_route(complaint, found.place)
    suggestion = apply_suggestion(complaint, known.rules, found.repeat_counts)
    if not suggestion.summon_department_ids:
        return complaint if write(complaint, actor, _intake_note(complaint)) else None
    # 吹哨 summonses (愁事, rare) need the new id: case and summonses in one transaction.
    with transaction.atomic():
        if not write(complaint, actor, _intake_note(complaint)):
            return None
        summon(complaint, suggestion.summon_department_ids, actor, reason=suggestion.reason)
    return complaint


def complaint_create(
    *,
    actor,
    channel,
    description,
    category_code,
    lon=None,
    lat=None,
    crs="wgs84",
    location_source=Complaint.LocationSource.GPS,
    accuracy=None,
    address="",
    complainant_name="",
    complainant_phone="",
    complainant_email="",
    device_id="",
    media_url="",
    ticket_no=None,
    client_uuid=None,
    received_at=None,
) -> tuple[Complaint, bool]:
    """Validate, locate, assign, route, classify, link and record one new complaint, atomically;
    returns (complaint, created).

    Two database round trips (layers/services/intake.py): one lookup, one write of the case with its
    first event and related links; 吹哨 summonses, when the rules call for them, join the write in
    one transaction. Categories, rules and holidays come from the per-process cache (reference.py).
    complainant_email and device_id are personal data (shown per selectors.cases.personal_data);
    media_url must be an http(s) link.

    Without coordinates the address is matched against the gazetteer (unmatched or doubtful
    cases go to the review queue). Routing (routing.py), the 四事四办 suggestion (sishi.py, with
    吹哨 summonses for 愁事) and related-case links (related.py) are made here, once, for every channel.

    Never refused for what the sender got wrong about the case: an unknown category lands under
    其他 with the name kept (source_category), unusable coordinates are ignored for the address,
    and each is put in the review queue (complaint_input.validated_intake, review_flags.py).

    Idempotent: a client_uuid or ticket_no already stored returns (that complaint unchanged, False),
    also when two requests race (the unique index decides, the loser reads the winner's row). Bad input
    raises ValidationError naming each bad field, and nothing is written. A point outside the
    sub-district is accepted with out_of_area set and no layer assigned.
    """
    fields = validated_intake(locals())
    inserted = _insert(actor, fields)
    if inserted is not None:
        return inserted, True
    # Stored before, or by a rival request just now: ON CONFLICT waited for the rival's commit
    # (READ COMMITTED), so its row is visible here.
    existing = _existing(fields)
    if existing is None:
        raise IntegrityError(
            f"complaint_create: client_uuid {fields['client_uuid']} / ticket {fields['ticket_no']} "
            "conflicted, but no stored case carries either"
        )
    return existing, False


def _check_transition(complaint: Complaint, to_status: str, note: str, satisfaction) -> None:
    if complaint.duplicate_of_id is not None:
        raise ValidationError(
            {
                "to_status": f"#{complaint.pk} 是 #{complaint.duplicate_of_id} 的重复件，随主案流转 (a confirmed "
                f"duplicate follows its primary case #{complaint.duplicate_of_id}: move that case instead)"
            }
        )
    if to_status not in TRANSITIONS[complaint.status]:
        allowed = ", ".join(f"{Status(s).label} ({s})" for s in sorted(TRANSITIONS[complaint.status])) or "none"
        raise ValidationError(
            {
                "to_status": f"cannot go from {complaint.get_status_display()} ({complaint.status}) to "
                f"{Status(to_status).label} ({to_status}); allowed: {allowed}"
            }
        )
    if to_status in NOTE_REQUIRED and not note:
        raise ValidationError({"note": f"a reason is required for {Status(to_status).label} ({to_status})"})
    if (to_status == Status.CALLBACK) != (satisfaction is not None):
        raise ValidationError({"satisfaction": "is recorded at the callback (回访), and only there"})


def _ledger_entry(to_status: str, owner, target) -> tuple[str, date | None]:
    """挂账 needs who carries the case and by when; other transitions take neither."""
    owner = clean_text(owner, "ledger_owner")
    if to_status != Status.LEDGER:
        if owner or target is not None:
            raise ValidationError({"ledger_owner": "ledger owner and target date are given only for 挂账 (ledger)"})
        return "", None
    if isinstance(target, str):
        try:
            target = date.fromisoformat(target.strip())
        except ValueError:
            raise ValidationError({"ledger_target_date": f"must be a date YYYY-MM-DD, got {target!r}"}) from None
    errors = {}
    if not owner:
        errors["ledger_owner"] = "is required for 挂账 (ledger): who carries the case"
    if not isinstance(target, date) or isinstance(target, datetime):
        errors["ledger_target_date"] = f"must be a date (计划销账日期) for 挂账, got {target!r}"
    elif target < timezone.localdate():
        errors["ledger_target_date"] = f"must not be in the past, got {target.isoformat()}"
    if errors:
        raise ValidationError(errors)
    return owner, target


def _apply(locked: Complaint, to_status: str, satisfaction, ledger: tuple[str, date | None]) -> list[str]:
    """Set the new status and what goes with it on the locked row; returns the changed fields."""
    now = timezone.now()
    from_status, locked.status = locked.status, to_status
    changed = ["status", "updated_at"]
    stamp = f"{to_status}_at"
    if getattr(locked, stamp) is None:
        setattr(locked, stamp, now)
        changed.append(stamp)
    if satisfaction is not None:
        locked.satisfaction = satisfaction
        changed.append("satisfaction")
    if to_status == Status.LEDGER:
        # Entering the ledger (again) opens a new entry: owner and target replace the old ones.
        locked.ledger_owner, locked.ledger_target_date = ledger
        locked.ledger_cleared_at = None
        changed += ["ledger_owner", "ledger_target_date", "ledger_cleared_at"]
    elif from_status == Status.LEDGER:
        locked.ledger_cleared_at = now  # 销账
        changed.append("ledger_cleared_at")
    return changed


def complaint_transition(
    *, complaint, actor, to_status, note="", satisfaction=None, ledger_owner="", ledger_target_date=None
) -> Complaint:
    """Move a complaint to `to_status` and append the event; refuse anything else, changing nothing.

    挂账 (ledger) takes ledger_owner and ledger_target_date (a date, today or later); leaving the
    ledger records 销账 (ledger_cleared_at). The case's confirmed duplicates follow it, each with
    its own event naming the primary; a confirmed duplicate cannot be moved on its own.
    Raises ValidationError for an unknown or not allowed status change, a missing reason or ledger
    entry, a misplaced satisfaction; PermissionDenied when the actor's role may not make this change.
    The row is locked, so two people acting on one case at once are applied one after the other.
    """
    to_status = check_choice(to_status, "to_status", Status)
    if satisfaction is not None:
        satisfaction = check_choice(satisfaction, "satisfaction", Complaint.Satisfaction)
    note = clean_text(note, "note")
    ledger = _ledger_entry(to_status, ledger_owner, ledger_target_date)
    role = role_of(actor) if actor is not None else None
    if role not in ALLOWED_ROLES.get(to_status, set()):
        raise PermissionDenied(f"role {role!r} may not move a case to {Status(to_status).label} ({to_status})")
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        _check_transition(locked, to_status, note, satisfaction)
        from_status = locked.status
        locked.save(update_fields=_apply(locked, to_status, satisfaction, ledger))
        # A dispatch (派单) hands the case to the handler routing chose: the event names them.
        holder = ComplaintEvent.handover(locked) if to_status == Status.DISPATCHED else {}
        ComplaintEvent.objects.create(
            complaint=locked, actor=actor, from_status=from_status, to_status=to_status, note=note, **holder
        )
        follow_primary(locked, actor, note)
    complaint.refresh_from_db()
    return complaint
