"""layers/planning/patrols.py (pure): frequency by hotspot strength, the days a stop is due, the budget."""

from datetime import date, timedelta

import pytest

from layers.planning import patrols
from layers.planning.patrols import Budget, Candidate

FRIDAY = date(2026, 11, 27)


def stop(code: str, x: float, y: float = 0.0, visits: int = 7, strength: float = 1.0, kind: str = "cell") -> Candidate:
    return Candidate(kind, code, f"站点{code}", x, y, 116.0, 39.0, visits, strength, "测试 / test")


@pytest.mark.parametrize(
    ("hotspot_class", "visits"),
    [("hot_99", 7), ("hot_95", 3), ("hot_90", 1), ("none", 0), ("cold_99", 0), ("cold_90", 0)],
)
def test_cell_frequency_by_hotspot_class(hotspot_class, visits):
    assert patrols.cell_visits(hotspot_class) == visits


def test_estate_frequency():
    assert patrols.estate_visits(overdue=1, repeats=0) == 3
    assert patrols.estate_visits(overdue=2, repeats=5) == 3
    assert patrols.estate_visits(overdue=0, repeats=2) == 1
    assert patrols.estate_visits(overdue=0, repeats=1) == 0
    assert patrols.estate_reason(2, 0, 28) == "超期未办结诉求2件 / 2 open cases past their time limit"


def test_visit_days_spread_over_the_week():
    assert patrols.visit_days("110106021001001", 7) == frozenset(range(7))
    assert patrols.visit_days("110106021001001", 0) == frozenset()
    offsets = set()
    for n in range(40):
        code = f"1101060210010{n:02d}"
        three = sorted(patrols.visit_days(code, 3))
        assert len(three) == 3
        # Never two visits on consecutive days of the same week-cycle: gaps of 2, 2 and 3 days.
        gaps = sorted(((b - a) % 7) for a, b in zip(three, three[1:] + three[:1], strict=True))
        assert gaps == [2, 2, 3]
        weekly = patrols.visit_days(code, 1)
        assert len(weekly) == 1
        offsets |= weekly
        # Stable: the same code gives the same days in every process (crc32, not hash()).
        assert patrols.visit_days(code, 1) == weekly
    # Weekly stops are spread over the week, not all on one day.
    assert len(offsets) >= 5


def test_due_on_a_day_and_over_a_week():
    daily, thrice, weekly = stop("A", 100, visits=7), stop("B", 200, visits=3), stop("C", 300, visits=1)
    week = [FRIDAY + timedelta(days=k) for k in range(7)]
    counts = {
        c.code: sum(c in patrols.due_on([daily, thrice, weekly], d) for d in week) for c in (daily, thrice, weekly)
    }
    assert counts == {"A": 7, "B": 3, "C": 1}


def test_due_stops_sorted_by_priority():
    a = stop("A", 0, visits=1, strength=9.0)
    b = stop("B", 0, visits=7, strength=2.0)
    c = stop("C", 0, visits=7, strength=5.0)
    everyday = [s for s in (a, b, c) if s.visits_per_week == 7]
    assert patrols.due_on(everyday, FRIDAY) == [c, b]


def test_budget_respected_and_lowest_priority_dropped():
    # Eight stops 100 m apart on a line east of the start; 10 min a stop, 70 m/min walking.
    stops = [stop(f"S{i}", 100.0 * (i + 1), strength=float(10 - i)) for i in range(8)]
    budget = Budget(minutes=60, walk_speed_m_per_min=70, minutes_per_stop=10)
    ordered, dropped, length = patrols.fit_to_budget(stops, (0.0, 0.0), budget)
    assert budget.minutes_for(length, len(ordered)) <= 60
    assert {s.code for s in ordered} | {s.code for s in dropped} == {s.code for s in stops}
    assert not {s.code for s in ordered} & {s.code for s in dropped}
    # The strongest stops stay (S0.. are strongest); what goes is the weakest, weakest first.
    kept = sorted(s.code for s in ordered)
    assert kept == [f"S{i}" for i in range(len(kept))]
    assert [s.code for s in dropped] == [f"S{i}" for i in range(7, len(kept) - 1, -1)]
    # Four stops out to 400 m and back: 800 m / 70 = 11.4 min + 40 min; a fifth would take 64.3 min.
    assert len(ordered) == 4 and length == pytest.approx(800.0)


def test_a_stop_out_of_reach_is_dropped_even_alone():
    far = stop("FAR", 20_000.0)
    budget = Budget(minutes=240, walk_speed_m_per_min=70, minutes_per_stop=10)
    ordered, dropped, length = patrols.fit_to_budget([far], (0.0, 0.0), budget)
    assert ordered == [] and dropped == [far] and length == 0.0


def test_plan_worker_fits_budget_and_orders_the_walk():
    stops = [stop("E", 300, 0), stop("W", -300, 0), stop("N", 0, 300), stop("S", 0, -300)]
    budget = Budget(minutes=240, walk_speed_m_per_min=70, minutes_per_stop=10)
    plan = patrols.plan_worker("li", "李", stops, (0.0, 0.0), (116.25, 39.86), FRIDAY, budget)
    assert sorted(s.code for s in plan.stops) == ["E", "N", "S", "W"] and plan.dropped == ()
    # Round the diamond: 300 out, four sides of 300·√2, 300 back.
    assert plan.length_m == pytest.approx(600 + 3 * 300 * 2**0.5, abs=0.1)
    assert plan.minutes == pytest.approx(plan.length_m / 70 + 40, abs=0.1)
    assert plan.minutes <= 240


def test_reason_in_the_readers_language():
    reason = patrols.cell_reason("hot_95", 4, 28)
    assert patrols.reason_in(reason, "zh-Hans") == "热点网格（95%置信），近28天诉求4件"
    assert patrols.reason_in(reason, "en") == "hot spot cell (95%), 4 cases in 28 days"
    assert patrols.reason_in("只有中文", "en") == "只有中文"


def test_parse_day_names_the_value():
    assert patrols.parse_day("2026-11-27") == FRIDAY
    with pytest.raises(ValueError, match="'2026-02-30'.*YYYY-MM-DD"):
        patrols.parse_day("2026-02-30")
