"""Before/after complaint counts in a topic's places, and whether the change is beyond chance."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from scipy.stats import binomtest

from layers.analytics.topic_outcome import compare_rates, topic_outcome
from layers.models import Complaint
from layers.services.cogovernance import action_complete, meeting_record, topic_open_for_area
from tests.geometry import point

PIVOT = datetime(2026, 3, 1, 19, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_compare_rates_is_the_conditional_binomial_test():
    result = compare_rates(before=40, after=8, before_days=90, after_days=90)
    assert result.p_value == pytest.approx(binomtest(8, 48, 0.5).pvalue)
    assert result.p_value < 1e-5 and result.significant and result.change == "decrease"
    assert result.rate_ratio == pytest.approx(0.2)
    # Unequal periods: 10 cases in 30 days after vs 30 in 90 before is the same rate.
    same = compare_rates(before=30, after=10, before_days=90, after_days=30)
    assert same.change == "none" and same.p_value == pytest.approx(1.0) and not same.significant
    assert compare_rates(0, 0, 90, 90).p_value == 1.0
    assert compare_rates(0, 3, 90, 90).rate_ratio is None
    with pytest.raises(ValueError):
        compare_rates(1, 1, 90, 0)


def plant(categories, where, when, category="t_parking", n=1):
    """Cases stored directly (dated in the past, as a 12345 import would): only their place, time
    and category matter here."""
    Complaint.objects.bulk_create(
        Complaint(
            channel="hotline_12345",
            description="停车难",
            category=categories[category],
            sishi_type="hoped",
            location=point(*where),
            received_at=when + timedelta(hours=i),
        )
        for i in range(n)
    )


@pytest.fixture
def topic(world, categories):
    topic = topic_open_for_area(
        actor=world["users"]["leader"],
        title="45号院停车",
        kind="co_governance",
        housing_projects=[world["estate"]],
        categories=[categories["t_parking"]],
        opened_at=PIVOT - timedelta(days=10),
    )
    meeting_record(topic=topic, actor=world["users"]["leader"], held_at=PIVOT, decisions=["施划停车位"])
    return topic


def test_a_planted_drop_is_shown_and_significant(topic, categories):
    plant(categories, (100, 100), PIVOT - timedelta(days=60), n=30)
    plant(categories, (100, 100), PIVOT + timedelta(days=30), n=5)
    # Not counted: outside the places, another category, outside the windows.
    plant(categories, (400, 400), PIVOT + timedelta(days=30), n=20)
    plant(categories, (100, 100), PIVOT + timedelta(days=30), category="t_noise", n=20)
    plant(categories, (100, 100), PIVOT - timedelta(days=200), n=20)

    outcome = topic_outcome(topic, days=90, now=PIVOT + timedelta(days=365))

    assert outcome.pivot == PIVOT and outcome.pivot_source == "first_meeting"
    assert [c.code for c in outcome.categories] == ["t_parking"]
    total = outcome.total
    assert (total.before, total.after, total.before_days, total.after_days) == (30, 5, 90, 90)
    assert total.change == "decrease" and total.significant and total.p_value < 0.001
    assert outcome.as_dict()["categories"][0]["after"] == 5


def test_no_real_change_is_not_significant(topic, categories):
    plant(categories, (100, 100), PIVOT - timedelta(days=60), n=10)
    plant(categories, (100, 100), PIVOT + timedelta(days=30), n=9)
    total = topic_outcome(topic, days=90, now=PIVOT + timedelta(days=365)).total
    assert (total.before, total.after) == (10, 9) and not total.significant


def test_a_recent_topic_compares_rates_over_the_days_so_far(topic, categories):
    plant(categories, (100, 100), PIVOT - timedelta(days=60), n=9)
    plant(categories, (100, 100), PIVOT + timedelta(days=5), n=1)
    outcome = topic_outcome(topic, days=90, now=PIVOT + timedelta(days=10))
    assert outcome.total.after_days == pytest.approx(10)
    assert outcome.total.before_rate == pytest.approx(0.1) and outcome.total.after_rate == pytest.approx(0.1)


def test_without_any_complaints_or_before_the_pivot(topic):
    empty = topic_outcome(topic, now=PIVOT + timedelta(days=30))
    assert empty.categories == [] and empty.total.before == empty.total.after == 0 and not empty.total.significant
    early = topic_outcome(topic, now=PIVOT - timedelta(days=1))
    assert early.total is None and early.as_dict()["total"] is None


def test_a_given_date_overrides_the_first_meeting(topic, categories):
    plant(categories, (100, 100), PIVOT + timedelta(days=20), n=4)
    outcome = topic_outcome(topic, pivot=PIVOT + timedelta(days=30), now=PIVOT + timedelta(days=400))
    assert outcome.pivot_source == "given" and (outcome.total.before, outcome.total.after) == (4, 0)


def test_a_completed_action_is_the_pivot(topic, world, categories):
    drawn = PIVOT + timedelta(days=20)
    meeting_record(
        topic=topic,
        actor=world["users"]["leader"],
        held_at=PIVOT + timedelta(days=10),
        actions=[{"description": "施划停车位"}],
    )
    action_complete(action=topic.actions.get(), actor=world["users"]["leader"], completed_at=drawn)
    plant(categories, (100, 100), PIVOT + timedelta(days=15), n=6)  # after the first meeting, before the lines
    outcome = topic_outcome(topic, days=30, now=PIVOT + timedelta(days=400))
    assert (outcome.pivot, outcome.pivot_source) == (drawn, "action_done")
    assert (outcome.total.before, outcome.total.after) == (6, 0)
