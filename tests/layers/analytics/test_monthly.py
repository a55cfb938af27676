"""The monthly 考评's counts from the database (monthly_world's hand-computed month)."""

import pytest

from layers.analytics.monthly import month_bounds, monthly_report
from tests.layers.analytics.conftest import at
from tests.layers.analytics.monthly_world import kaoping_fixture  # noqa: F401 (fixture)

NOW = at(7, 12, month=12)


def by_key(rows):
    return {r["key"]: r for r in rows}


def test_units_counts_rates_ranks_and_change(kaoping):
    report = monthly_report("2026-11", now=NOW)
    assert (report["month"], report["previous_month"], report["complete"]) == ("2026-11", "2026-10", True)
    assert report["as_of"] == at(1, 0, month=12) and str(report["last_day"]) == "2026-11-30"
    west, east = kaoping["west"].code, kaoping["east"].code
    communities = by_key(report["units"]["community"])
    w, e = communities[west], communities[east]
    assert (w["n"], w["rank"], w["composite"], w["repeat"], w["overdue"]) == (14, 1, pytest.approx(100), 2, 0)
    assert (e["n"], e["rank"], e["responded"], e["resolved"], e["finished"], e["rated"]) == (10, 2, 7, 5, 10, 5)
    assert (e["response_rate"], e["resolution_rate"], e["satisfaction_rate"]) == (70.0, 50.0, 80.0)
    assert e["composite"] == pytest.approx(66.5)
    assert (e["overdue"], e["ledger"], e["repeat"]) == (4, 2, 1)
    assert (w["change"]["rank"], e["change"]["rank"]) == (1, -1)
    assert w["change"]["composite"] == pytest.approx(100) and e["change"]["composite"] == pytest.approx(-33.5)
    assert e["previous"]["rank"] == 1 and e["previous"]["n"] == 10

    departments = by_key(report["units"]["department"])
    assert [(k, departments[k]["n"], departments[k]["rank"]) for k in ("D1", "D2", "D3")] == [
        ("D1", 12, 1),
        ("D2", 10, 2),
        ("D3", 2, None),  # below SANLV_MIN_SAMPLE: shown, not ranked
    ]
    assert departments["D3"]["change"]["rank"] is None
    assert (report["totals"]["n"], report["totals"]["overdue"], report["totals"]["ledger"]) == (24, 4, 2)
    assert report["previous_totals"]["n"] == 20


def test_interview_list_follows_the_settings(kaoping, settings):
    settings.KAOPING_INTERVIEW_BELOW, settings.KAOPING_INTERVIEW_BOTTOM = 85.0, 0
    report = monthly_report("2026-11", now=NOW)
    assert [(i["name"], i["below"]) for i in report["interview"]["community"]] == [("东社区", True)]
    assert [i["key"] for i in report["interview"]["department"]] == ["D2"]
    settings.KAOPING_INTERVIEW_BELOW, settings.KAOPING_INTERVIEW_BOTTOM = None, 1
    report = monthly_report("2026-11", now=NOW)
    assert [(i["key"], i["from_bottom"]) for i in report["interview"]["department"]] == [("D2", 1)]
    settings.KAOPING_INTERVIEW_BELOW, settings.KAOPING_INTERVIEW_BOTTOM = 50.0, 0
    assert monthly_report("2026-11", now=NOW)["interview"] == {"community": [], "department": []}


def test_minimum_sample_setting_unranks_a_unit(kaoping, settings):
    settings.SANLV_MIN_SAMPLE = 11
    communities = by_key(monthly_report("2026-11", now=NOW)["units"]["community"])
    assert communities[kaoping["east"].code]["rank"] is None and communities[kaoping["west"].code]["rank"] == 1


def test_a_running_month_is_judged_now_and_says_so(kaoping):
    report = monthly_report("2026-12", now=NOW)
    assert (report["complete"], report["as_of"], str(report["last_day"])) == (False, NOW, "2026-12-07")
    assert report["totals"]["n"] == 1  # the case "received" on the 10th is after now: not counted
    with pytest.raises(ValueError, match="has not begun"):
        month_bounds("2027-01", now=NOW)
    for bad in ("2026-13", "2026/11", "2026-11-01", ""):
        with pytest.raises(ValueError, match="month must look like"):
            month_bounds(bad, now=NOW)
