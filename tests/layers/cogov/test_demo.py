"""load_demo_cogov: both demo topics through the product's services, on the demo's calendar,
idempotent, with or without the demo complaints."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from layers.analytics.topic_outcome import topic_outcome
from layers.demo import clock
from layers.demo.cogovernance import parking_drawn
from layers.models import (
    Action,
    Category,
    Complaint,
    ComplaintEvent,
    HousingProject,
    Meeting,
    Partner,
    Topic,
    TopicParticipant,
    VolunteerTeam,
)
from layers.services.deadlines import BEIJING

# The year the story was written for: every date as in layers/demo/cogovernance_story.py.
AS_WRITTEN = "2026-11-25"


@pytest.fixture
def demo_layers(db):
    call_command("load_demo", "--end", AS_WRITTEN, stdout=io.StringIO())


def load():
    out = io.StringIO()
    call_command("load_demo_cogov", stdout=out)
    return out.getvalue()


def counts():
    return [m.objects.count() for m in (Topic, Meeting, Action, TopicParticipant, Partner, VolunteerTeam)]


def test_it_refuses_before_the_demo_layers_are_loaded(db):
    with pytest.raises(CommandError, match="load_demo"):
        load()
    assert counts() == [0] * 6


def test_both_topics_with_five_meetings_for_45_and_a_second_run_adds_nothing(demo_layers):
    out = load()
    assert "协商议题 (topics) 2; 议事会 (meetings) 7" in out and "议题编号 (codes) YT2026-001, YT2026-002" in out
    parking = Topic.objects.get(code="YT2026-001")
    assert [e.name for e in parking.housing_projects.all()] == ["丰西路45号院"]
    meetings = list(parking.meetings.order_by("held_at"))
    assert len(meetings) == 5 and {m.held_at.year for m in meetings} == {2026}
    assert meetings[-1].decisions == [
        {"text": "通过方案二，施划停车位72个", "votes": {"for": 52, "against": 3, "abstain": 2}}
    ]
    drawn = parking.actions.get(description="施划停车位")
    assert drawn.completed_at > meetings[-1].held_at and drawn.resolves_cases
    assert parking.status == Topic.Status.DONE and list(parking.categories.values_list("code", flat=True)) == [
        "parking_traffic"
    ]
    beidadi = Topic.objects.get(code="YT2026-002")
    assert "先尝后买" in beidadi.title and [e.name for e in beidadi.housing_projects.all()] == ["北大地西区"]
    assert beidadi.actions.filter(completed_at__isnull=False).count() == 2
    assert beidadi.actions.filter(resolves_cases=True).count() == 1
    assert VolunteerTeam.objects.count() == 48 and Partner.objects.count() == 4
    assert parking.participants.filter(type="volunteer_team").exists()

    before = counts()
    assert "新关联诉求 (cases newly linked) 0" in load()
    assert counts() == before


def _parking_cases(estate, category, days, n, start):
    Complaint.objects.bulk_create(
        Complaint(
            channel="hotline_12345",
            description="停车难",
            category=category,
            sishi_type="hoped",
            location=estate.geom.point_on_surface,
            housing_project=estate,
            community=estate.community,
            status=Complaint.Status.RESPONDED,
            received_at=start + timedelta(days=days * i / n),
        )
        for i in range(n)
    )


def test_cases_loaded_first_are_linked_resolved_and_show_the_drop(demo_layers):
    estate = HousingProject.objects.get(name="丰西路45号院")
    parking = Category.objects.get(code="parking_traffic")
    drawn = parking_drawn(clock.current())
    # Stand-ins for load_demo_complaints: 20 cases before the topic opened, few after the lines.
    _parking_cases(estate, parking, 50, 20, datetime(2025, 11, 10, tzinfo=BEIJING))
    _parking_cases(estate, parking, 60, 30, drawn - timedelta(days=80))
    _parking_cases(estate, parking, 80, 3, drawn + timedelta(days=1))
    load()
    topic = Topic.objects.get(code="YT2026-001")
    assert topic.complaints.count() == 20
    notes = set(
        ComplaintEvent.objects.filter(complaint__topics=topic, to_status="resolved").values_list("note", flat=True)
    )
    assert notes == {"议题 YT2026-001: 施划停车位"}
    outcome = topic_outcome(topic, days=80)
    assert outcome.pivot_source == "action_done" and outcome.pivot == drawn == datetime(2026, 5, 20, 10, tzinfo=BEIJING)
    assert (outcome.total.before, outcome.total.after) == (30, 3) and outcome.total.significant


def test_cases_loaded_after_the_topics_are_linked_and_resolved_on_the_next_run(demo_layers):
    load()
    estate = HousingProject.objects.get(name="丰西路45号院")
    _parking_cases(estate, Category.objects.get(code="parking_traffic"), 30, 4, datetime(2025, 12, 1, tzinfo=BEIJING))
    assert "新关联诉求 (cases newly linked) 4" in load()
    topic = Topic.objects.get(code="YT2026-001")
    assert set(topic.complaints.values_list("status", flat=True)) == {Complaint.Status.RESOLVED}


def test_on_another_demo_year_the_story_moves_by_whole_weeks_and_the_code_follows_its_year(db):
    # A year ending 30 June 2026: 22 weeks before the year the story was written for.
    call_command("load_demo", "--end", "2026-06-30", stdout=io.StringIO())
    out = load()
    assert "议题编号 (codes) YT2025-001, YT2025-002" in out
    parking = Topic.objects.get(code="YT2025-001")
    assert parking.opened_at == datetime(2026, 1, 5, 9, tzinfo=BEIJING) - timedelta(weeks=22)
    held = [m.held_at for m in parking.meetings.order_by("held_at")]
    assert [h.date() for h in held][0] == date(2026, 1, 15) - timedelta(weeks=22)
    assert {h.astimezone(BEIJING).strftime("%a %H") for h in held} == {"Thu 19"}
    drawn = parking.actions.get(description="施划停车位")
    assert drawn.completed_at == datetime(2026, 5, 20, 10, tzinfo=BEIJING) - timedelta(weeks=22)
    assert drawn.due_date == date(2026, 5, 31) - timedelta(weeks=22)
    latest = max(a.completed_at for a in Action.objects.filter(completed_at__isnull=False))
    assert latest < clock.current().as_of
    before = counts()
    assert "新关联诉求 (cases newly linked) 0" in load() and counts() == before
