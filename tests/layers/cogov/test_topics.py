"""Topics opened from cases or areas; actions that resolve the cases through the workflow."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from layers.models import Complaint, ComplaintEvent, Topic
from layers.services.cogovernance import (
    action_cases_resolve,
    action_complete,
    meeting_record,
    participant_add,
    topic_add_cases,
    topic_open_for_area,
    topic_open_from_cases,
)
from tests.geometry import point, rect

Status = Complaint.Status
BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def three_cases(make_case):
    # Two inside the estate, one in the east community outside any estate.
    return [make_case(50, 60), make_case(150, 120, status=Status.IN_PROGRESS), make_case(700, 300)]


@pytest.fixture
def parking_topic(world, three_cases):
    return topic_open_from_cases(
        actor=world["users"]["cadre_west"], cases=three_cases, title="45号院停车难", kind="co_governance"
    )


def test_a_topic_opened_from_three_cases_carries_them(parking_topic, three_cases, world, categories):
    topic = parking_topic
    assert topic.code.startswith(f"YT{topic.opened_at.year}-") and topic.status == Topic.Status.OPEN
    assert set(topic.complaints.all()) == set(three_cases)
    assert list(topic.housing_projects.all()) == [world["estate"]]
    assert set(topic.communities.values_list("code", flat=True)) == {"110106021001", "110106021002"}
    assert list(topic.categories.all()) == [categories["t_parking"]]
    # Its places: the estate outline and a 50 m disc around the case outside the estate.
    assert topic.geom.covers(world["estate"].geom.buffer(-1e-7))
    assert topic.geom.covers(point(700, 300)) and topic.geom.covers(point(740, 300))
    assert not topic.geom.covers(point(760, 300)) and not topic.geom.covers(point(400, 400))


def test_codes_are_numbered_per_year(world, make_case):
    cadre = world["users"]["cadre_west"]
    first = topic_open_from_cases(actor=cadre, cases=[make_case(50, 60)], title="一", kind="other")
    second = topic_open_from_cases(actor=cadre, cases=[make_case(60, 60)], title="二", kind="other")
    year = first.opened_at.year
    assert (first.code, second.code) == (f"YT{year}-001", f"YT{year}-002")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"cases": []}, "cases"), ({"kind": "wish"}, "kind"), ({"title": "  "}, "title"), ({"cases": [999999]}, "cases")],
)
def test_bad_input_names_the_field_and_writes_nothing(world, make_case, kwargs, field):
    arguments = {"actor": world["users"]["leader"], "cases": [make_case(50, 60)], "title": "停车", "kind": "other"}
    with pytest.raises(ValidationError) as error:
        topic_open_from_cases(**{**arguments, **kwargs})
    assert field in error.value.message_dict
    assert not Topic.objects.exists()


def test_grid_workers_and_planners_may_not_open_topics(world, make_case):
    for user in (world["users"]["sw"], world["users"]["planner"]):
        with pytest.raises(PermissionDenied):
            topic_open_from_cases(actor=user, cases=[make_case(50, 60)], title="停车", kind="other")
    assert not Topic.objects.exists()


def test_a_topic_for_an_estate_or_an_area(world):
    leader = world["users"]["leader"]
    estate_topic = topic_open_for_area(
        actor=leader, title="引入物业", kind="co_governance", housing_projects=[world["estate"]]
    )
    assert estate_topic.geom.equals_exact(world["estate"].geom, 1e-9)
    assert list(estate_topic.communities.values_list("code", flat=True)) == ["110106021001"]
    # An area drawn across the border between the two communities concerns both.
    area_topic = topic_open_for_area(actor=leader, title="背街小巷", kind="other", geom=rect(400, 400, 600, 600)[0])
    assert set(area_topic.communities.values_list("code", flat=True)) == {"110106021001", "110106021002"}
    with pytest.raises(ValidationError) as error:
        topic_open_for_area(actor=leader, title="点", kind="other", geom=point(1, 1))
    assert "geom" in error.value.message_dict


def _meeting(topic, actor, **extra):
    return meeting_record(
        topic=topic,
        actor=actor,
        held_at=datetime(2026, 3, 1, 19, 0, tzinfo=BEIJING),
        place="丰西路社区议事厅",
        decisions=[{"text": "施划停车位", "votes": {"for": 31, "against": 4, "abstain": 2}}],
        actions=[
            {"description": "施划停车位", "owner_name": "物业", "due_date": date(2026, 4, 1), "resolves_cases": True}
        ],
        **extra,
    )


def test_completing_its_action_resolves_the_cases_with_the_topic_in_their_event_log(parking_topic, world):
    cadre = world["users"]["cadre_west"]
    meeting = _meeting(parking_topic, cadre)
    parking_topic.refresh_from_db()
    assert parking_topic.status == Topic.Status.ACTING
    action = meeting.actions.get()

    completion = action_complete(action=action, actor=cadre, result="划线72个车位")

    cases = list(parking_topic.complaints.order_by("pk"))
    assert sorted(completion.resolved) == [c.pk for c in cases] and completion.left == []
    assert {c.status for c in cases} == {Status.RESOLVED}
    notes = ComplaintEvent.objects.filter(complaint__in=cases, to_status=Status.RESOLVED)
    assert sorted(notes.values_list("complaint_id", "note", "actor__username")) == [
        (c.pk, f"议题 {parking_topic.code}: 施划停车位", "cadre_w") for c in cases
    ]
    parking_topic.refresh_from_db()
    assert parking_topic.status == Topic.Status.DONE and parking_topic.done_at == action.completed_at
    with pytest.raises(ValidationError):
        action_complete(action=action, actor=cadre)


def test_cases_not_yet_taken_up_are_listed_not_forced(world, make_case):
    cadre = world["users"]["cadre_west"]
    taken_up, waiting = make_case(50, 60), make_case(60, 60, status=Status.DISPATCHED)
    topic = topic_open_from_cases(actor=cadre, cases=[taken_up, waiting], title="停车", kind="co_governance")
    completion = action_complete(action=_meeting(topic, cadre).actions.get(), actor=cadre)
    assert completion.resolved == [taken_up.pk] and completion.left == [(waiting.pk, Status.DISPATCHED)]
    waiting.refresh_from_db()
    assert waiting.status == Status.DISPATCHED


def test_cases_linked_after_completion_are_resolved_the_same_way(parking_topic, world, make_case):
    cadre = world["users"]["cadre_west"]
    action = _meeting(parking_topic, cadre).actions.get()
    with pytest.raises(ValidationError):
        action_cases_resolve(action=action, actor=cadre)
    action_complete(action=action, actor=cadre)
    late = make_case(120, 120, status=Status.IN_PROGRESS)
    topic_add_cases(topic=parking_topic, cases=[late])
    completion = action_cases_resolve(action=action, actor=cadre)
    assert completion.resolved == [late.pk]
    assert late.events.get(to_status=Status.RESOLVED).note == f"议题 {parking_topic.code}: 施划停车位"
    assert action_cases_resolve(action=action, actor=cadre).resolved == []


def test_a_refused_resolution_rolls_the_whole_completion_back(parking_topic, world):
    action = _meeting(parking_topic, world["users"]["cadre_west"]).actions.get()
    with pytest.raises(PermissionDenied):
        action_complete(action=action, actor=world["users"]["planner"])
    action.refresh_from_db()
    assert action.completed_at is None
    assert not parking_topic.complaints.filter(status=Status.RESOLVED).exists()


def test_participants_are_seated_once(parking_topic, world):
    first = participant_add(topic=parking_topic, type="owners_committee", name="45号院业委会")
    again = participant_add(topic=parking_topic, type="owners_committee", name="45号院业委会")
    department = participant_add(
        topic=parking_topic, type="department", department=world["departments"]["cgb"], name=""
    )
    assert first == again and department.name == "城市管理办公室"
    with pytest.raises(ValidationError):
        participant_add(topic=parking_topic, type="mayor", name="x")
