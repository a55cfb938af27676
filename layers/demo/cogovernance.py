"""Demo co-governance records (issue 8): the two consultations the sub-district tells of, and an
invented directory of partner units and volunteer teams.

- 丰西路45号院 parking (YT2026-001): five 协商议事 meetings in 2026, then the parking spaces were
  drawn (施划停车位) on 2026-05-20, the date the demo complaints use for the fall in parking cases.
- 北大地西区 property management (YT2026-002): a company tried first, bought after (先尝后买):
  trial from 2026-03-01, the date the demo complaints use for the fall in property cases.
The facts are the sub-district's; dates, votes, names of companies, partners and teams are invented.

Everything goes through the services (topic_open_for_area, meeting_record, action_complete ...).
Idempotent: topics are found by code, meetings by time, participants by name, so a second run
adds nothing; cases loaded later by load_demo_complaints are linked on the next run.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

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
from layers.services.deadlines import BEIJING

FENGXILU_45, BEIDADI_WEST = "丰西路45号院", "北大地西区"
PARKING_CODE, PROPERTY_CODE = "YT2026-001", "YT2026-002"
# The cases that brought a topic: its categories at its estate in this window before it opened.
CASES_BEFORE_DAYS = 60


def _at(day: str, hour: int = 19) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=BEIJING)


def _votes(yes: int, no: int, abstain: int) -> dict:
    return {"for": yes, "against": no, "abstain": abstain}


PARKING_MEETINGS = [
    (
        "2026-01-15",
        "听取居民停车诉求，摸清车位与车辆底数",
        ["登记在册车辆126辆，可利用空地约70处", "委托居委会牵头入户征求意见"],
        [],
    ),
    (
        "2026-02-26",
        "讨论施划方案初稿：消防通道、绿地与车位的取舍",
        [{"text": "消防通道两侧一律不划车位", "votes": _votes(41, 2, 3)}],
        [],
    ),
    (
        "2026-03-19",
        "产权单位、物业与城管办现场踏勘",
        ["方案二（72个车位，保留中心绿地）提交居民代表会讨论"],
        [],
    ),
    (
        "2026-04-16",
        "讨论车位分配与管理：本院车辆优先、外来车辆限时",
        [{"text": "车位按登记车辆抽签分配，每户限一个", "votes": _votes(37, 6, 4)}],
        [],
    ),
    (
        "2026-05-14",
        "居民代表表决施划方案",
        [{"text": "通过方案二，施划停车位72个", "votes": _votes(52, 3, 2)}],
        [
            {
                "description": "施划停车位",
                "owner_name": "物业服务企业、城市管理办公室",
                "due_date": date(2026, 5, 31),
                "resolves_cases": True,
            }
        ],
    ),
]
PARKING_DRAWN = _at("2026-05-20", 10)

PROPERTY_MEETINGS = [
    (
        "2026-01-08",
        "北大地西区无物业管理，居民议事会讨论引入物业服务",
        [{"text": "引入物业服务，先试运行三个月再决定是否续聘（先尝后买）", "votes": _votes(68, 9, 5)}],
        [
            {
                "description": "物业企业进驻试运行（先尝后买）",
                "owner_name": "社区居委会",
                "due_date": date(2026, 3, 1),
                # Cases about the missing management (管理缺位) end when a company moves in.
                "resolves_cases": True,
            }
        ],
    ),
    (
        "2026-02-20",
        "比选物业企业，商定试运行期服务标准与收费",
        [{"text": "试运行期免收物业费，服务标准张榜公示", "votes": _votes(59, 4, 6)}],
        [
            {
                "description": "试运行期满业主表决是否续聘",
                "owner_name": "社区居委会、业主代表",
                "due_date": date(2026, 6, 5),
            }
        ],
    ),
]
PROPERTY_DONE = {
    "物业企业进驻试运行（先尝后买）": (_at("2026-03-01", 9), "物业企业3月1日进驻，开始试运行"),
    "试运行期满业主表决是否续聘": (_at("2026-06-05", 20), "业主表决同意续聘，签订正式物业服务合同"),
}

PARTNERS = [
    ("驻区部队某部(演示)", Partner.Kind.MILITARY, "营部值班室"),
    ("丰台区某机关(演示)", Partner.Kind.GOVERNMENT, "机关党委办公室"),
    ("中都科技大厦入驻企业(演示)", Partner.Kind.ENTERPRISE, "大厦物业服务中心"),
    ("五里店社会工作服务站(演示)", Partner.Kind.SOCIAL_ORG, "站长"),
]
# Three teams in each community: 16 communities give the sub-district's 48 teams.
TEAM_KINDS = [("平安巡逻志愿服务队", "队长"), ("环境清洁志愿服务队", "队长"), ("邻里互助志愿服务队", "联络员")]


@dataclass
class DemoCogovResult:
    topics: int
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


def _meetings(actor, topic, specs, place) -> None:
    for day, minutes, decisions, actions in specs:
        meeting_record(
            topic=topic,
            actor=actor,
            held_at=_at(day),
            place=place,
            attendees=_attendees(topic),
            minutes=minutes,
            decisions=decisions,
            actions=actions,
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


def _parking(actor) -> tuple[Topic, int]:
    estate = _estate(FENGXILU_45)
    topic = _topic(
        actor,
        PARKING_CODE,
        estate,
        "丰西路45号院停车难：协商施划停车位",
        "parking_traffic",
        _at("2026-01-05", 9),
        "多产权老旧小区，停车无序、占用消防通道的诉求集中。经五次协商议事会，施划停车位。",
    )
    team = f"{estate.community.name}{TEAM_KINDS[0][0]}"
    _participants(
        topic, estate, team, [("owners_committee", "45号院居民代表"), ("resident_unit", "45号院产权单位代表")]
    )
    linked = _link_cases(topic, estate, "parking_traffic")
    _meetings(actor, topic, PARKING_MEETINGS, f"{estate.community.name}协商议事厅")
    for action in topic.actions.filter(completed_at__isnull=True, description="施划停车位"):
        action_complete(
            action=action, actor=actor, result="施划停车位72个，张贴车位分配结果", completed_at=PARKING_DRAWN
        )
    _settle(topic, actor)
    return topic, linked


def _property(actor) -> tuple[Topic, int]:
    estate = _estate(BEIDADI_WEST)
    topic = _topic(
        actor,
        PROPERTY_CODE,
        estate,
        "北大地西区引入物业服务（先尝后买）",
        "property",
        _at("2025-12-20", 9),
        "小区长期无物业管理（管理缺位）。居民议定先试用物业服务，满意再聘用。",
    )
    team = f"{estate.community.name}{TEAM_KINDS[2][0]}"
    _participants(
        topic, estate, team, [("owners_committee", "北大地西区业主代表"), ("property_company", "试运行物业企业(演示)")]
    )
    linked = _link_cases(topic, estate, "property")
    _meetings(actor, topic, PROPERTY_MEETINGS, f"{estate.community.name}协商议事厅")
    for action in topic.actions.filter(completed_at__isnull=True).order_by("due_date"):
        when, result = PROPERTY_DONE[action.description]
        action_complete(action=action, actor=actor, result=result, completed_at=when)
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
    """Create what is missing of the demo co-governance records (module docstring)."""
    actor = _actor()
    for name in (FENGXILU_45, BEIDADI_WEST):
        _estate(name)
    _directory()
    parking, linked_parking = _parking(actor)
    property_topic, linked_property = _property(actor)
    topics = [parking, property_topic]
    return DemoCogovResult(
        topics=len(topics),
        meetings=sum(t.meetings.count() for t in topics),
        cases_linked=linked_parking + linked_property,
        partners=Partner.objects.count(),
        volunteer_teams=VolunteerTeam.objects.count(),
    )
