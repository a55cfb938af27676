"""Before/after the works: a planted drop is detected, a flat series is not; the works period is left
out; the windows follow the works dates, the first case on record and `as_of`."""

from datetime import date, timedelta

import pytest
from scipy.stats import binomtest

from layers.models import Category, HousingProject
from layers.planning.before_after import WindowCounts, compare, per_100_per_year
from layers.selectors.planning import before_after, before_after_totals
from tests.geometry import rect
from tests.layers.planning.renovation_world import case, local

AS_OF = local("2026-07-01T00:00:00")
# Works 1 March - 30 April 2026. The first case on record is on 1 January 00:00, so the before
# window is 1 Jan - 28 Feb = 31 + 28 = 59 days; the after window is 1 May - 30 June = 31 + 30 = 61.
BEFORE_DAYS, AFTER_DAYS = 59, 61


def _spread(estate, category, first, days, n):
    for i in range(n):
        case(estate, category, local(first) + timedelta(hours=i * days * 24 // n))


@pytest.fixture
def renovated(small_world):
    repair, roads = Category.objects.get(code="housing_repair"), Category.objects.get(code="roads")
    made = {}
    for code, box in (("E", (20, 20, 180, 180)), ("F", (220, 20, 380, 180))):
        made[code] = HousingProject.objects.create(
            code=code,
            name=f"改造{code}院",
            community=small_world["west"],
            ownership="single",
            households=100,
            renovation="done",
            renovation_start=date(2026, 3, 1),
            renovation_end=date(2026, 4, 30),
            geom=rect(*box),
        )
    HousingProject.objects.create(
        code="G", name="在改院", community=small_world["west"], ownership="single", households=80,
        renovation="in_progress", renovation_start=date(2026, 6, 1), geom=rect(420, 20, 480, 80),
    )  # fmt: skip
    # H: never worked on, the control. Its leaks halve from before to after (the season, say).
    control = HousingProject.objects.create(
        code="H", name="对照院", community=small_world["east"], ownership="single", households=500,
        geom=rect(620, 20, 780, 180),
    )  # fmt: skip
    case(None, Category.objects.get(code="other"), local("2026-01-01T00:00:00"))  # the first case on record
    _spread(control, repair, "2026-01-01T09:00:00", 58, 40)
    _spread(control, repair, "2026-05-01T09:00:00", 60, 20)
    # E: a planted drop. 30 leaks before, 12 during the works (left out), 3 after.
    _spread(made["E"], repair, "2026-01-01T08:00:00", 58, 30)
    _spread(made["E"], repair, "2026-03-01T08:00:00", 60, 12)
    _spread(made["E"], repair, "2026-05-01T08:00:00", 60, 3)
    # F: flat. 20 road complaints before, 21 after (the after window is 2 days longer).
    _spread(made["F"], roads, "2026-01-01T08:00:00", 58, 20)
    _spread(made["F"], roads, "2026-05-01T08:00:00", 60, 21)
    # After as_of: must not count.
    _spread(made["E"], repair, "2026-07-02T08:00:00", 10, 5)
    return made


def _row(rows, code, category):
    return next(r for r in rows if r["code"] == code and r["category"] == category)


def test_planted_drop_is_detected_and_flat_series_is_not(renovated):
    rows = before_after(as_of=AS_OF)
    # Only finished works: G has no end date. Five infrastructure categories each for E and F.
    assert {r["code"] for r in rows} == {"E", "F"} and len(rows) == 10
    e = _row(rows, "E", "housing_repair")
    assert (e["before_count"], e["after_count"]) == (30, 3)
    assert (e["before_days"], e["after_days"]) == (BEFORE_DAYS, AFTER_DAYS)
    # 30 cases / 100 households / (59/365.25 years) * 100 = 30 * 365.25 / 59 = 185.72 per 100 a year;
    # after 3 * 365.25 / 61 = 17.963; change (3/61)/(30/59) - 1 = -90.3 %.
    assert e["before_per_100_per_year"] == pytest.approx(185.720, abs=1e-3)
    assert e["after_per_100_per_year"] == pytest.approx(17.963, abs=1e-3)
    assert e["change_pct"] == pytest.approx(-90.3) and e["direction"] == "decrease"
    # Conditional binomial: 3 of 33 cases in the after window, expected share 61/120.
    assert e["p_value"] == pytest.approx(binomtest(3, 33, 61 / 120).pvalue) and e["p_value"] < 1e-6
    assert e["significant"]
    # Beyond the control: H went from 40 to 20 leaks in the same windows. Rate ratio relative to it
    # (3/20)/(30/40) = 0.2, -80 %; the test: 3 of 33 cases after, expected share 20/60.
    assert (e["control_before_count"], e["control_after_count"]) == (40, 20)
    assert e["adjusted_change_pct"] == pytest.approx(-80.0)
    assert e["adjusted_p_value"] == pytest.approx(binomtest(3, 33, 20 / 60).pvalue) and e["adjusted_significant"]
    f = _row(rows, "F", "roads")
    assert (f["before_count"], f["after_count"]) == (20, 21)
    # (21/61)/(20/59) - 1 = +1.6 %; 21 of 41 against 61/120: nowhere near chance level.
    assert f["change_pct"] == pytest.approx(1.6) and not f["significant"] and f["p_value"] > 0.5
    # No road complaints on the control: nothing to adjust by.
    assert (f["control_before_count"], f["adjusted_change_pct"], f["adjusted_p_value"]) == (0, None, None)
    zero = _row(rows, "E", "heating")
    assert (zero["before_count"], zero["after_count"], zero["p_value"], zero["change_pct"]) == (0, 0, 1.0, None)


def test_totals_take_the_categories_together(renovated):
    totals = {r["code"]: r for r in before_after_totals(as_of=AS_OF)}
    assert (totals["E"]["before_count"], totals["E"]["after_count"]) == (30, 3) and totals["E"]["significant"]
    assert (totals["F"]["before_count"], totals["F"]["after_count"]) == (20, 21)


def test_chosen_categories_and_unknown_codes(renovated):
    rows = before_after(["roads"], as_of=AS_OF)
    assert [(r["code"], r["category"]) for r in rows] == [("E", "roads"), ("F", "roads")]
    with pytest.raises(ValueError, match=r"unknown category code\(s\) \['leaks'\]"):
        before_after(["roads", "leaks"], as_of=AS_OF)


def test_works_not_finished_by_as_of_are_left_out(renovated):
    assert before_after(as_of=local("2026-04-30T12:00:00")) == []


def test_pure_compare_and_rates():
    row = WindowCounts("X", "X院", 0, None, date(2026, 4, 30), "roads", "道路/路面", 4, 0, 10.0, 10.0)
    result = compare(row)
    assert result["before_per_100_per_year"] is None and result["change_pct"] == -100.0
    assert per_100_per_year(10, 200, 365.25) == pytest.approx(5.0)
