"""The weekly report (周报) of an ISO week: one dict that the HTML page, the xlsx workbook, the
management command and /api/stats/weekly/ all render, so they cannot disagree.

The report is of a fixed week: every "as of" figure (outstanding, overdue, ledger, resolution)
is taken at the end of the week, so the report of 2026-W47 reads the same when run again later
(apart from history edited since). A week still running is reported as of now and says so
(`complete` False): its counts cover Monday up to now and are compared like with like, with the
same hours of the week before and of the year before, never with a whole week. A week not begun has
no report.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from layers.analytics.aggregation import complaints_in, counts_by_many, totals, unit_counts
from layers.analytics.db import without_jit
from layers.analytics.hotspot_map import hotspot_rows
from layers.analytics.hotwords import gazetteer_words, hot_words
from layers.analytics.ledger import ledger
from layers.analytics.rates import sanlv
from layers.analytics.tackled_topics import tackled_topics
from layers.i18n import localized
from layers.models import Category, Complaint, Department, Subdistrict
from layers.models.complaint import overdue_q
from layers.moments import EXPECTED, in_range
from layers.privacy.text import mask_row, mask_text

TOP = 10
# Cases listed by name (overdue, ledger): a printed report lists the oldest, the API has them all.
LISTED = 20


def iso_week_window(week: str) -> tuple[datetime, datetime]:
    """'2026-W47' -> [Monday 00:00, next Monday 00:00) in local time (Asia/Shanghai)."""
    try:
        year, number = week.upper().split("-W")
        monday = date.fromisocalendar(int(year), int(number), 1)
    except (ValueError, AttributeError):
        raise ValueError(f"week must be an ISO week such as 2026-W47, not {week!r}") from None
    start = datetime.combine(monday, datetime.min.time(), tzinfo=timezone.get_default_timezone())
    if not (in_range(monday) and in_range(monday + timedelta(days=6))):
        raise ValueError(f"week {week!r}: {EXPECTED}")
    return start, start + timedelta(days=7)


WEEK = timedelta(days=7)


def report_window(week: str, now: datetime | None = None) -> tuple[datetime, datetime, datetime]:
    """(start, end, as_of) of a week's report: as_of is the week's end, or now while it runs.
    ValueError for a week that is not an ISO week or has not begun."""
    start, end = iso_week_window(week)
    now = now or timezone.now()
    if start > now:
        first = start.date().isoformat()
        raise ValueError(f"week {week} has not begun (it starts on {first}); 该周尚未开始（{first} 起）")
    return start, end, min(end, now)


def _labelled(rows: list[dict], labels: dict) -> list[dict]:
    return [{**r, "name": labels.get(r["key"], r["key"])} for r in rows]


def category_names() -> dict:
    """code -> name in the active language (the report is built in its reader's language)."""
    return {
        code: localized(name, name_en)
        for code, name, name_en in Category.objects.values_list("code", "name", "name_en")
    }


def _with_category_name(row: dict) -> dict:
    # Cases listed by name: their category in the active language.
    return {**row, "category__name": localized(row["category__name"], row.pop("category__name_en"))}


def _department_names(ranking: dict) -> dict:
    english = dict(Department.objects.exclude(name_en="").values_list("code", "name_en"))
    return {**ranking, "rows": [{**r, "name": localized(r["name"], english.get(r["key"]))} for r in ranking["rows"]]}


def _breakdowns(start: datetime, end: datetime) -> dict:
    categories = category_names()
    counts = counts_by_many(("category", "channel", "sishi_type"), start, end, shift=WEEK)
    return {
        "categories": _labelled(counts["category"], categories)[:TOP],
        "channels": _labelled(counts["channel"], dict(Complaint.Channel.choices)),
        "sishi_types": _labelled(counts["sishi_type"], dict(Complaint._meta.get_field("sishi_type").choices)),
    }


def _hotspots(start: datetime, end: datetime) -> dict:
    result = {}
    for level_key in ("grid-cells", "housing-projects"):
        rows = hotspot_rows(level_key, start, end)
        section_key = level_key.replace("-", "_")
        hot = sorted((r for r in rows if r["class"].startswith("hot")), key=lambda r: (-r["gi_z"], r["code"]))
        result[section_key] = {
            "top": [
                {k: r[k] for k in ("code", "name", "count", "gi_z", "gi_p_fdr", "class", "class_label")}
                for r in hot[:TOP]
            ],
            "n_hot": len(hot),
            "n_cold": sum(r["class"].startswith("cold") for r in rows),
            "n_units": len(rows),
            # Full classes for the map (code -> class); the tables use "top".
            "classes": {r["code"]: r["class"] for r in rows},
        }
    return result


def _outstanding(as_of: datetime, whole_text: bool) -> dict:
    """未办结 and 超期 as the dashboard counts them (ComplaintQuerySet: unfinished, overdue), over every
    in-area case received before as_of; the oldest overdue cases listed, their descriptions masked
    unless whole_text, then shortened (masked first: a number cut in half is no longer recognised)."""
    open_cases = Complaint.objects.unfinished().filter(received_at__lt=as_of, out_of_area=False)
    counts = open_cases.aggregate(open=Count("id"), overdue=Count("id", filter=overdue_q(as_of)))
    oldest = (
        open_cases.overdue(as_of)
        .order_by("due_at", "id")
        .values(
            "id",
            "ticket_no",
            "description",
            "category__name",
            "category__name_en",
            "community__name",
            "status",
            "due_at",
            "complainant_name",
            "complainant_phone",
        )[:LISTED]
    )
    status_labels = dict(Complaint.Status.choices)
    return {
        "open": counts["open"],
        "overdue": counts["overdue"],
        "overdue_cases": [
            {
                **_with_category_name(c),
                "status_label": status_labels[c["status"]],
                "days_overdue": (as_of - c["due_at"]).days,
                "description": c["description"][:60],
            }
            for c in (mask_row(row, ("description",), whole_text) for row in oldest)
        ],
    }


def tackled_problems() -> list[dict]:
    """Problem classes tackled as a group (主动治理), from settings.ANALYTICS_TACKLED:
    [{"category": "parking_traffic", "since": "2026-09-01", "label": "丰西路45号院停车治理"}, ...]."""
    return list(getattr(settings, "ANALYTICS_TACKLED", []))


def before_after(category: str, since: date, end: datetime, weeks: int = 8) -> dict:
    """Complaints of a category per week over the `weeks` before `since` and the last `weeks`
    up to `end`, per community and in total, with rates per 1,000 households."""
    since_dt = datetime.combine(since, datetime.min.time(), tzinfo=timezone.get_default_timezone())
    span = timedelta(weeks=weeks)
    after_start = max(since_dt, end - span)
    after_weeks = max((end - after_start).days / 7.0, 1 / 7)
    before = {r["code"]: r for r in unit_counts("communities", since_dt - span, since_dt, category)}
    after = {r["code"]: r for r in unit_counts("communities", after_start, end, category)}
    rows = []
    for code, b in before.items():
        a = after[code]
        per_week = (b["count"] / weeks, a["count"] / after_weeks)
        households = b["households"] or 0
        rows.append(
            {
                "code": code,
                "name": b["name"],
                "before_per_week": round(per_week[0], 2),
                "after_per_week": round(per_week[1], 2),
                "before_per_1000": round(per_week[0] * 1000 / households, 3) if households else None,
                "after_per_1000": round(per_week[1] * 1000 / households, 3) if households else None,
            }
        )
    total = (sum(r["count"] for r in before.values()) / weeks, sum(r["count"] for r in after.values()) / after_weeks)
    change = None if total[0] == 0 else round((total[1] - total[0]) / total[0] * 100, 1)
    return {
        "category": category,
        "since": since,
        "before_per_week": round(total[0], 2),
        "after_per_week": round(total[1], 2),
        "change_pct": change,
        "communities": sorted(rows, key=lambda r: r["code"]),
    }


def weekly_report(week: str, now: datetime | None = None, whole_text: bool = False) -> dict:
    """All the figures of the 周报 for an ISO week (see the module docstring for "as of"). The cases it
    lists show personal data in their free text masked, unless whole_text (the reader may see it on
    every case: layers.permissions.may_see_all_personal_data)."""
    start, week_end, end = report_window(week, now)
    with without_jit():
        return {
            **_weekly_report(week, start, end, whole_text),
            "week_end": week_end,
            # The last day of the week (Sunday), whether or not it has come.
            "last_day": (week_end - timedelta(days=1)).date(),
            "as_of": end,
            "complete": end == week_end,
        }


def _hot_words(start: datetime, end: datetime) -> list[dict]:
    # Masked for every reader: a frequent complainant's name or a car's plate is no hot word.
    texts = complaints_in(start, end).values_list("description", "complainant_name", "complainant_phone")
    descriptions = (mask_text(*text) for text in texts)
    return [{"word": w, "count": n} for w, n in hot_words(descriptions, extra_words=gazetteer_words())]


def _weekly_report(week: str, start: datetime, end: datetime, whole_text: bool) -> dict:
    """The figures over [start, end): the whole week, or its part up to now."""
    categories = category_names()
    tackled = []
    for item in tackled_problems():
        since = date.fromisoformat(str(item["since"]))
        if since < end.date():
            result = before_after(item["category"], since, end)
            tackled.append({**result, "label": item.get("label") or categories.get(item["category"], item["category"])})
    subdistrict = Subdistrict.objects.filter(code=settings.SUBDISTRICT_CODE).values_list("name", flat=True).first()
    ledger_now = ledger(as_of=end, start=start, end=end, limit=LISTED, whole_text=whole_text)
    ledger_now["entries"] = [_with_category_name(e) for e in ledger_now["entries"]]
    rankings = {unit: sanlv(unit, start, end, as_of=end) for unit in ("community", "department")}
    rankings["department"] = _department_names(rankings["department"])
    return {
        "week": week.upper(),
        "subdistrict": subdistrict or _("五里店街道"),
        "start": start,
        "end": end,
        "totals": totals(start, end, shift=WEEK),
        **_breakdowns(start, end),
        "hot_words": _hot_words(start, end),
        "hotspots": _hotspots(start, end),
        "outstanding": _outstanding(end, whole_text),
        # The oldest entries are listed; the totals and the 销账 rate cover the whole ledger.
        "ledger": ledger_now,
        "rankings": rankings,
        "tackled": tackled,
        # Problems tackled through co-governance topics (协商议题), found in the data, not configured.
        "tackled_topics": tackled_topics(end),
    }
