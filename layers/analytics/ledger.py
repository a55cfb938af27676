"""The 挂账 ledger for reports: cases carried over with an owner and a target date, their ages, and the
销账 rate. One implementation of the counts (ledger_summary) for the weekly report and /api/stats/ledger/;
the work queue of ledger cases is layers.selectors.cases.ledger."""

from datetime import datetime

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Max, Q, Value
from django.utils import timezone

from layers.models import Complaint
from layers.privacy.text import mask_row


def ledger_summary(
    as_of: datetime | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> dict:
    """The ledger as it stood at `as_of` (default now), in one query: entries ever made (total), open
    (on the ledger and not cleared by as_of), cleared (销账), clear_rate in per cent (cleared /
    total; None without entries), open entries past their target date, mean and oldest open age.
    With start and end also the entries added and cleared in [start, end)."""
    as_of = as_of or timezone.now()
    age = ExpressionWrapper(Value(as_of) - F("ledger_at"), output_field=DurationField())
    is_open = Q(ledger_cleared_at__isnull=True) | Q(ledger_cleared_at__gt=as_of)
    window = {}
    if start and end:
        window = {
            "added": Count("id", filter=Q(ledger_at__gte=start, ledger_at__lt=end)),
            "cleared_in_window": Count("id", filter=Q(ledger_cleared_at__gte=start, ledger_cleared_at__lt=end)),
        }
    totals = Complaint.objects.filter(ledger_at__lte=as_of).aggregate(
        total=Count("id"),
        open=Count("id", filter=is_open),
        past_target=Count("id", filter=is_open & Q(ledger_target_date__lt=timezone.localdate(as_of))),
        mean_open_age=Avg(age, filter=is_open),
        oldest_open_age=Max(age, filter=is_open),
        **window,
    )
    totals["cleared"] = totals["total"] - totals["open"]
    totals["clear_rate"] = 100.0 * totals["cleared"] / totals["total"] if totals["total"] else None
    return totals


def ledger(
    as_of: datetime | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    limit: int | None = None,
    whole_text: bool = False,
) -> dict:
    """Open ledger entries at as_of (oldest first, with age in days and whether the target date has
    passed; the `limit` oldest if given) and the 销账 rate: entries cleared by as_of / entries put on
    the ledger by as_of, in per cent. With start/end, also how many entries were added and cleared in
    that window. The summary's other figures (past target, mean and oldest open age) come along.
    Descriptions and owners with personal data masked, unless whole_text (may_see_all_personal_data)."""
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
            "complainant_name",
            "complainant_phone",
        )
    )
    if limit is not None:
        entries = entries[:limit]
    today = timezone.localdate(as_of)
    rows = [
        {
            **mask_row(e, ("description", "ledger_owner"), whole_text),
            "age_days": (as_of - e["ledger_at"]).days,
            "target_passed": e["ledger_target_date"] is not None and e["ledger_target_date"] < today,
        }
        for e in entries
    ]
    return {"as_of": as_of, **summary, "entries": rows}
