"""Report data: ISO weeks, and before/after figures for a problem class tackled as a group."""

from datetime import date, timedelta

import pytest

from layers.analytics.reports import before_after, iso_week_window, weekly_report
from tests.layers.analytics.conftest import at


def test_iso_week_window_is_monday_to_monday_in_beijing_time():
    start, end = iso_week_window("2026-W47")
    assert (start.isoformat(), end.isoformat()) == ("2026-11-16T00:00:00+08:00", "2026-11-23T00:00:00+08:00")
    assert iso_week_window("2026-w01")[0].date() == date(2025, 12, 29)
    for bad in ("2026-47", "2026-W54", "W47", None):
        with pytest.raises(ValueError, match="ISO week"):
            iso_week_window(bad)


@pytest.fixture
def parking(grid_world, new_complaint):
    # Tackled from Monday 2026-09-28: 2 a week in the 8 weeks before, 4 in all in the 8 weeks after.
    for week in range(8):
        for day in (0, 2):
            new_complaint(100, 100, at(3, month=8) + timedelta(days=7 * week + day), category="a_parking")
    for day in (5, 12, 19, 26):
        new_complaint(100, 100, at(day, month=10), category="a_parking")
    return grid_world


def test_before_after_of_a_tackled_problem(parking):
    result = before_after("a_parking", date(2026, 9, 28), iso_week_window("2026-W47")[1])
    assert (result["before_per_week"], result["after_per_week"], result["change_pct"]) == (2.0, 0.5, -75.0)
    west = next(c for c in result["communities"] if c["code"] == parking["west"].code)
    assert (west["before_per_1000"], west["after_per_1000"]) == (1.0, 0.25)


def test_weekly_report_lists_configured_tackled_problems(parking, settings):
    settings.ANALYTICS_TACKLED = [{"category": "a_parking", "since": "2026-09-28", "label": "丰西路45号院停车治理"}]
    report = weekly_report("2026-W47")
    assert [(p["label"], p["change_pct"]) for p in report["tackled"]] == [("丰西路45号院停车治理", -75.0)]
    settings.ANALYTICS_TACKLED = [{"category": "a_parking", "since": "2026-12-01"}]
    assert weekly_report("2026-W47")["tackled"] == []
