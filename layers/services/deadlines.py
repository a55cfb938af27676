"""Time limits (办理时限): when a case is due, for each time base a category can use.

Pure: the holiday calendar is passed in (the service reads it from the Holiday table), so every
rule is tested with hand-computed dates and no database.

- natural hours / natural days: elapsed time. Asia/Shanghai has had no daylight saving since 1991,
  so adding a timedelta is the same in local and UTC time.
- working days: a day is a working day when it is a 调休 make-up workday, else when it is neither
  a holiday nor a Saturday or Sunday. As in the Civil Code (民法典 art. 201 and 203), the day the
  period starts is not counted, and the period ends when business stops on its last day: 17:00.
- working hours: office hours are 09:00-17:00 Asia/Shanghai on working days, taken as one block
  (no lunch break), which is how the sub-district's duty roster counts them. A case received
  outside office hours starts counting at the next opening.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from layers.models.category import TimeBase

BEIJING = ZoneInfo("Asia/Shanghai")
OFFICE_OPENS = time(9, 0)
OFFICE_CLOSES = time(17, 0)


def is_working_day(day: date, holidays: set[date], workdays: set[date]) -> bool:
    """Working day over the calendar: make-up workdays first, then holidays, then the weekend."""
    if day in workdays:
        return True
    if day in holidays:
        return False
    return day.weekday() < 5


def _at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=BEIJING)


def _add_working_days(start: datetime, days: int, holidays: set[date], workdays: set[date]) -> datetime:
    day = start.astimezone(BEIJING).date()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, holidays, workdays):
            counted += 1
    if days == 0:
        return start
    return _at(day, OFFICE_CLOSES)


def _add_working_hours(start: datetime, hours: int, holidays: set[date], workdays: set[date]) -> datetime:
    remaining = timedelta(hours=hours)
    cursor = start.astimezone(BEIJING)
    day = cursor.date()
    while True:
        if is_working_day(day, holidays, workdays):
            begin = max(cursor, _at(day, OFFICE_OPENS))
            available = _at(day, OFFICE_CLOSES) - begin
            if remaining <= available:
                return begin + remaining
            remaining -= max(available, timedelta(0))
        day += timedelta(days=1)


def due_at(start: datetime, amount: int, base: str, holidays: set[date], workdays: set[date]) -> datetime:
    """When a case received at `start` (timezone-aware) is due, in Asia/Shanghai time.

    `holidays` are days off that would otherwise be working days; `workdays` are 调休 weekend days
    that are worked. Raises ValueError for a naive start, a negative amount or an unknown base.
    """
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware: a naive time is ambiguous across servers")
    if amount < 0:
        raise ValueError(f"time limit amount must be >= 0, got {amount}")
    if base == TimeBase.NATURAL_HOURS:
        return (start + timedelta(hours=amount)).astimezone(BEIJING)
    if base == TimeBase.NATURAL_DAYS:
        return (start + timedelta(days=amount)).astimezone(BEIJING)
    if base == TimeBase.WORKING_DAYS:
        return _add_working_days(start, amount, holidays, workdays).astimezone(BEIJING)
    if base == TimeBase.WORKING_HOURS:
        return _add_working_hours(start, amount, holidays, workdays)
    raise ValueError(f"unknown time base {base!r}; expected one of {', '.join(TimeBase.values)}")
