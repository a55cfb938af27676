"""四事四办 suggestions from the rules kept as data, 回头件, 吹哨 summonses, and staff overrides."""

import importlib
from datetime import datetime, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from layers.models import Category, Complaint, Department, Role, SishiRule, Summons
from layers.services.cogovernance_summons import summons_report
from layers.services.complaints import complaint_create
from layers.services.deadlines import BEIJING
from layers.services.sishi import complaint_set_sishi
from tests.geometry import lonlat

rules_migration = importlib.import_module("layers.migrations.0006_sishi_rules")
T0 = datetime(2025, 6, 1, 9, 0, tzinfo=BEIJING)


@pytest.fixture
def rules(db):
    """The default rules of migration 0006 (loaded here: a transactional test may have flushed them)."""
    rules_migration.load_rules(apps, None)
    return {rule.kind: rule for rule in SishiRule.objects.all()}


@pytest.fixture
def general(categories):
    return categories["t_general"]  # default 难事


def create(description, east=150, north=150, category="t_general", received_at=T0, **extra):
    lon, lat = lonlat(east, north)
    fields = {"channel": "wechat_group", "description": description, "category_code": category}
    return complaint_create(actor=None, lon=lon, lat=lat, received_at=received_at, **fields, **extra)[0]


def test_an_urgent_keyword_makes_it_urgent_with_the_rule_named(world, rules, general):
    c = create("楼下闻到燃气味")
    assert (c.sishi_type, c.is_repeat, c.sishi_overridden) == ("urgent", False, False)
    assert c.sishi_reason == "规则「紧急关键词」：诉求含“燃气” → 急事"


def test_co_governance_requests_are_hoped_for(world, rules, general):
    c = create("希望小区增设电动车充电桩")
    assert c.sishi_type == "hoped"
    assert "共商共治诉求" in c.sishi_reason


def test_no_rule_keeps_the_category_default_and_says_so(world, rules, general):
    c = create("路灯不亮")
    assert c.sishi_type == "difficult"
    assert c.sishi_reason == "未命中规则，按分类「测试一般」默认：难事"


def test_the_third_case_at_one_estate_in_thirty_days_is_a_difficult_repeat(world, rules, general):
    first = create("路灯不亮", received_at=T0)
    create("路灯还是不亮", received_at=T0 + timedelta(days=10))
    create("别的小区路灯不亮", east=700, north=700, received_at=T0 + timedelta(days=12))  # not the estate
    third = create("路灯一直不亮", received_at=T0 + timedelta(days=29))
    assert (first.is_repeat, third.is_repeat, third.sishi_type) == (False, True, "difficult")
    assert "丰西路45号院30天内同类诉求第3次（回头件）" in third.sishi_reason
    # Windows look back 30 days: day 39 sees days 10 and 29 (third); day 41 sees only 29 and 39 (third);
    # day 70 sees only day 41 (second).
    assert create("路灯又不亮", received_at=T0 + timedelta(days=39)).is_repeat is True
    assert create("路灯又不亮", received_at=T0 + timedelta(days=41)).is_repeat is True
    assert create("路灯不亮了", received_at=T0 + timedelta(days=70)).is_repeat is False


def test_an_urgent_repeat_is_urgent_and_still_marked_as_a_repeat(world, rules, general):
    for day in (0, 5):
        create("路灯不亮", received_at=T0 + timedelta(days=day))
    c = create("楼道漏水", received_at=T0 + timedelta(days=6))
    assert (c.sishi_type, c.is_repeat) == ("urgent", True)
    assert "另：丰西路45号院30天内同类诉求第3次" in c.sishi_reason


def test_several_departments_make_it_worrying_with_a_summons_to_each(world, rules, general):
    city, safety = (
        Department.objects.create(code="D1", name="城管办"),
        Department.objects.create(code="D2", name="平安办"),
    )
    general.department = city
    general.save()
    world["west"].department = safety
    world["west"].save()
    c = create("违建问题多部门推诿无人处理")
    assert c.sishi_type == "worrying"
    assert "涉及2个科室" in c.sishi_reason
    summonses = Summons.objects.filter(complaint=c).order_by("department__code")
    assert [s.department for s in summonses] == [city, safety]
    assert all(s.due_at == s.summoned_at + timedelta(hours=24) for s in summonses)


def test_a_multi_department_keyword_with_one_department_is_not_worrying(world, rules, general):
    c = create("违建问题多部门推诿无人处理")
    assert c.sishi_type == "difficult"
    assert not Summons.objects.exists()


def test_rules_are_data_an_inactive_rule_no_longer_applies(world, rules, general):
    rules["keyword"].active = False
    rules["keyword"].save()
    assert create("楼下闻到燃气味").sishi_type == "difficult"
    SishiRule.objects.create(name="自定义", kind="keyword", keywords=["路灯"], target_type="urgent", priority=1)
    assert create("路灯不亮").sishi_reason.startswith("规则「自定义」")


@pytest.fixture
def case(world, rules, general):
    return create("路灯不亮")


def test_staff_override_keeps_the_suggestion_in_the_reason_and_logs_it(case, make_user):
    officer = make_user(Role.DEPARTMENT, "officer", display_name="周科员")
    complaint_set_sishi(complaint=case, actor=officer, sishi_type="urgent", reason="路灯下是学校路口")
    assert (case.sishi_type, case.sishi_overridden) == ("urgent", True)
    assert case.sishi_reason == "周科员调整为急事：路灯下是学校路口（原：未命中规则，按分类「测试一般」默认：难事）"
    event = case.events.order_by("id").last()
    assert (event.actor, event.from_status, event.to_status) == (officer, "received", "received")
    assert "四事四办调整为急事" in event.note


def test_override_to_worrying_summons_the_departments(case, make_user):
    city = Department.objects.create(code="D1", name="城管办")
    Category.objects.filter(code="t_general").update(department=city)
    complaint_set_sishi(complaint=case, actor=make_user(Role.LEADER), sishi_type="worrying", reason="需集中力量")
    assert list(Summons.objects.filter(complaint=case).values_list("department__code", flat=True)) == ["D1"]


@pytest.mark.parametrize(
    ("role", "sishi_type", "reason", "error"),
    [
        (Role.GRID_WORKER, "urgent", "理由", PermissionDenied),
        (Role.PLANNER, "urgent", "理由", PermissionDenied),
        (Role.LEADER, "urgent", "  ", ValidationError),
        (Role.LEADER, "very_urgent", "理由", ValidationError),
    ],
)
def test_a_refused_override_changes_nothing(case, make_user, role, sishi_type, reason, error):
    before = Complaint.objects.values().get(pk=case.pk)
    with pytest.raises(error):
        complaint_set_sishi(complaint=case, actor=make_user(role), sishi_type=sishi_type, reason=reason)
    assert Complaint.objects.values().get(pk=case.pk) == before
    assert case.events.count() == 1


def test_a_summoned_department_reports_once_and_only_its_own(case, make_user):
    city, other = Department.objects.create(code="D1", name="城管办"), Department.objects.create(code="D2", name="其他")
    summons = Summons.objects.create(complaint=case, department=city)
    with pytest.raises(PermissionDenied):
        summons_report(summons=summons, actor=make_user(Role.DEPARTMENT, department=other), action="已到场")
    staff = make_user(Role.DEPARTMENT, department=city)
    summons_report(summons=summons, actor=staff, action="已到场处置")
    first = summons.reported_at
    summons_report(summons=summons, actor=staff, action="已到场处置，补充照片")
    assert (summons.reported_at, summons.action) == (first, "已到场处置，补充照片")
