"""The national holiday calendar for the demo: holidays and 调休 make-up workdays as Holiday rows.

The dates are the State Council General Office's yearly notices (国务院办公厅关于YYYY年部分节假日
安排的通知), kept as data in holidays.csv with each notice named in its header. A year whose notice
is not in the file is not guessed: working days there fall back to Monday-Friday (is_working_day
in layers/services/deadlines.py without exceptions), and the load says which years those are.
"""

import csv
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from layers.models import Holiday
from layers.services import reference

CALENDAR = Path(__file__).with_name("holidays.csv")


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    name: str
    workday: bool

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


def _period(row: dict, where: str) -> Period:
    try:
        first, last = date.fromisoformat(row["first"]), date.fromisoformat(row["last"])
        days, workday = int(row["days"]), row["workday"]
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{where}: expected first,last as YYYY-MM-DD and days as a number ({exc})") from None
    if workday not in ("0", "1"):
        raise ValueError(f"{where}: workday: expected 0 or 1, got {workday!r}")
    period = Period(first, last, row["name"].strip(), workday == "1")
    if len(period.days()) != days:
        raise ValueError(f"{where}: {first}..{last} is {len(period.days())} days, the notice says {days}")
    # A make-up workday is always a weekend day the notice moves: a weekday here is a typo.
    if period.workday and (days != 1 or first.weekday() < 5):
        raise ValueError(f"{where}: 调休上班 {first} must be one Saturday or Sunday")
    return period


def read_calendar(path: Path = CALENDAR) -> list[Period]:
    """The periods of the file; ValueError naming the file, row and field for a bad row."""
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [_period(row, f"{path.name} row {i}") for i, row in enumerate(csv.DictReader(lines), start=2)]


@dataclass
class HolidayLoad:
    years: list[int]  # the years the file has notices for
    created: int
    missing: list[int] = field(default_factory=list)  # years of the demo without a notice


def load_holidays(first_year: int, last_year: int, path: Path = CALENDAR) -> HolidayLoad:
    """Store every day of the file's periods not stored yet (an edited day in the admin stays as
    edited); report which of first_year..last_year have no notice in the file."""
    periods = read_calendar(path)
    rows = {day: (p.name, p.workday) for p in periods for day in p.days()}
    existing = set(Holiday.objects.filter(date__in=list(rows)).values_list("date", flat=True))
    new = [Holiday(date=d, name=name, is_workday=workday) for d, (name, workday) in rows.items() if d not in existing]
    Holiday.objects.bulk_create(new)
    if new:
        reference.clear()  # bulk_create sends no post_save: the cached calendar must not outlive it
    years = sorted({d.year for d in rows})
    missing = [y for y in range(first_year, last_year + 1) if y not in years]
    return HolidayLoad(years=years, created=len(new), missing=missing)
