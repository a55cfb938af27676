"""The 挂账 ledger: cases carried over with an owner and a target date, their ages, and the 销账 rate."""

from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone

from layers.models import Complaint


def ledger(
    as_of: datetime | None = None, start: datetime | None = None, end: datetime | None = None, limit: int | None = None
) -> dict:
    """Open ledger entries at as_of (oldest first, with age in days and whether the target date has
    passed; the `limit` oldest if given) and the 销账 rate: entries cleared by as_of / entries put on
    the ledger by as_of. With start/end, also how many entries were added and cleared in that window."""
    as_of = as_of or timezone.now()
    on_ledger = Complaint.objects.filter(ledger_at__lte=as_of)
    is_open = Q(ledger_cleared_at__isnull=True) | Q(ledger_cleared_at__gt=as_of)
    window = {}
    if start and end:
        window = {
            "added": Count("id", filter=Q(ledger_at__gte=start, ledger_at__lt=end)),
            "cleared_in_window": Count("id", filter=Q(ledger_cleared_at__gte=start, ledger_cleared_at__lt=end)),
        }
    summary = on_ledger.aggregate(total=Count("id"), open=Count("id", filter=is_open), **window)
    summary["cleared"] = summary["total"] - summary["open"]
    summary["clear_rate"] = None if summary["total"] == 0 else 100.0 * summary["cleared"] / summary["total"]
    entries = (
        on_ledger.filter(is_open)
        .order_by("ledger_at", "id")
        .values(
            "id",
            "ticket_no",
            "description",
            "category__name",
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
