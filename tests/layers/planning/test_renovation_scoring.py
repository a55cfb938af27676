"""The renovation ranking on the hand-built world of renovation_world.py equals the hand computation;
the components add up with the weights to the score; the scorer alone (pure) on edge cases."""

from datetime import date
from math import sqrt

import pytest
from django.test import override_settings

from layers.planning.scoring import COMPONENTS, EstateEvidence, score_estates, trend_components
from layers.selectors.planning import month_days, renovation_evidence, renovation_scores
from tests.layers.planning.renovation_world import PERIOD, WEIGHTS, renovation_world  # noqa: F401 (fixture)

# Trend of A: monthly rates 1/31 < 2/28 < 3/31 < 4/30 rise every step: Mann-Kendall S = 6 (all 6
# pairs up), n = 4, Var(S) = 4*3*13/18 = 26/3 (no ties), z = (S - 1)/sqrt(Var) = 5/sqrt(26/3) = 1.6984;
# component = z / 1.959964 = 0.86655. B (2/31, 1/28, 0, 0) and C (4/31, 4/28, 0, 0) fall: 0.
A_TREND = 5 / sqrt(26 / 3) / 1.959964
HAND = {
    # infra per 100 households: A 10/200*100 = 5 (the highest), B 3/100*100 = 3, C 8/400*100 = 2, D 0.
    # age = (2026 - build_year)/50: A 50/50 = 1, B 25/50 = 0.5, C 40/50 = 0.8, D unknown = 0.
    # ownership = (multi + military + no owner unit)/3: A (1+0+0)/3, B 0, C (0+1+0)/3, D (0+0+1)/3.
    "A": {
        "infra_rate": 5 / 5,
        "trend": A_TREND,
        "repeat": 3 / 10,
        "unresolved": 4 / 10,
        "age": 1.0,
        "ownership": 1 / 3,
        "no_management": 1.0,
    },
    "B": {
        "infra_rate": 3 / 5,
        "trend": 0.0,
        "repeat": 0.0,
        "unresolved": 1 / 3,
        "age": 0.5,
        "ownership": 0.0,
        "no_management": 0.0,
    },
    "C": {
        "infra_rate": 2 / 5,
        "trend": 0.0,
        "repeat": 0.0,
        "unresolved": 0.0,
        "age": 0.8,
        "ownership": 1 / 3,
        "no_management": 0.0,
    },
    "D": {
        "infra_rate": 0.0,
        "trend": 0.0,
        "repeat": 0.0,
        "unresolved": 0.0,
        "age": 0.0,
        "ownership": 1 / 3,
        "no_management": 0.0,
    },
}
# Scores with the weights .30/.10/.15/.10/.15/.10/.10:
# A = .3*1 + .1*0.86655 + .15*.3 + .1*.4 + .15*1 + .1/3 + .1*1 = 0.75499
# B = .3*.6 + .1/3 + .15*.5 = 0.28833
# C = .3*.4 + .15*.8 + .1/3 = 0.27333 (renovated: listed after every candidate)
# D = .1/3 = 0.03333
HAND_SCORES = {"A": 0.754989, "B": 0.288333, "C": 0.273333, "D": 0.033333}


@pytest.mark.usefixtures("renovation_world")
@override_settings(RENOVATION_WEIGHTS=WEIGHTS)
def test_ranking_equals_the_hand_computation():
    scores = renovation_scores(*PERIOD)
    assert [s.code for s in scores] == ["A", "B", "D", "C"]
    for s in scores:
        assert s.components == pytest.approx(HAND[s.code], abs=1e-5), s.code
        assert s.score == pytest.approx(HAND_SCORES[s.code], abs=1e-5), s.code
    assert {s.code: s.infra_count for s in scores} == {"A": 10, "B": 3, "C": 8, "D": 0}
    assert {s.code: s.households for s in scores} == {"A": 200, "B": 100, "C": 400, "D": 50}


@pytest.mark.usefixtures("renovation_world")
@override_settings(RENOVATION_WEIGHTS=WEIGHTS)
def test_components_add_up_with_the_weights_to_the_score():
    for s in renovation_scores(*PERIOD):
        assert set(s.components) == set(COMPONENTS)
        assert all(0.0 <= v <= 1.0 for v in s.components.values())
        assert s.score == pytest.approx(sum(WEIGHTS[k] * s.components[k] for k in COMPONENTS))


@pytest.mark.usefixtures("renovation_world")
@override_settings(RENOVATION_WEIGHTS={**WEIGHTS, "infra_rate": 0.0, "age": 0.0, "no_management": 0.0})
def test_weights_come_from_settings():
    # Without rate, age and management: A .1*0.86655 + .15*.3 + .1*.4 + .1/3 = 0.20499, B .1/3 = 0.03333.
    scores = {s.code: s.score for s in renovation_scores(*PERIOD)}
    assert scores["A"] == pytest.approx(0.204989, abs=1e-5) and scores["B"] == pytest.approx(1 / 30, abs=1e-5)


@pytest.mark.usefixtures("renovation_world")
def test_evidence_counts_and_monthly_rates():
    evidence = {e.code: e for e in renovation_evidence(*PERIOD)}
    a = evidence["A"]
    assert (a.infra_count, a.repeat_count, a.unresolved_count, a.owner_units) == (10, 3, 4, 2)
    assert a.monthly_rates == pytest.approx((1 / 31, 2 / 28, 3 / 31, 4 / 30))
    assert evidence["C"].renovation == "done" and evidence["C"].is_military_property
    # A shorter period that ends on 30 April drops A's cases of January and February only.
    assert {e.code: e.infra_count for e in renovation_evidence(date(2026, 3, 1), date(2026, 4, 30))}["A"] == 7


def test_month_days_cut_by_the_period():
    assert month_days(date(2026, 1, 15), date(2026, 3, 10)) == [17, 28, 10]
    assert month_days(date(2026, 12, 1), date(2027, 1, 31)) == [31, 31]


def test_bad_period_is_refused(db):
    with pytest.raises(ValueError, match="end 2026-01-01 is before start 2026-02-01"):
        renovation_scores(date(2026, 2, 1), date(2026, 1, 1))


def _evidence(code, **overrides):
    fields = dict(
        id=ord(code),
        code=code,
        name=code,
        community_code="110106021001",
        households=100,
        build_year=2000,
        ownership="single",
        owner_units=1,
        is_military_property=False,
        property_company="物业",
        renovation="none",
        infra_count=0,
        repeat_count=0,
        unresolved_count=0,
        monthly_rates=(0.0, 0.0, 0.0),
    )
    return EstateEvidence(**{**fields, **overrides})


def test_pure_scorer_edge_cases():
    # No complaints anywhere: no division by zero, rate 0 for all; ties broken by code.
    flat = score_estates([_evidence("Y"), _evidence("X")], WEIGHTS, date(2026, 12, 31))
    assert [s.code for s in flat] == ["X", "Y"] and flat[0].components["infra_rate"] == 0.0
    # An estate without households cannot have a rate (0), whatever its count.
    empty = score_estates([_evidence("Z", households=0, infra_count=5)], WEIGHTS, date(2026, 12, 31))
    assert empty[0].components["infra_rate"] == 0.0 and empty[0].components["repeat"] == 0.0
    with pytest.raises(ValueError, match="unknown components"):
        score_estates([_evidence("X")], {"speed": 1.0}, date(2026, 12, 31))
    assert score_estates([], WEIGHTS, date(2026, 12, 31)) == []


def test_trend_is_capped_at_one_and_zero_for_two_months():
    rising = [_evidence("R", monthly_rates=tuple(range(12)))]
    assert trend_components(rising)[0] == 1.0
    assert trend_components([_evidence("S", monthly_rates=(0.0, 5.0))])[0] == 0.0
