"""Demo co-governance records (issue 8): the two consultations the sub-district tells of, and an
invented directory of partner units and volunteer teams.

- 丰西路45号院 parking (YT2026-001): five 协商议事 meetings in 2026, then the parking spaces were
  drawn (施划停车位) on 2026-05-20, the date the demo complaints use for the fall in parking cases.
- 北大地西区 property management (YT2026-002): a company tried first, bought after (先尝后买):
  trial from 2026-03-01, the date the demo complaints use for the fall in property cases.
The facts are the sub-district's; dates, votes, names of companies, partners and teams are invented.

The dates above are the story as written for a demo year ending clock.REFERENCE_END; every one
moves with the demo's end by whole weeks (layers/demo/clock.py). The topic codes keep their numbers
(parking 001, property 002) in the register of the year the parking topic opened: YT2026 for a demo
ending before mid-November 2027, YT2027 after (topic_codes).

Everything goes through the services (topic_open_for_area, meeting_record, action_complete ...).
Idempotent: topics are found by code, meetings by time, participants by name, so a second run
adds nothing; cases loaded later by load_demo_complaints are linked on the next run.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from layers.demo import clock
from layers.demo.clock import Span
from layers.demo.cogovernance_story import (
    BEIDADI_WEST,
    CASES_BEFORE_DAYS,
    FENGXILU_45,
    MEETING_HOUR,
    PARKING_DRAWN,
    PARKING_MEETINGS,
    PARKING_OPENED,
    PARTNERS,
    PROPERTY_DONE,
    PROPERTY_MEETINGS,
    PROPERTY_OPENED,
    TEAM_KINDS,
)
from layers.i18n import source_text
from layers.models import Category, Community, Complaint, Department, HousingProject, Partner, Topic, VolunteerTeam
from layers.services.cogovernance import (
    action_cases_resolve,
    action_complete,
    meeting_record,
    participant_add,
    topic_add_cases,
    topic_open_for_area,
)


@dataclass
class DemoCogovResult:
    topics: int
    codes: list[str]
    meetings: int
    cases_linked: int
    partners: int
    volunteer_teams: int


def _actor():
    """The 丰西路社区 cadre demo account (load_demo), else the leader."""
    users = get_user_model().objects.filter(username__in=["cadre", "leader"]).order_by("username")
    actor = users.first()
    if actor is None:
        raise ValueError("演示账号不存在 (no demo accounts): run `python manage.py load_demo` first")
    return actor


def _estate(name: str) -> HousingProject:
    estate = HousingProject.objects.filter(name=name).first()
    if estate is None:
        raise ValueError(f"住宅项目「{name}」不存在 (estate {name} missing): run `python manage.py load_demo` first")
    return estate


def _topic(actor, code, estate, title, category_code, opened, description) -> Topic:
    topic = Topic.objects.filter(code=code).first()
    if topic is None:
        category = Category.objects.filter(code=category_code)
        topic = topic_open_for_area(
            actor=actor,
            code=code,
            title=title,
            kind=Topic.Kind.CO_GOVERNANCE,
            housing_projects=[estate],
            categories=list(category),
            description=description,
            opened_at=opened,
        )
    return topic


def topic_codes(span: Span) -> tuple[str, str]:
    """The parking and the property topic's codes, numbered in the parking topic's register year."""
    year = span.story_at(PARKING_OPENED, 9).year
    return f"YT{year}-001", f"YT{year}-002"


def parking_drawn(span: Span) -> datetime:
    """When the parking spaces were drawn at 丰西路45号院, on the demo's calendar."""
    return span.story_at(*PARKING_DRAWN)


def _meetings(span: Span, actor, topic, specs, place) -> None:
    for day, minutes, decisions, actions in specs:
        meeting_record(
            topic=topic,
            actor=actor,
            held_at=span.story_at(day, MEETING_HOUR),
            place=place,
            attendees=_attendees(topic),
            minutes=minutes,
            decisions=decisions,
            actions=[{**action, "due_date": span.story(action["due_date"])} for action in actions],
        )


def _attendees(topic) -> list[dict]:
    return [{"type": source_text(p.get_type_display()), "name": p.name} for p in topic.participants.all()]


def _link_cases(topic, estate, category_code) -> int:
    cases = Complaint.objects.filter(
        housing_project=estate,
        category__code=category_code,
        received_at__gte=topic.opened_at - timedelta(days=CASES_BEFORE_DAYS),
        received_at__lt=topic.opened_at,
    )
    return topic_add_cases(topic=topic, cases=cases.values_list("pk", flat=True))


def _participants(topic, estate, team_name: str, extra) -> None:
    participant_add(topic=topic, type="residents_committee", name=f"{estate.community.name}居委会")
    participant_add(topic=topic, type="governance_secretary", name=f"{estate.community.name}治理书记")
    if estate.property_company:
        participant_add(topic=topic, type="property_company", name=estate.property_company)
    team = VolunteerTeam.objects.filter(name=team_name).first()
    if team is not None:
        participant_add(topic=topic, type="volunteer_team", name=team.name, volunteer_team=team)
    for kind, name in extra:
        participant_add(topic=topic, type=kind, name=name)
    department = Department.objects.filter(code="CGB").first()
    if department is not None:
        participant_add(topic=topic, type="department", name=department.name, department=department)


def _settle(topic, actor) -> None:
    """Cases linked on a later run (load_demo_complaints after this loader) are settled as the
    completed action settled the others."""
    for action in topic.actions.filter(completed_at__isnull=False, resolves_cases=True):
        action_cases_resolve(action=action, actor=actor)


def _parking(span: Span, actor) -> tuple[Topic, int]:
    estate = _estate(FENGXILU_45)
    topic = _topic(
        actor,
        topic_codes(span)[0],
        estate,
        "丰西路45号院停车难：协商施划停车位",
        "parking_traffic",
        span.story_at(PARKING_OPENED, 9),
        "多产权老旧小区，停车无序、占用消防通道的诉求集中。经五次协商议事会，施划停车位。",
    )
    team = f"{estate.community.name}{TEAM_KINDS[0][0]}"
    _participants(
        topic, estate, team, [("owners_committee", "45号院居民代表"), ("resident_unit", "45号院产权单位代表")]
    )
    linked = _link_cases(topic, estate, "parking_traffic")
    _meetings(span, actor, topic, PARKING_MEETINGS, f"{estate.community.name}协商议事厅")
    for action in topic.actions.filter(completed_at__isnull=True, description="施划停车位"):
        action_complete(
            action=action, actor=actor, result="施划停车位72个，张贴车位分配结果", completed_at=parking_drawn(span)
        )
    _settle(topic, actor)
    return topic, linked


def _property(span: Span, actor) -> tuple[Topic, int]:
    estate = _estate(BEIDADI_WEST)
    topic = _topic(
        actor,
        topic_codes(span)[1],
        estate,
        "北大地西区引入物业服务（先尝后买）",
        "property",
        span.story_at(PROPERTY_OPENED, 9),
        "小区长期无物业管理（管理缺位）。居民议定先试用物业服务，满意再聘用。",
    )
    team = f"{estate.community.name}{TEAM_KINDS[2][0]}"
    _participants(
        topic, estate, team, [("owners_committee", "北大地西区业主代表"), ("property_company", "试运行物业企业(演示)")]
    )
    linked = _link_cases(topic, estate, "property")
    _meetings(span, actor, topic, PROPERTY_MEETINGS, f"{estate.community.name}协商议事厅")
    for action in topic.actions.filter(completed_at__isnull=True).order_by("due_date"):
        day, hour, result = PROPERTY_DONE[action.description]
        action_complete(action=action, actor=actor, result=result, completed_at=span.story_at(day, hour))
    _settle(topic, actor)
    return topic, linked


def _directory() -> None:
    for name, kind, role in PARTNERS:
        Partner.objects.get_or_create(name=name, defaults={"kind": kind, "contact_role": role})
    for i, community in enumerate(Community.objects.order_by("code")):
        for j, (kind, role) in enumerate(TEAM_KINDS):
            VolunteerTeam.objects.get_or_create(
                name=f"{community.name}{kind}",
                defaults={"leader_role": role, "members": 12 + (7 * i + 5 * j) % 25, "area": community.geom},
            )
    # Partner units work across the sub-district (伙伴计划 is a sub-district programme).
    subdistrict = Community.objects.order_by("code").first().subdistrict
    Partner.objects.filter(name__in=[p[0] for p in PARTNERS], area__isnull=True).update(area=subdistrict.geom)


@transaction.atomic
def load_demo_cogov() -> DemoCogovResult:
    """Create what is missing of the demo co-governance records (module docstring) on the demo's
    calendar; ValueError naming load_demo when the demo year, layers or accounts are missing."""
    span = clock.current()
    actor = _actor()
    for name in (FENGXILU_45, BEIDADI_WEST):
        _estate(name)
    _directory()
    parking, linked_parking = _parking(span, actor)
    property_topic, linked_property = _property(span, actor)
    topics = [parking, property_topic]
    return DemoCogovResult(
        topics=len(topics),
        codes=[t.code for t in topics],
        meetings=sum(t.meetings.count() for t in topics),
        cases_linked=linked_parking + linked_property,
        partners=Partner.objects.count(),
        volunteer_teams=VolunteerTeam.objects.count(),
    )
