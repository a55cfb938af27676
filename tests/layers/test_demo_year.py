"""The demo year (load_demo --end / today): its calendar, the State Council holidays, staff for every
cell, building, military zone and category, the cases it leaves on the desk, and its idempotency."""

import io
from datetime import date, datetime, timedelta

import pyogrio
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from layers.analytics.reports import weekly_report
from layers.demo import clock
from layers.demo.clock import LEGACY, LEGACY_RECEIVED_NOTE
from layers.models import (
    Building,
    Category,
    Community,
    Complaint,
    ComplaintEvent,
    GridCell,
    Holiday,
    HousingProject,
    MilitaryZone,
    Role,
    SishiRule,
    StaffProfile,
)
from layers.services.complaints import complaint_create
from layers.services.deadlines import BEIJING
from layers.services.sishi import _same_estate_count

END = date(2026, 6, 30)  # a past day: the story 22 weeks earlier than written, the whole day done
AS_OF = datetime(2026, 7, 1, 0, 0, tzinfo=BEIJING)
PRINTED = ["leader", "dept", "cadre", "gridworker", "planner", "agency", "admin"]
STAMPS = [f"{s}_at" for s in ("received", "dispatched", "responded", "in_progress", "resolved", "callback")]
STAMPS += ["closed_at", "returned_at", "ledger_at", "escalated_at", "ledger_cleared_at"]


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def loaded(db):
    return load("--end", END.isoformat())


def test_the_year_ends_on_end_and_the_works_dates_move_with_the_story(loaded):
    span = clock.current()
    assert (span.start, span.end, span.as_of) == (date(2025, 7, 1), END, AS_OF)
    assert "演示年 (demo year) 2025-07-01..2026-06-30，数据截至 (data as of) 2026-07-01 00:00" in loaded
    committed = pyogrio.read_dataframe(settings.BASE_DIR / "shapefiles" / "wulidian" / "housing_projects.shp")
    committed = committed.fillna("")  # an empty .dbf text reads back as null
    dated = committed[committed.reno_start != ""]
    assert len(dated) == 7
    for row in dated.itertuples():
        estate = HousingProject.objects.get(code=row.code)
        assert estate.renovation_start == date.fromisoformat(row.reno_start) - timedelta(weeks=22), row.code
        end = date.fromisoformat(row.reno_end) - timedelta(weeks=22) if row.reno_end else None
        assert estate.renovation_end == end, row.code


def test_holidays_of_the_span_from_the_notices_with_make_up_workdays(loaded):
    assert "节假日 (holidays, 国务院办公厅通知): 2025、2026 年；新增 72 天" in loaded and "未收录" not in loaded
    days = dict(Holiday.objects.values_list("date", "is_workday"))
    assert days[date(2025, 10, 8)] is False and days[date(2025, 9, 28)] is True  # 国庆节、中秋节 8 days
    assert days[date(2026, 2, 23)] is False and days[date(2026, 2, 14)] is True and days[date(2026, 2, 28)] is True
    assert days[date(2026, 1, 4)] is True and date(2026, 1, 5) not in days
    assert sum(days.values()) == 11  # 调休上班: 5 in 2025, 6 in 2026


def test_a_year_without_a_notice_falls_back_to_monday_to_friday_and_says_so(db):
    out = load("--end", "2025-03-31")
    assert "2024 年放假安排未收录，工作日按周一至周五计算" in out
    assert not Holiday.objects.filter(date__year=2024).exists()


def test_every_cell_building_zone_and_category_has_its_person(loaded):
    assert "网格 613/613, 楼栋 428/428, 涉军单位/军产 9/9, 分类责任科室 15/15" in loaded
    for cell in GridCell.objects.select_related("grid_worker__staff"):
        worker = cell.grid_worker.staff
        assert (worker.role, worker.community_id) == (Role.GRID_WORKER, cell.community_id), cell.code
    for building in Building.objects.select_related("cadre__staff", "estate"):
        cadre = building.cadre.staff
        assert (cadre.role, cadre.community_id) == (Role.CADRE, building.estate.community_id), building.code
    assert not MilitaryZone.objects.filter(liaison__isnull=True).exists()
    assert not Category.objects.filter(department__isnull=True).exists()
    assert not Community.objects.filter(department__isnull=True).exists()
    # Several cells per grid worker, each community its own workers and at least two cadres.
    per_worker = GridCell.objects.values_list("grid_worker", flat=True)
    assert max(list(per_worker).count(w) for w in set(per_worker)) <= 7
    for community in Community.objects.all():
        assert StaffProfile.objects.filter(community=community, role=Role.CADRE).count() >= 2
    # The printed accounts keep their places: gridworker a few cells of 丰西路社区, cadre 丰西路45号院.
    gridworker = GridCell.objects.filter(grid_worker__username="gridworker")
    assert 2 <= gridworker.count() <= 7 and {c.community.name for c in gridworker} == {"丰西路社区"}
    fengxi = Building.objects.filter(estate__name="丰西路45号院").values_list("cadre__username", flat=True)
    assert set(fengxi) == {"cadre"}
    extra = get_user_model().objects.exclude(username__in=PRINTED)
    assert extra.count() > 150 and not any(user.has_usable_password() for user in extra)
    assert all(get_user_model().objects.get(username=name).has_usable_password() for name in PRINTED)


def test_a_case_on_military_land_goes_to_its_liaison(loaded):
    for zone in MilitaryZone.objects.all():
        point = zone.geom.point_on_surface
        case, _created = complaint_create(
            actor=None,
            channel="grid_patrol",
            description="营区门口道路破损",
            category_code="roads",
            lon=point.x,
            lat=point.y,
        )
        assert case.assignee_id == zone.liaison_id, zone.name
        assert "驻区部队联络人" in case.routing_reason


def counts():
    assignments = [
        sorted(GridCell.objects.values_list("id", "grid_worker")),
        sorted(Building.objects.values_list("id", "cadre")),
        sorted(MilitaryZone.objects.values_list("id", "liaison")),
    ]
    return [get_user_model().objects.count(), StaffProfile.objects.count(), Holiday.objects.count(), assignments]


def test_a_second_load_adds_nothing_and_a_later_day_keeps_the_year(loaded):
    before = counts()
    again = load("--end", END.isoformat())
    assert again.count("新增 0, 更新 0") == 6 and "新增 0 天" in again and counts() == before
    later = load()  # today, after END
    assert "演示数据截至 2026-06-30，今天不追加" in later and counts() == before
    assert clock.current().end == END
    with pytest.raises(CommandError, match="fresh database"):
        load("--end", "2026-06-29")


def test_an_end_in_the_future_is_refused(db):
    with pytest.raises(CommandError, match="future"):
        load("--end", (timezone.localdate() + timedelta(days=1)).isoformat())
    assert not Community.objects.exists()
    with pytest.raises(ValueError, match="load_demo"):
        clock.current()


def test_a_database_with_the_fixed_demo_of_before_keeps_it(db):
    # What the demo loaded before the year followed the load day leaves behind: its cases' first event.
    load("--end", "2026-06-30")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM layers_demo_clock")
    case = Complaint.objects.create(
        channel="other", description="演示", category=Category.objects.get(code="other"), sishi_type="difficult"
    )
    ComplaintEvent.objects.create(complaint=case, at=case.received_at, to_status="received", note=LEGACY_RECEIVED_NOTE)
    out = load()
    assert "旧版演示数据" in out and clock.current() == LEGACY
    complaints = io.StringIO()
    call_command("load_demo_complaints", "--volume", "0.01", stdout=complaints)
    assert "不追加" in complaints.getvalue() and Complaint.objects.count() == 1


def test_the_cases_of_the_year_stop_at_its_end_with_ledger_returns_escalations_and_repeats(loaded):
    out = io.StringIO()
    call_command("load_demo_complaints", "--volume", "0.05", stdout=out)
    stamps = Complaint.objects.aggregate(*(Max(s) for s in STAMPS))
    assert all(at < AS_OF for at in stamps.values() if at is not None)
    assert ComplaintEvent.objects.aggregate(Max("at"))["at__max"] < AS_OF
    assert stamps["received_at__max"].astimezone(BEIJING).date() == END
    first = Complaint.objects.order_by("received_at").first().received_at
    assert first.astimezone(BEIJING).date() == date(2025, 7, 1)
    on_ledger = Complaint.objects.filter(status=Complaint.Status.LEDGER)
    assert on_ledger.exists() and not on_ledger.filter(ledger_owner="").exists()
    assert on_ledger.filter(ledger_target_date__lt=END).exists()
    assert Complaint.objects.filter(ledger_cleared_at__isnull=False, status="closed").exists()
    assert {"returned", "escalated"} <= set(Complaint.objects.values_list("status", flat=True))
    rule = SishiRule.objects.get(kind="repeat")
    repeats = Complaint.objects.filter(is_repeat=True)
    assert repeats.exists() and "回头件" in repeats.first().sishi_reason
    # The service's own count agrees, marked or not.
    for case in [*repeats.order_by("?")[:15], *Complaint.objects.filter(is_repeat=False).order_by("?")[:15]]:
        assert (_same_estate_count(case, rule) >= rule.threshold) == case.is_repeat, case.pk
    assert "待办 (open)" in out.getvalue()
    # The weekly report of the last complete week has content.
    assert weekly_report("2026-W26")["totals"]["count"] > 10
    stored = Complaint.objects.count()
    again = io.StringIO()
    call_command("load_demo_complaints", "--volume", "0.05", stdout=again)
    assert f"新增 0, 已存在 {stored}" in again.getvalue() and Complaint.objects.count() == stored
