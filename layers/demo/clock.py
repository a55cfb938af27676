"""The demo's calendar: the year the demo data covers, ending on the day `make demo` runs.

The story (parking consultations at 丰西路45号院, the trial property company at 北大地西区, the
renovation works, the co-governance topics) was written for a year ending REFERENCE_END. A demo
year ending on another day moves every story date by the same whole number of weeks, so the
events keep their order, their spacing and their weekdays (meetings on Thursday evenings, works
starting on Mondays), and none comes closer to the end than in the story as written: nothing
lies in the future. Seasons (heating, summer rain) stay on the real calendar.

The demo stops at `as_of`: the moment of the first load when the year ends today (cases received
later that day are not there yet, stages due later have not happened), else the midnight after
the last day. load_demo stores the span (table layers_demo_clock, migration 0014); the other
loaders read it, so one `make demo`
tells one year even across midnight, and a second run on a later day keeps the year it loaded
(README: a fresh database gives a demo ending on the new day).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.utils import timezone

from layers.models import ComplaintEvent, Subdistrict, Topic
from layers.services.deadlines import BEIJING

REFERENCE_END = date(2026, 11, 25)
# The demo loaded before the year followed the load day: 1 December 2025 to the reference end.
LEGACY_START = date(2025, 12, 1)
LEGACY_RECEIVED_NOTE = "接诉（演示数据）"  # the first event of every demo case (complaint_load.NOTES)


@dataclass(frozen=True)
class Span:
    """The demo year [start, end] (Beijing dates) and the moment the demo stops (as_of)."""

    start: date
    end: date
    as_of: datetime

    @property
    def shift(self) -> timedelta:
        """How far the story moves: whole weeks, never later than the end moved (floor)."""
        return timedelta(weeks=(self.end - REFERENCE_END).days // 7)

    def story(self, day: date) -> date:
        """A story date (written for REFERENCE_END) on this demo's calendar."""
        return day + self.shift

    def story_at(self, day: str, hour: int) -> datetime:
        """A story day (ISO text) at a Beijing hour, on this demo's calendar."""
        return datetime.combine(self.story(date.fromisoformat(day)), time(hour), tzinfo=BEIJING)

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


def year_ending(end: date, now: datetime) -> Span:
    """The year that ends on `end` (from the day after the same date a year before), stopping at
    `now` if that is on `end`, else at the midnight after it."""
    # 29 February has no date a year before: the year then starts on 1 March.
    before = date(end.year - 1, 2, 28) if (end.month, end.day) == (2, 29) else end.replace(year=end.year - 1)
    midnight = datetime.combine(end + timedelta(days=1), time(0), tzinfo=BEIJING)
    return Span(before + timedelta(days=1), end, min(now.astimezone(BEIJING), midnight))


LEGACY = Span(LEGACY_START, REFERENCE_END, datetime.combine(REFERENCE_END + timedelta(days=1), time(0), tzinfo=BEIJING))


@dataclass(frozen=True)
class Clock:
    span: Span
    note: str = ""  # what the loader should tell the person running it, if anything


def _legacy_demo_loaded() -> bool:
    """Demo data from before the clock existed: its cases or its parking topic as then dated."""
    opened = LEGACY.story_at("2026-01-05", 9)
    return (
        ComplaintEvent.objects.filter(note=LEGACY_RECEIVED_NOTE).exists()
        or Topic.objects.filter(code="YT2026-001", opened_at=opened).exists()
    )


def _stored() -> Span | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT first_day, last_day, as_of FROM layers_demo_clock WHERE id = 1")
        row = cursor.fetchone()
    return Span(row[0], row[1], row[2].astimezone(BEIJING)) if row else None


def _store(span: Span) -> None:
    with connection.cursor() as cursor:
        # A clock left by a flushed database (its layers gone, see establish) is replaced.
        cursor.execute("DELETE FROM layers_demo_clock")
        cursor.execute(
            "INSERT INTO layers_demo_clock (id, first_day, last_day, as_of) VALUES (1, %s, %s, %s)",
            [span.start, span.end, span.as_of],
        )


def _kept(span: Span, end: date | None, today: date, why: str) -> Clock:
    if end is not None and end != span.end:
        raise ValueError(
            f"{why}演示年截至 {span.end}，不能改为 {end} (the demo data here ends on {span.end}; a demo "
            f"ending on {end} needs a fresh database: drop it, migrate, then run load_demo --end {end})"
        )
    if span.end == today:
        return Clock(span)
    return Clock(
        span,
        f"{why}演示数据截至 {span.end}，今天不追加 (kept: the demo here ends on {span.end}; for a demo "
        f"ending today use a fresh database, see README)",
    )


@transaction.atomic
def establish(end: date | None = None, now: datetime | None = None) -> Clock:
    """The demo's span: the stored one, else the year ending on `end` (default today), stored.

    Raises ValueError for an end after today, or one that differs from the stored demo year."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if end is not None and end > today:
        raise ValueError(f"--end {end} 晚于今天 {today} (the demo must not reach into the future)")
    span = _stored()
    # The clock holds only while its demo does: `manage.py flush` empties the tables with models, not it.
    if span is not None and Subdistrict.objects.exists():
        return _kept(span, end, today, "")
    if _legacy_demo_loaded():
        clock = _kept(LEGACY, end, today, "数据库中已有旧版演示数据；")
    else:
        clock = Clock(year_ending(end or today, now))
    _store(clock.span)
    return clock


def current() -> Span:
    """The stored span; ValueError (naming load_demo) when the demo layers were never loaded."""
    span = _stored()
    if span is None:
        raise ValueError("演示数据时钟未设置 (no demo year yet): run `python manage.py load_demo` first")
    return span
