"""三率 on a hand-built month, the minimum sample, exemptions, and the 挂账 ledger."""

from datetime import date, timedelta

import pytest

from layers.analytics.ledger import ledger
from layers.analytics.rates import month_window, sanlv
from tests.layers.analytics.conftest import at

H = timedelta(hours=1)
AS_OF = at(30, 18)


@pytest.fixture
def month(grid_world, new_complaint):
    """West community: 10 assessed cases, hand-counted below; east: 3 perfect cases."""
    dept_a, dept_b = grid_world["depts"]
    made = []
    for i in range(10):
        received = at(2 + i)
        history = {"assigned_department": dept_a, "due_at": received + 7 * 24 * H}
        # Response: case 0 is urgent and answered after 3 h (limit 2 h), 1-7 within 5 h, 8 after 30 h, 9 never.
        if i == 0:
            history |= {"sishi_type": "urgent", "responded_at": received + 3 * H}
        elif i <= 7:
            history["responded_at"] = received + 5 * H
        elif i == 8:
            history["responded_at"] = received + 30 * H
        # Resolution: 0-5 resolved; 6 on the ledger; 7 still inside its limit; 8, 9 overdue.
        if i <= 5:
            history["resolved_at"] = received + 48 * H
        elif i == 6:
            history["ledger_at"] = received + 72 * H
        elif i == 7:
            history["due_at"] = AS_OF + 24 * H
        else:
            history["due_at"] = received + 24 * H
        history["satisfaction"] = {0: "satisfied", 1: "satisfied", 2: "satisfied", 3: "basically_satisfied"}.get(
            i, "dissatisfied" if i == 4 else ""
        )
        made.append(new_complaint(100, 100, received, **history))
    # Not assessed: an exempt category, a returned case, a confirmed duplicate, last month's case.
    new_complaint(120, 120, at(3), category="a_unreasonable", assigned_department=dept_a)
    new_complaint(120, 130, at(3), returned_at=at(3, 12), assigned_department=dept_a)
    new_complaint(120, 140, at(4), duplicate_of=made[0], assigned_department=dept_a)
    new_complaint(120, 150, at(28, month=10), assigned_department=dept_a)
    for i in range(3):
        received = at(5 + i)
        new_complaint(
            800,
            800,
            received,
            assigned_department=dept_b,
            responded_at=received + H,
            resolved_at=received + 5 * H,
            satisfaction="satisfied",
        )
    return made


def west_east(result):
    return {r["key"]: r for r in result["rows"]}


def test_rates_equal_the_hand_computed_values(month, grid_world, settings):
    settings.SANLV_EXEMPT_CATEGORIES = ["a_unreasonable"]
    result = sanlv("community", *month_window("2026-11"), as_of=AS_OF)
    west = west_east(result)[grid_world["west"].code]
    assert (west["n"], west["responded"], west["resolved"], west["finished"], west["rated"]) == (10, 7, 6, 9, 5)
    assert west["response_rate"] == pytest.approx(70.0)
    assert west["resolution_rate"] == pytest.approx(600 / 9)
    assert west["satisfaction_rate"] == pytest.approx(80.0)
    assert west["composite"] == pytest.approx(0.30 * 70 + 0.35 * 600 / 9 + 0.35 * 80)
    assert west["rank"] == 1


def test_unit_below_minimum_sample_is_not_ranked(month, grid_world, settings):
    settings.SANLV_EXEMPT_CATEGORIES = ["a_unreasonable"]
    rows = sanlv("community", *month_window("2026-11"), as_of=AS_OF)["rows"]
    east = west_east({"rows": rows})[grid_world["east"].code]
    assert east["composite"] == pytest.approx(100.0) and east["rank"] is None
    assert [r["key"] for r in rows] == [grid_world["west"].code, grid_world["east"].code]
    settings.SANLV_MIN_SAMPLE = 3
    ranks = {r["key"]: r["rank"] for r in sanlv("community", *month_window("2026-11"), as_of=AS_OF)["rows"]}
    assert ranks == {grid_world["east"].code: 1, grid_world["west"].code: 2}


def test_exemptions_and_weights_come_from_settings(month, grid_world, settings):
    # Without the exemption the 不合理诉求 case is assessed: 11 cases, and it was never responded to.
    west = west_east(sanlv("community", *month_window("2026-11"), as_of=AS_OF))[grid_world["west"].code]
    assert (west["n"], west["responded"]) == (11, 7)
    settings.SANLV_EXEMPT_CATEGORIES = ["a_unreasonable"]
    settings.SANLV_BASIC_SATISFIED_WEIGHT = 0.5
    settings.SANLV_WEIGHTS = {"response": 1.0, "resolution": 0.0, "satisfaction": 1.0}
    west = west_east(sanlv("community", *month_window("2026-11"), as_of=AS_OF))[grid_world["west"].code]
    assert west["satisfaction_rate"] == pytest.approx(70.0)
    assert west["composite"] == pytest.approx((70.0 + 70.0) / 2)


def test_department_and_grid_breakdowns(month, grid_world, settings):
    settings.SANLV_EXEMPT_CATEGORIES = ["a_unreasonable"]
    window = month_window("2026-11")
    by_dept = {r["key"]: r for r in sanlv("department", *window, as_of=AS_OF)["rows"]}
    assert by_dept["D1"]["n"] == 10 and by_dept["D1"]["name"] == "城市管理办公室"
    assert by_dept["D2"]["n"] == 3 and by_dept["D2"]["rank"] is None
    by_grid = {r["key"]: r["n"] for r in sanlv("grid", *window, as_of=AS_OF)["rows"]}
    assert by_grid == {grid_world["cells"][(0, 0)].code: 10, grid_world["cells"][(3, 3)].code: 3}
    with pytest.raises(ValueError, match="unit must be one of"):
        sanlv("street", *window)
    with pytest.raises(ValueError, match="2026-11"):
        month_window("November")


def test_ledger_ages_and_clear_rate(month):
    from layers.models import Complaint

    # Case 6 went on the ledger on 11-11; add a cleared entry and one with a passed target date.
    Complaint.objects.filter(pk=month[7].pk).update(ledger_at=at(9), ledger_cleared_at=at(20), ledger_owner="物业公司")
    Complaint.objects.filter(pk=month[8].pk).update(
        ledger_at=at(15), ledger_owner="产权单位", ledger_target_date=date(2026, 11, 25)
    )
    result = ledger(as_of=AS_OF, start=at(16, 0), end=at(23, 0))
    assert (result["total"], result["open"], result["cleared"]) == (3, 2, 1)
    assert result["clear_rate"] == pytest.approx(100 / 3)
    assert (result["added"], result["cleared_in_window"]) == (0, 1)
    ages = [(e["id"], e["age_days"], e["target_passed"]) for e in result["entries"]]
    assert ages == [(month[6].pk, 19, False), (month[8].pk, 15, True)]
