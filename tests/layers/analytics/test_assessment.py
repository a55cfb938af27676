"""The 考评 maths without a database: rows from counts, ranks with the minimum sample, the change
against the previous month, the 约谈 list."""

import pytest

from layers.analytics.assessment import InterviewRule, change, interview, scored, with_change
from layers.analytics.rates import Policy

POLICY = Policy(
    weights={"response": 0.30, "resolution": 0.35, "satisfaction": 0.35},
    min_sample=10,
    response_hours={"urgent": 2, "default": 24},
    basic_weight=1.0,
    exempt_categories=(),
    exempt_returned=True,
)


def counts(n, responded, resolved, finished, satisfied, rated, overdue=0, ledger=0, repeat=0):
    return {
        "n": n,
        "responded": responded,
        "resolved": resolved,
        "finished": finished,
        "satisfied": satisfied,
        "basic": 0,
        "rated": rated,
        "overdue": overdue,
        "ledger": ledger,
        "repeat": repeat,
    }


UNITS = [("A", "甲社区"), ("B", "乙社区"), ("C", "丙社区"), ("D", "丁社区")]


@pytest.fixture
def november():
    return scored(
        UNITS,
        {
            # 100 / 100 / 100 -> 100
            "A": counts(12, 12, 12, 12, 12, 12, repeat=2),
            # 70 % / 50 % / 80 %: 0.3·70 + 0.35·50 + 0.35·80 = 66.5
            "B": counts(10, 7, 5, 10, 4, 5, overdue=4, ledger=2, repeat=1),
            # perfect, but 3 cases: below the minimum sample
            "C": counts(3, 3, 3, 3, 3, 3),
        },
        POLICY,
    )


def test_rows_carry_counts_rates_and_rank(november):
    by_key = {r["key"]: r for r in november}
    assert [r["key"] for r in november] == ["A", "B", "C", "D"]  # ranked first, then by cases
    assert (by_key["A"]["rank"], by_key["A"]["composite"]) == (1, pytest.approx(100.0))
    b = by_key["B"]
    assert (b["rank"], b["response_rate"], b["resolution_rate"], b["satisfaction_rate"]) == (2, 70.0, 50.0, 80.0)
    assert b["composite"] == pytest.approx(66.5)
    assert (b["overdue"], b["ledger"], b["repeat"]) == (4, 2, 1)
    # A perfect unit under the minimum sample is shown, not ranked; a unit without cases is shown too.
    assert (by_key["C"]["rank"], by_key["C"]["composite"]) == (None, pytest.approx(100.0))
    assert (by_key["D"]["n"], by_key["D"]["rank"], by_key["D"]["composite"]) == (0, None, None)


def test_change_against_the_previous_month(november):
    october = scored(
        UNITS,
        {"A": counts(10, 0, 0, 10, 0, 0), "B": counts(10, 10, 10, 10, 10, 10), "C": counts(12, 12, 12, 12, 6, 12)},
        POLICY,
    )
    rows = {r["key"]: r for r in with_change(november, october)}
    assert rows["A"]["previous"]["rank"] == 3 and rows["A"]["change"]["rank"] == 2  # 3rd -> 1st
    assert rows["A"]["change"]["composite"] == pytest.approx(100.0)
    assert rows["B"]["change"]["rank"] == -1 and rows["B"]["change"]["composite"] == pytest.approx(-33.5)
    assert rows["B"]["change"]["response_rate"] == pytest.approx(-30.0)
    # C was ranked in October but is not now: no rank change, the rates still compare.
    assert rows["C"]["change"]["rank"] is None and rows["C"]["change"]["satisfaction_rate"] == pytest.approx(50.0)
    assert rows["D"]["change"] == {
        "rank": None,
        "response_rate": None,
        "resolution_rate": None,
        "satisfaction_rate": None,
        "composite": None,
    }
    assert change(rows["A"], None)["rank"] is None


def test_interview_below_a_score(november):
    listed = interview(november, InterviewRule(below=85.0, bottom=0))
    assert [(i["key"], i["below"], i["from_bottom"]) for i in listed] == [("B", True, None)]
    assert interview(november, InterviewRule(below=60.0, bottom=0)) == []
    # C's perfect 3 cases and D's none are never judged.
    assert interview(november, InterviewRule(below=101.0, bottom=0))[-1]["key"] == "A"
    assert {i["key"] for i in interview(november, InterviewRule(below=101.0, bottom=0))} == {"A", "B"}


def test_interview_bottom_n_with_ties():
    rows = scored(
        [(k, k) for k in "PQRST"],
        {
            "P": counts(10, 10, 10, 10, 10, 10),
            "Q": counts(10, 9, 9, 10, 9, 10),
            "R": counts(10, 5, 5, 10, 5, 10),
            "S": counts(10, 5, 5, 10, 5, 10),  # tied with R, both last
            "T": counts(2, 0, 0, 2, 0, 2),  # unranked
        },
        POLICY,
    )
    assert [(r["key"], r["rank"]) for r in rows] == [("P", 1), ("Q", 2), ("R", 3), ("S", 3), ("T", None)]
    listed = interview(rows, InterviewRule(below=None, bottom=1))
    assert [(i["key"], i["from_bottom"], i["below"]) for i in listed] == [("R", 1, False), ("S", 1, False)]
    listed = interview(rows, InterviewRule(below=None, bottom=3))
    assert [(i["key"], i["from_bottom"]) for i in listed] == [("R", 1), ("S", 1), ("Q", 3)]
    assert len(interview(rows, InterviewRule(below=None, bottom=9))) == 4  # more than there are: all ranked
    both = interview(rows, InterviewRule(below=95.0, bottom=1))
    assert [(i["key"], i["below"], i["from_bottom"]) for i in both] == [
        ("R", True, 1),
        ("S", True, 1),
        ("Q", True, None),
    ]
