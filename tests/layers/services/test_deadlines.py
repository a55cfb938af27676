"""Time limits, hand-computed over the 2025 National Day calendar.

国办发明电〔2024〕12号: 1-8 October 2025 (Wed-Wed) off; Sunday 28 September and Saturday
11 October worked (调休). Every expected value below was counted on a paper calendar.
"""

from datetime import UTC, date, datetime, timedelta

import pytest

from layers.models import TimeBase
from layers.services.deadlines import BEIJING, due_at, is_working_day

HOLIDAYS = {date(2025, 10, 1) + timedelta(days=i) for i in range(8)}
WORKDAYS = {date(2025, 9, 28), date(2025, 10, 11)}


def bj(*args) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


def due(start, amount, base, holidays=HOLIDAYS, workdays=WORKDAYS):
    return due_at(start, amount, base, holidays, workdays)


def test_working_day_rules():
    assert is_working_day(date(2025, 9, 26), HOLIDAYS, WORKDAYS)  # Friday
    assert not is_working_day(date(2025, 9, 27), HOLIDAYS, WORKDAYS)  # Saturday
    assert is_working_day(date(2025, 9, 28), HOLIDAYS, WORKDAYS)  # 调休 Sunday
    assert not is_working_day(date(2025, 10, 6), HOLIDAYS, WORKDAYS)  # holiday Monday
    assert is_working_day(date(2025, 10, 11), HOLIDAYS, WORKDAYS)  # 调休 Saturday


def test_natural_hours_ignore_the_calendar():
    assert due(bj(2025, 9, 30, 22, 0), 2, TimeBase.NATURAL_HOURS) == bj(2025, 10, 1, 0, 0)
    assert due(bj(2025, 9, 30, 10, 0), 24, TimeBase.NATURAL_HOURS) == bj(2025, 10, 1, 10, 0)


def test_natural_days_ignore_the_calendar():
    assert due(bj(2025, 9, 30, 10, 0), 7, TimeBase.NATURAL_DAYS) == bj(2025, 10, 7, 10, 0)


def test_working_days_count_a_make_up_sunday():
    # Fri 26 received; Sat 27 off, Sun 28 worked (1), Mon 29 (2), Tue 30 (3).
    assert due(bj(2025, 9, 26, 15, 0), 3, TimeBase.WORKING_DAYS) == bj(2025, 9, 30, 17, 0)


def test_working_days_skip_the_holiday_and_count_the_make_up_saturday():
    # Tue 30 Sep received; 1-8 Oct off; Thu 9 (1), Fri 10 (2), 调休 Sat 11 (3).
    assert due(bj(2025, 9, 30, 10, 0), 3, TimeBase.WORKING_DAYS) == bj(2025, 10, 11, 17, 0)


def test_working_days_without_a_calendar_are_plain_weekdays():
    # The same case if nobody had entered the holiday: Wed 1, Thu 2, Fri 3 October.
    assert due(bj(2025, 9, 30, 10, 0), 3, TimeBase.WORKING_DAYS, set(), set()) == bj(2025, 10, 3, 17, 0)


def test_working_hours_run_over_the_weekend_into_a_make_up_day():
    # Fri 26 16:00-17:00 is 1 h; Sat off; 调休 Sun 28 09:00 + 3 h.
    assert due(bj(2025, 9, 26, 16, 0), 4, TimeBase.WORKING_HOURS) == bj(2025, 9, 28, 12, 0)


def test_working_hours_start_at_opening_and_end_at_closing():
    # Received before opening: a full 8 h day ends at 17:00 the same day, not 09:00 the next.
    assert due(bj(2025, 9, 29, 7, 30), 8, TimeBase.WORKING_HOURS) == bj(2025, 9, 29, 17, 0)
    assert due(bj(2025, 9, 29, 9, 0), 16, TimeBase.WORKING_HOURS) == bj(2025, 9, 30, 17, 0)


def test_working_hours_after_closing_wait_for_the_end_of_the_holiday():
    # Tue 30 Sep 18:00: closed; 1-8 Oct off; Thu 9 Oct 09:00 + 2 h.
    assert due(bj(2025, 9, 30, 18, 0), 2, TimeBase.WORKING_HOURS) == bj(2025, 10, 9, 11, 0)


def test_start_in_utc_is_counted_in_beijing_office_hours():
    # 01:00 UTC is 09:00 in Beijing.
    result = due(datetime(2025, 9, 29, 1, 0, tzinfo=UTC), 1, TimeBase.WORKING_HOURS)
    assert result == bj(2025, 9, 29, 10, 0)
    assert result.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize(
    ("start", "amount", "base"),
    [
        (datetime(2025, 9, 29, 9, 0), 1, TimeBase.NATURAL_HOURS),
        (bj(2025, 9, 29, 9, 0), -1, TimeBase.NATURAL_DAYS),
        (bj(2025, 9, 29, 9, 0), 1, "fortnights"),
    ],
)
def test_bad_input_is_refused(start, amount, base):
    with pytest.raises(ValueError):
        due(start, amount, base)
