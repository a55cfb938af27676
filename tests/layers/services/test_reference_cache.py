"""Categories, 四事四办 rules and holidays cached per process: read once, never stale.

These tests commit their data (transactional_db): inside a transaction that wrote reference data
the cache is bypassed on purpose, so only committed data shows the cache at work.
"""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from layers.models import Category, Department, Holiday, SishiRule
from layers.services import reference
from layers.services.complaint_input import validated_intake
from layers.services.complaints import complaint_create
from layers.services.deadlines import BEIJING
from tests.geometry import lonlat

FRIDAY = datetime(2025, 10, 10, 10, 0, tzinfo=BEIJING)


def intake(code="t_urgent", description="路面破损", **extra):
    lon, lat = lonlat(60, 60)
    return complaint_create(
        actor=None, channel="grid_patrol", description=description, category_code=code, lon=lon, lat=lat, **extra
    )[0]


def version() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM layers_reference_version WHERE id = 1")
        return cursor.fetchone()[0]


@pytest.fixture
def live(transactional_db, world, categories, monkeypatch):
    """Committed world and categories, no 四事四办 rules, the cache filled; only signals (not the
    periodic version check) can refresh it during the test."""
    SishiRule.objects.all().delete()
    Holiday.objects.all().delete()
    monkeypatch.setattr(reference, "CHECK_SECONDS", 3600)
    intake()
    return world


def reads_reference(queries) -> bool:
    return any(f'FROM "{table}"' in q["sql"] for q in queries for table in ("layers_category", "layers_holiday"))


def test_a_warm_intake_reads_no_reference_table(live):
    with CaptureQueriesContext(connection) as ctx:
        intake()
    assert not reads_reference(ctx.captured_queries), [q["sql"][:80] for q in ctx.captured_queries]


def test_editing_a_category_in_the_admin_takes_effect_on_the_next_intake(live, categories):
    first = intake()
    assert first.due_at - first.received_at == timedelta(hours=2)
    admin = get_user_model().objects.create_superuser("root", password="pw-for-tests")
    client = Client()
    client.force_login(admin)
    category = categories["t_urgent"]
    form = {
        "code": "t_urgent",
        "name": "测试急事",
        "default_sishi_type": "hoped",
        "time_limit_amount": 5,
        "time_limit_base": "natural_days",
        "duplicate_radius_m": 50,
        "duplicate_window_days": 7,
        "catalogue_names": "",
    }
    response = client.post(reverse("admin:layers_category_change", args=[category.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    second = intake()
    assert second.due_at - second.received_at == timedelta(days=5)
    assert (second.sishi_type, second.category.time_limit_amount) == ("hoped", 5)


def test_a_category_saved_through_the_orm_and_a_new_one_are_seen_at_once(live, categories):
    category = categories["t_general"]
    category.time_limit_amount, category.time_limit_base = 3, "natural_hours"
    category.save()
    case = intake("t_general")
    assert case.due_at - case.received_at == timedelta(hours=3)
    Category.objects.create(code="t_new", name="新分类", time_limit_amount=1, time_limit_base="natural_hours")
    assert intake("t_new").category.name == "新分类"


def test_rules_and_holidays_changes_are_seen_at_once(live, categories):
    assert intake(description="燃气泄漏").sishi_type == "urgent"  # the category default, no rule
    gas = SishiRule.objects.create(name="燃气", kind="keyword", keywords=["燃气"], target_type="worrying")
    case = intake(description="燃气泄漏")
    assert (case.sishi_type, case.sishi_reason.startswith("规则「燃气」")) == ("worrying", True)
    gas.active = False
    gas.save()
    assert intake(description="燃气泄漏").sishi_type == "urgent"
    category = categories["t_general"]
    category.time_limit_amount, category.time_limit_base = 1, "working_days"
    category.save()
    assert intake("t_general", received_at=FRIDAY).due_at.date() == date(2025, 10, 13)  # Monday
    Holiday.objects.create(date=date(2025, 10, 13), name="假日")
    assert intake("t_general", received_at=FRIDAY).due_at.date() == date(2025, 10, 14)


def test_a_rolled_back_edit_leaves_nothing_stale(live, categories):
    category = categories["t_urgent"]
    with pytest.raises(RuntimeError), transaction.atomic():
        category.time_limit_amount = 9
        category.save()
        # Inside the writing transaction the change is read through, not from the cache.
        inside = intake()
        assert inside.due_at - inside.received_at == timedelta(hours=9)
        raise RuntimeError("roll back")
    after = intake()
    assert after.due_at - after.received_at == timedelta(hours=2)


def test_a_write_without_signals_reaches_other_processes_through_the_version(live, monkeypatch):
    # QuerySet.update() sends no signal, as a write by another process does not reach this one's
    # signals: only the version counter (bumped by the table's trigger) tells.
    before = version()
    Category.objects.filter(code="t_urgent").update(time_limit_amount=4)
    assert version() > before
    stale = intake()
    assert stale.due_at - stale.received_at == timedelta(hours=2)  # within CHECK_SECONDS: cached
    monkeypatch.setattr(reference, "CHECK_SECONDS", 0)
    fresh = intake()
    assert fresh.due_at - fresh.received_at == timedelta(hours=4)


def test_every_reference_table_bumps_the_version(live):
    steps = [
        lambda: Department.objects.create(code="DX", name="新科室"),
        lambda: SishiRule.objects.create(name="r", kind="keyword", keywords=["x"], target_type="urgent"),
        lambda: SishiRule.objects.get(name="r").departments.add(Department.objects.get(code="DX")),
        lambda: Holiday.objects.create(date=date(2030, 1, 1)),
        lambda: Holiday.objects.filter(date=date(2030, 1, 1)).delete(),
        lambda: Category.objects.filter(code="t_general").update(name="改名"),
    ]
    for step in steps:
        before = version()
        step()
        assert version() > before


def test_a_batch_validates_its_rows_without_reading_categories(live):
    # The 12345 import and the demo loader validate every row with validated_intake: the category
    # comes from the cache, not from one query per row.
    rows = [
        {"channel": "hotline_12345", "description": f"第{i}条", "category_code": code, "ticket_no": f"T{i}"}
        for i, code in enumerate(["t_urgent", "t_general"] * 25)
    ]
    defaults = {name: None for name in ("lon", "lat", "accuracy", "client_uuid", "received_at")}
    defaults |= {"crs": "wgs84", "location_source": "gps", "address": "", "complainant_name": ""}
    defaults |= {"complainant_phone": "", "complainant_email": "", "device_id": "", "media_url": ""}
    with CaptureQueriesContext(connection) as ctx:
        checked = [validated_intake(defaults | row) for row in rows]
    assert len(ctx.captured_queries) == 0
    assert {fields["category"].code for fields in checked} == {"t_urgent", "t_general"}
