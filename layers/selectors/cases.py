"""Reads of cases: the queues staff work from and one case as a given user may see it.

- overdue / due_soon: running cases past, or within hours of, their time limit (办理时限; what
  running means: ComplaintQuerySet, layers/models/complaint.py);
- review_queue: cases whose place a person must confirm (address unmatched or doubtful);
- return_queue: 非本辖区 cases still waiting to be returned (退单);
- ledger: 挂账 cases with their ages (the ledger's counts and 销账 rate: layers.analytics.ledger);
- personal_data: the one rule for the complainant's name, phone, email and device id, used by the
  staff API, the mobile page and complaint_for_role (a case as plain data); case_text: the same rule
  for the personal data written into the case's free text (description, address, remarks, notes).
Each queue is a QuerySet (chainable with role scoping and filters); nothing here writes.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import DurationField, ExpressionWrapper, F, Q, QuerySet, Value
from django.utils import timezone

from layers.models import Complaint, Role
from layers.models.complaint import overdue_q, running_q
from layers.models.staff import person_name
from layers.permissions import may_see_personal_data, role_of
from layers.privacy.text import mask_text

Status = Complaint.Status
DEFAULT_DUE_SOON_HOURS = 24


def _base(queryset: QuerySet | None) -> QuerySet:
    return Complaint.objects.all() if queryset is None else queryset


def overdue(queryset: QuerySet | None = None, now: datetime | None = None) -> QuerySet:
    """Running cases past their time limit, most overdue first, with `overdue_by` (a timedelta)."""
    now = now or timezone.now()
    return (
        _base(queryset)
        .filter(overdue_q(now))
        .annotate(overdue_by=ExpressionWrapper(Value(now) - F("due_at"), output_field=DurationField()))
        .order_by("due_at", "id")
    )


def due_soon(queryset: QuerySet | None = None, now: datetime | None = None, hours: float | None = None) -> QuerySet:
    """Running cases due within `hours` (setting COMPLAINT_DUE_SOON_HOURS, default 24), soonest first."""
    now = now or timezone.now()
    if hours is None:
        hours = getattr(settings, "COMPLAINT_DUE_SOON_HOURS", DEFAULT_DUE_SOON_HOURS)
    return (
        _base(queryset)
        .filter(running_q(), due_at__gte=now, due_at__lt=now + timedelta(hours=hours))
        .annotate(time_left=ExpressionWrapper(F("due_at") - Value(now), output_field=DurationField()))
        .order_by("due_at", "id")
    )


def review_queue(queryset: QuerySet | None = None) -> QuerySet:
    """Cases waiting for a person to check something (their place, category, deadline: see
    Complaint.review_items), oldest first. Closed and returned cases have left the work, so they
    leave the queue too."""
    return (
        _base(queryset)
        .filter(needs_review=True)
        .exclude(status__in=[Status.CLOSED, Status.RETURNED])
        .order_by("received_at", "id")
    )


def return_queue(queryset: QuerySet | None = None) -> QuerySet:
    """非本辖区 cases not yet returned or closed, oldest first: the office returns them to 12345."""
    return (
        _base(queryset)
        .filter(out_of_area=True, status__in=[Status.RECEIVED, Status.DISPATCHED])
        .order_by("received_at", "id")
    )


def ledger(queryset: QuerySet | None = None, now: datetime | None = None) -> QuerySet:
    """Cases carried on the ledger now, oldest entry first, with `ledger_age` (timedelta) and
    `past_target` (target date passed)."""
    now = now or timezone.now()
    return (
        _base(queryset)
        .filter(status=Status.LEDGER)
        .annotate(
            ledger_age=ExpressionWrapper(Value(now) - F("ledger_at"), output_field=DurationField()),
            past_target=Q(ledger_target_date__lt=timezone.localdate(now)),
        )
        .order_by("ledger_at", "id")
    )


def mask_phone(phone: str) -> str:
    """138****1234: enough to recognise a number, not enough to call it."""
    phone = (phone or "").strip()
    if len(phone) >= 8:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    # Short numbers (extensions, typos) keep only their last two characters.
    return "*" * (len(phone) - 2) + phone[-2:] if len(phone) > 2 else "*" * len(phone)


def mask_name(name: str) -> str:
    """张** : the family name, enough to address a letter, not to find the person."""
    name = (name or "").strip()
    return name[:1] + "*" * (len(name) - 1) if name else ""


def mask_email(email: str) -> str:
    """z***@example.com: the first letter and the domain."""
    email = (email or "").strip()
    local, at, domain = email.partition("@")
    if not at:
        return "*" * len(email)
    return f"{local[:1]}***@{domain}"


def personal_data(user, complaint: Complaint) -> dict:
    """The complainant's name, phone, email and the reporting device as `user` may see them:
    whole when the user handles the case (may_see_personal_data: they call the complainant back), nothing
    at all for agencies (they only read and export, and exports carry no personal data), masked
    for everyone else who can read the case (138****1234, 张**, z***@example.com; no device id)."""
    if may_see_personal_data(user, complaint):
        return {
            "complainant_name": complaint.complainant_name,
            "complainant_phone": complaint.complainant_phone,
            "complainant_email": complaint.complainant_email,
            "device_id": complaint.device_id,
            "personal_data_masked": False,
        }
    if role_of(user) == Role.AGENCY:
        hidden = dict.fromkeys(("complainant_name", "complainant_phone", "complainant_email", "device_id"))
        return hidden | {"personal_data_masked": True}
    return {
        "complainant_name": mask_name(complaint.complainant_name),
        "complainant_phone": mask_phone(complaint.complainant_phone),
        "complainant_email": mask_email(complaint.complainant_email),
        "device_id": None,
        "personal_data_masked": True,
    }


def _whole(text):
    return text


def case_text(user, complaint: Complaint) -> Callable[[str | None], str | None]:
    """How `user` reads the free text of this case: whole when they may see its personal data
    (may_see_personal_data), else with phone, ID, card and plate numbers, e-mail, WeChat/QQ ids and
    the complainant's own name and phone masked (layers.privacy)."""
    if may_see_personal_data(user, complaint):
        return _whole
    name, phone = complaint.complainant_name, complaint.complainant_phone
    return lambda text: mask_text(text, name, phone)


def _iso(value):
    return value.isoformat() if value is not None else None


def complaint_for_role(user, complaint: Complaint, now: datetime | None = None) -> dict:
    """One case as plain data for `user`, personal data as personal_data() decides."""
    now = now or timezone.now()
    location = complaint.location
    text = case_text(user, complaint)
    return {
        "id": complaint.pk,
        "ticket_no": complaint.ticket_no,
        "channel": complaint.channel,
        "description": text(complaint.description),
        "category": complaint.category.code,
        "status": complaint.status,
        "status_label": complaint.get_status_display(),
        "sishi_type": complaint.sishi_type,
        "sishi_reason": text(complaint.sishi_reason),
        "is_repeat": complaint.is_repeat,
        "location": None if location is None else {"lon": location.x, "lat": location.y},
        "address": text(complaint.address),
        **personal_data(user, complaint),
        "received_at": _iso(complaint.received_at),
        "due_at": _iso(complaint.due_at),
        "overdue": complaint.is_overdue(now),
        "out_of_area": complaint.out_of_area,
        "assigned_department": str(complaint.assigned_department) if complaint.assigned_department_id else None,
        "assignee": person_name(complaint.assignee) if complaint.assignee_id else None,
        "routing_reason": text(complaint.routing_reason),
        "match_level": complaint.match_level,
        "needs_review": complaint.needs_review,
        "review_reason": text(complaint.review_reason),
        "duplicate_of": complaint.duplicate_of_id,
        "ledger_owner": text(complaint.ledger_owner),
        "ledger_target_date": _iso(complaint.ledger_target_date),
        "ledger_cleared_at": _iso(complaint.ledger_cleared_at),
    }
