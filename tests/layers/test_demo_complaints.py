"""The demo complaints: seeded, seasonal, concentrated where the stories say, every channel and
status with consistent stage times; stored through validation and set-based assignment, idempotent."""

import io
from collections import Counter
from datetime import date, datetime, time, timedelta

import numpy as np
import pytest
from django.core.management import call_command

from layers.demo import generator
from layers.demo.complaints import (
    BEIDADI_WEST,
    END,
    FENGXILU_45,
    MONTHLY,
    PARKING_CONSULTED,
    PROPERTY_INTRODUCED,
    START,
    Place,
    _days,
    _scale,
    daily_rates,
    generate,
    story_rates,
)
from layers.models import Complaint, ComplaintEvent
from layers.services.deadlines import BEIJING

VOLUME = 0.3  # ~7,000 cases: enough for the patterns, quick enough for the suite
UNTIL = datetime.combine(END + timedelta(days=1), time(0), tzinfo=BEIJING)


@pytest.fixture(scope="module")
def demo_places():
    frames = generator.generate()
    estates, buildings = frames["housing-projects"], frames["buildings"]
    places = [
        Place(
            e.code,
            e.name,
            e.geometry,
            int(e.households),
            bool(e.old_estate),
            e.renovation,
            [(b.number, b.geometry) for b in buildings[buildings.estate == e.code].itertuples()],
            # The works dates as load_demo stores them (text in the file, empty when unknown).
            date.fromisoformat(e.reno_start) if e.reno_start else None,
            date.fromisoformat(e.reno_end) if e.reno_end else None,
        )
        for e in estates.itertuples()
    ]
    return places, frames["subdistrict"].geometry.iloc[0]


@pytest.fixture(scope="module")
def cases(demo_places):
    return generate(*demo_places, volume=VOLUME)


def per_day(cases, months, **match):
    days = sum(1 for d in _days() if d.month in months)
    hits = [c for c in cases if c.received_at.month in months and all(getattr(c, k) == v for k, v in match.items())]
    return len(hits) / days


def test_same_seed_same_cases_other_seed_others(demo_places):
    first, again = generate(*demo_places, volume=0.02), generate(*demo_places, volume=0.02)
    assert [(c.received_at, c.category, c.lon, c.stages) for c in first] == [
        (c.received_at, c.category, c.lon, c.stages) for c in again
    ]
    other = generate(*demo_places, seed=7, volume=0.02)
    assert [c.lon for c in other[:20]] != [c.lon for c in first[:20]]


def test_rates_add_up_to_two_thousand_a_month():
    days = list(_days())
    expected = sum(sum(daily_rates(d).values()) * _scale() + sum(story_rates(d).values()) for d in days)
    assert expected == pytest.approx(MONTHLY * 12 * len(days) / 365)


def test_sample_volume_and_period(cases):
    assert min(c.received_at.date() for c in cases) >= START and max(c.received_at.date() for c in cases) <= END
    months = Counter(c.received_at.strftime("%Y-%m") for c in cases)
    assert len(months) == 12
    full_months = [n / VOLUME for m, n in months.items() if m != "2026-11"]
    assert 1_800 <= np.mean(full_months) <= 2_200
    assert all(1_200 <= n <= 3_200 for n in full_months)


def test_seasons(cases):
    assert per_day(cases, {12, 1, 2}, category="heating") > 10 * per_day(cases, {5, 6, 7, 8, 9}, category="heating")
    for category in ("drainage", "housing_repair"):
        summer = per_day(cases, {7, 8}, category=category)
        assert summer > 2.5 * per_day(cases, {12, 1, 2, 3, 4, 5, 10, 11}, category=category)


def test_old_estates_carry_the_infrastructure_problems(cases, demo_places):
    places = demo_places[0]
    old = {p.name for p in places if p.old and p.renovation != "done"}
    household_share = sum(p.households for p in places if p.name in old) / sum(p.households for p in places)
    infra = [c for c in cases if c.place and c.category in ("heating", "housing_repair", "utilities")]
    assert sum(c.place in old for c in infra) / len(infra) > household_share + 0.1


def test_named_places_fall_after_their_fix(cases):
    def monthly(place, category, start, end):
        hits = [c for c in cases if c.place == place and c.category == category and start <= c.received_at.date() < end]
        return len(hits) / ((end - start).days / 30)

    before = monthly(FENGXILU_45, "parking_traffic", START, PARKING_CONSULTED)
    assert before > 4 * monthly(FENGXILU_45, "parking_traffic", date(2026, 8, 1), END)
    before = monthly(BEIDADI_WEST, "property", START, PROPERTY_INTRODUCED)
    assert before > 4 * monthly(BEIDADI_WEST, "property", date(2026, 6, 1), END)


def test_every_channel_and_status_with_consistent_stage_times(cases):
    assert {c.channel for c in cases} == {ch.value for ch in Complaint.Channel}
    assert {s for c in cases for s, _ in c.stages} == {s.value for s in Complaint.Status}
    finals = Counter(c.stages[-1][0] for c in cases)
    assert finals["closed"] > 0.8 * len(cases)
    assert all(finals[s] > 0 for s in ("dispatched", "in_progress", "ledger", "returned", "escalated"))
    for case in cases:
        times = [at for _, at in case.stages]
        assert times == sorted(times) and times[-1] < UNTIL and case.stages[0] == ("received", case.received_at)
        assert bool(case.satisfaction) == ("callback" in {s for s, _ in case.stages})
    rated = Counter(c.satisfaction for c in cases if c.satisfaction)
    assert rated["satisfied"] > 0.8 * sum(rated.values()) and rated["dissatisfied"] > 0


@pytest.fixture
def demo_layers(db):
    call_command("load_demo", stdout=io.StringIO())


def test_load_validates_assigns_routes_and_is_idempotent(demo_layers):
    out = io.StringIO()
    call_command("load_demo_complaints", "--volume", "0.02", stdout=out)
    stored = Complaint.objects.count()
    assert stored > 300 and f"新增 {stored}" in out.getvalue()
    inside = Complaint.objects.filter(out_of_area=False)
    assert not inside.filter(community__isnull=True).exists() and not inside.filter(grid_cell__isnull=True).exists()
    assert (
        Complaint.objects.filter(out_of_area=True, community__isnull=True).count()
        == Complaint.objects.filter(out_of_area=True).count()
    )
    assert not Complaint.objects.filter(routing_reason="").exists()
    assert not Complaint.objects.filter(due_at__isnull=True).exists()
    assert Complaint.objects.filter(housing_project__name=FENGXILU_45, category__code="parking_traffic").exists()
    for complaint in Complaint.objects.order_by("?")[:50]:
        events = list(complaint.events.order_by("at", "id"))
        assert events[0].to_status == "received" and events[-1].to_status == complaint.status
        assert complaint.received_at == events[0].at
    events = ComplaintEvent.objects.count()
    again = io.StringIO()
    call_command("load_demo_complaints", "--volume", "0.02", stdout=again)
    assert "新增 0" in again.getvalue() and f"已存在 {stored}" in again.getvalue()
    assert (Complaint.objects.count(), ComplaintEvent.objects.count()) == (stored, events)
