"""The 周报 of a week still running (issue 17, part 3): reported as of now, never dated in the future,
and compared like with like (the same hours of the week before and of a year before), never with a
whole week. A week not begun has no report; a complete week is as it always was."""

from datetime import timedelta

import pytest

from layers.analytics.reports import report_window, weekly_report
from tests.layers.analytics.conftest import at, grid_world, new_complaint  # noqa: F401 (fixtures)

# 2026-W48 runs Monday 23 to Sunday 29 November; "now" is its Wednesday noon.
NOW = at(25, 12)


@pytest.fixture
def running_week(grid_world, new_complaint):  # noqa: F811
    """W48 up to Wednesday noon: 3 cases. W47: 2 by its Wednesday noon, 4 after (Thursday to Sunday)."""
    for day in (23, 24, 25):
        new_complaint(100, 100, at(day, 9), category="a_parking")
    for day in (16, 18):
        new_complaint(100, 100, at(day, 9), category="a_parking")
    for day in (19, 20, 21, 22):
        new_complaint(100, 100, at(day, 9), category="a_parking")
    # After "now": on the phone of someone whose clock runs ahead; not part of the report.
    new_complaint(100, 100, at(27, 9), category="a_parking")
    return grid_world


def test_a_running_week_is_reported_as_of_now_and_compared_with_the_same_hours(running_week):
    report = weekly_report("2026-W48", now=NOW)

    assert report["complete"] is False
    assert report["as_of"] == NOW and report["end"] == NOW
    assert report["week_end"] == at(30, 0) and report["last_day"].isoformat() == "2026-11-29"
    # 3 this week against the 2 of last week's Monday to Wednesday noon: +50 %, not -50 % against 6.
    assert (report["totals"]["count"], report["totals"]["previous"], report["totals"]["change_pct"]) == (3, 2, 50.0)
    parking = next(row for row in report["categories"] if row["key"] == "a_parking")
    assert (parking["count"], parking["previous"]) == (3, 2)


def test_a_complete_week_compares_whole_weeks(running_week):
    report = weekly_report("2026-W48", now=at(30, 0) + timedelta(days=3))

    assert report["complete"] is True and report["as_of"] == at(30, 0)
    assert (report["totals"]["count"], report["totals"]["previous"]) == (4, 6)


def test_a_week_not_begun_has_no_report(db):
    with pytest.raises(ValueError, match="2026-W49 has not begun"):
        report_window("2026-W49", now=NOW)
    with pytest.raises(ValueError, match="has not begun"):
        weekly_report("2026-W49", now=NOW)
