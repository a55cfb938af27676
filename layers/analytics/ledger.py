"""The 挂账 ledger for reports: cases carried over with an owner and a target date, their ages, and the
销账 rate. The counts come from the one ledger summary (layers.selectors.cases.ledger_summary)."""

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from layers.models import Complaint
from layers.selectors.cases import ledger_summary


def ledger(
    as_of: datetime | None = None, start: datetime | None = None, end: datetime | None = None, limit: int | None = None
) -> dict:
    """Open ledger entries at as_of (oldest first, with age in days and whether the target date has
    passed; the `limit` oldest if given) and the 销账 rate: entries cleared by as_of / entries put on
    the ledger by as_of, in per cent. With start/end, also how many entries were added and cleared in
    that window. The summary's other figures (past target, mean and oldest open age) come along."""
    as_of = as_of or timezone.now()
    summary = ledger_summary(as_of=as_of, start=start, end=end)
    is_open = Q(ledger_cleared_at__isnull=True) | Q(ledger_cleared_at__gt=as_of)
    entries = (
        Complaint.objects.filter(is_open, ledger_at__lte=as_of)
        .order_by("ledger_at", "id")
        .values(
            "id",
            "ticket_no",
            "description",
            "category__name",
            "category__name_en",
            "community__name",
            "ledger_at",
            "ledger_owner",
            "ledger_target_date",
        )
    )
    if limit is not None:
        entries = entries[:limit]
    today = timezone.localdate(as_of)
    rows = [
        {
            **e,
            "age_days": (as_of - e["ledger_at"]).days,
            "target_passed": e["ledger_target_date"] is not None and e["ledger_target_date"] < today,
        }
        for e in entries
    ]
    return {"as_of": as_of, **summary, "entries": rows}
