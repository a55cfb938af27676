"""A notification's words, rendered from its kind and data in the active language.

The worker stores parameters (case label, category, deadline, note …), not sentences, so the same
notification reads in Chinese in the inbox of one user and in English for another, and an e-mail
or webhook goes out in NOTIFY_LANGUAGE (default the site's zh-hans).
"""

from datetime import datetime

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext

from layers.models import Notification
from layers.privacy.text import mask_text

Kind = Notification.Kind
# The parameters people wrote (an escalation's note, a summons' or review's reason): where a
# resident's phone or ID may be, as in a case's own free text.
FREE_TEXT = ("note", "reason")


def _when(value) -> str:
    if not value:
        return gettext("未设时限")
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _holder(data: dict) -> str:
    names = [name for name in (data.get("department"), data.get("assignee")) if name]
    return " ".join(names) or gettext("（未指定）")


def _assigned(data: dict) -> str:
    return gettext("案件%(case)s已派单给%(holder)s（%(category)s），办理时限%(due)s。") % {
        "case": data.get("case"),
        "holder": _holder(data),
        "category": data.get("category"),
        "due": _when(data.get("due_at")),
    }


def _due_soon(data: dict) -> str:
    return gettext("案件%(case)s将于%(due)s到期（%(category)s），请抓紧办理。") % {
        "case": data.get("case"),
        "category": data.get("category"),
        "due": _when(data.get("due_at")),
    }


def _overdue(data: dict) -> str:
    return gettext("案件%(case)s已超过办理时限%(due)s（%(category)s）。") % {
        "case": data.get("case"),
        "category": data.get("category"),
        "due": _when(data.get("due_at")),
    }


def _escalated(data: dict) -> str:
    return gettext("案件%(case)s被督办：%(note)s") % {"case": data.get("case"), "note": data.get("note") or ""}


def _summons(data: dict) -> str:
    text = gettext("吹哨报到：请%(department)s于%(due)s前就%(subject)s报到。") % {
        "department": data.get("department"),
        "due": _when(data.get("due_at")),
        "subject": data.get("subject"),
    }
    reason = data.get("reason")
    return text + (gettext("事由：%(reason)s") % {"reason": reason} if reason else "")


def _review(data: dict) -> str:
    reason = data.get("reason") or ""
    return gettext("案件%(case)s待人工核定：%(reason)s") % {"case": data.get("case"), "reason": reason}


_RENDER = {
    Kind.ASSIGNED: _assigned,
    Kind.DUE_SOON: _due_soon,
    Kind.OVERDUE: _overdue,
    Kind.ESCALATED: _escalated,
    Kind.SUMMONS: _summons,
    Kind.REVIEW: _review,
}


def render(kind: str, data: dict) -> str:
    """The notification's sentence in the active language."""
    return _RENDER[kind](data)


def masked_data(data: dict, complaint=None) -> dict:
    """data with the personal data in its free text masked (layers.privacy), the case's complainant's
    own name and phone included: for what leaves the system (layers.notify.channels)."""
    name, phone = (complaint.complainant_name, complaint.complainant_phone) if complaint is not None else ("", "")
    return {**data, **{key: mask_text(data[key], name, phone) for key in FREE_TEXT if data.get(key)}}


def case_path(complaint_id: int) -> str:
    """Where a case is read: the office desk's case page once it exists (URL name desk:case),
    until then the case in the staff API."""
    try:
        return reverse("desk:case", args=[complaint_id])
    except NoReverseMatch:
        return reverse("complaint-detail", args=[complaint_id])


def _iso(value):
    return timezone.localtime(value).isoformat() if value is not None else None


def notification_data(n: Notification) -> dict:
    """One notification as the API (/api/notifications/) and the inbox page (/inbox/) show it, text
    in the active language."""
    case = None
    if n.complaint_id is not None:
        case = {"id": n.complaint_id, "ticket_no": n.complaint.ticket_no, "url": case_path(n.complaint_id)}
    return {
        "id": n.pk,
        "kind": n.kind,
        "kind_label": str(Notification.Kind(n.kind).label),
        "text": render(n.kind, n.data),
        "case": case,
        "summons": n.summons_id,
        "created_at": _iso(n.created_at),
        "read_at": _iso(n.read_at),
    }
