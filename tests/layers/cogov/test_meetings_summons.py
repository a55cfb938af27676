"""Meetings with votes (validated, idempotent) and 吹哨报到 with overdue reports."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from layers.models import Action, Meeting, Summons
from layers.selectors.cogovernance import summonses_overdue, topic_timeline
from layers.services.cogovernance import meeting_record, topic_open_for_area, topic_open_from_cases
from layers.services.cogovernance_summons import summons_create, summons_report

BEIJING = ZoneInfo("Asia/Shanghai")
HELD = datetime(2026, 1, 10, 19, 0, tzinfo=BEIJING)


@pytest.fixture
def topic(world):
    return topic_open_for_area(
        actor=world["users"]["leader"],
        title="噪音扰民",
        kind="concentrated",
        housing_projects=[world["estate"]],
        opened_at=HELD - timedelta(days=5),
    )


@pytest.mark.parametrize(
    ("decisions", "field"),
    [
        ([{"text": "同意"}, {"text": "划线", "votes": {"for": -1}}], "decisions[1].votes.for"),
        ([{"text": "划线", "votes": {"for": 3, "maybe": 1}}], "decisions[0].votes"),
        ([{"text": ""}], "decisions[0].text"),
        ("划线", "decisions"),
    ],
)
def test_bad_decisions_name_the_entry_and_write_nothing(topic, world, decisions, field):
    with pytest.raises(ValidationError) as error:
        meeting_record(
            topic=topic,
            actor=world["users"]["leader"],
            held_at=HELD,
            decisions=decisions,
            actions=[{"description": "施划停车位"}],
        )
    assert field in error.value.message_dict
    assert not Meeting.objects.exists() and not Action.objects.exists()


def test_a_meeting_is_recorded_once_with_its_votes_and_actions(topic, world):
    arguments = {
        "topic": topic,
        "actor": world["users"]["cadre_west"],
        "held_at": HELD,
        "attendees": ["居民代表12人", {"type": "物业企业", "name": "某物业"}],
        "decisions": ["继续征求意见", {"text": "夜间限行", "votes": {"for": 20, "against": 3}}],
        "actions": [{"description": "设置限行标志", "owner_department": world["departments"]["cgb"]}],
    }
    meeting = meeting_record(**arguments)
    again = meeting_record(**{**arguments, "decisions": []})
    assert again == meeting and Meeting.objects.count() == 1 and Action.objects.count() == 1
    assert meeting.decisions == [
        {"text": "继续征求意见"},
        {"text": "夜间限行", "votes": {"for": 20, "against": 3, "abstain": 0}},
    ]
    assert meeting.attendees == [{"name": "居民代表12人"}, {"type": "物业企业", "name": "某物业"}]
    assert [e["kind"] for e in topic_timeline(topic)] == ["opened", "meeting"]


def test_a_department_that_has_not_reported_by_its_due_time_is_overdue(topic, world):
    leader, cgb, pajs = world["users"]["leader"], world["departments"]["cgb"], world["departments"]["pajs"]
    now = timezone.now()
    late = summons_create(actor=leader, department=cgb, topic=topic, summoned_at=now - timedelta(hours=30))
    reported = summons_create(actor=leader, department=pajs, topic=topic, summoned_at=now - timedelta(hours=30))
    not_yet_due = summons_create(actor=leader, department=pajs, topic=topic, due_at=now + timedelta(hours=2))
    assert late.due_at == late.summoned_at + timedelta(hours=24) and late.topic_ref == topic.code

    summons_report(summons=reported, actor=world["users"]["dept_pajs"], action="已清理占道")

    assert list(summonses_overdue()) == [late]
    assert not_yet_due not in summonses_overdue(now=now + timedelta(hours=1))
    assert not_yet_due in summonses_overdue(now=now + timedelta(hours=3))
    kinds = [e["kind"] for e in topic_timeline(topic)]
    assert kinds.count("summons") == 3 and kinds.count("report") == 1


def test_only_the_summoned_department_reports(topic, world):
    summons = summons_create(actor=world["users"]["leader"], department=world["departments"]["cgb"], topic=topic)
    with pytest.raises(PermissionDenied):
        summons_report(summons=summons, actor=world["users"]["dept_pajs"], action="不是我们的")
    with pytest.raises(PermissionDenied):
        summons_report(summons=summons, actor=world["users"]["sw"], action="网格员")
    with pytest.raises(ValidationError):
        summons_report(summons=summons, actor=world["users"]["dept_cgb"], action=" ")
    summons.refresh_from_db()
    assert summons.reported_at is None


def test_summons_are_for_worrying_matters_only(world, make_case):
    leader, cgb = world["users"]["leader"], world["departments"]["cgb"]
    hoped = topic_open_for_area(
        actor=leader, title="增设座椅", kind="co_governance", housing_projects=[world["estate"]]
    )
    with pytest.raises(ValidationError) as error:
        summons_create(actor=leader, department=cgb, topic=hoped)
    assert "topic" in error.value.message_dict
    parking_case = make_case(50, 60)  # t_parking defaults to 盼事
    with pytest.raises(ValidationError):
        summons_create(actor=leader, department=cgb, complaint=parking_case)
    noise_case = make_case(60, 60, category="t_noise")  # 愁事
    first = summons_create(actor=leader, department=cgb, complaint=noise_case)
    assert summons_create(actor=leader, department=cgb, complaint=noise_case) == first
    assert Summons.objects.count() == 1
    with pytest.raises(PermissionDenied):
        summons_create(actor=world["users"]["cadre_west"], department=cgb, complaint=noise_case)


def test_a_topic_from_cases_can_be_summoned_for(world, make_case):
    noise = [make_case(50, 60, category="t_noise"), make_case(70, 60, category="t_noise")]
    topic = topic_open_from_cases(
        actor=world["users"]["leader"], cases=noise, title="夜间施工噪音", kind="concentrated"
    )
    summons = summons_create(actor=world["users"]["leader"], department=world["departments"]["pajs"], topic=topic)
    assert list(topic.summonses.all()) == [summons]
