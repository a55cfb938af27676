"""What one intake costs in database round trips, counted, so that a regression fails; and the
ids layers_locate now answers (migration 0010)."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext

from layers.locate import LAYER_KEYS, locate_layers, locate_wgs84
from layers.models import Category, Complaint, ComplaintLink, Department, Role, SishiRule
from layers.services import reference
from layers.services.complaints import complaint_create
from tests.geometry import lonlat

# The lookup (stored already? where? who routes it? how often lately?) and the write (case, first
# event, related links). Before migration 0010 and the reference cache it was ~21.
ROUND_TRIPS = 2


def intake(east=60, north=60, **extra):
    lon, lat = lonlat(east, north)
    return complaint_create(
        actor=None, channel="grid_patrol", description="井盖缺失", category_code="t_general", lon=lon, lat=lat, **extra
    )[0]


@pytest.fixture
def routed_world(transactional_db, world, categories, make_user, monkeypatch):
    """Committed data, so the reference cache is in use: a department on the category, a grid
    worker, a community cadre, a repeat rule (its count rides on the lookup) and a keyword rule."""
    department = Department.objects.create(code="D1", name="城管办")
    categories["t_general"].department = department
    categories["t_general"].save()
    cell = world["cells"]["sw"]
    cell.grid_worker = make_user(Role.GRID_WORKER, "worker", display_name="张网格", community=world["west"])
    cell.save()
    make_user(Role.CADRE, "cadre", display_name="刘社区", community=world["west"])
    SishiRule.objects.all().delete()
    SishiRule.objects.create(name="回头件", kind="repeat", target_type="difficult", threshold=3, window_days=30)
    SishiRule.objects.create(name="急事", kind="keyword", keywords=["燃气"], target_type="urgent", priority=1)
    monkeypatch.setattr(reference, "CHECK_SECONDS", 3600)  # the once-a-second version check aside
    intake()  # warms the per-process caches
    return world


def test_an_intake_is_two_round_trips_and_complete(routed_world):
    with CaptureQueriesContext(connection) as ctx:
        case = intake(client_uuid=uuid.uuid4())
    assert len(ctx.captured_queries) <= ROUND_TRIPS, [q["sql"][:120] for q in ctx.captured_queries]
    stored = Complaint.objects.get(pk=case.pk)
    assert (stored.community, stored.grid_cell, stored.building) == (
        routed_world["west"],
        routed_world["cells"]["sw"],
        routed_world["building"],
    )
    assert stored.assignee.username == "worker" and stored.assigned_department.code == "D1"
    assert "网格110106021001001网格员张网格" in stored.routing_reason
    assert stored.events.get().note.startswith("网格员巡查接诉")
    assert ComplaintLink.objects.filter(other=stored).count() == 1  # the warm-up case, 0 m away


def test_the_third_case_at_an_estate_is_a_repeat_without_another_query(routed_world):
    intake()
    with CaptureQueriesContext(connection) as ctx:
        third = intake()
    assert len(ctx.captured_queries) <= ROUND_TRIPS
    assert third.is_repeat and third.sishi_type == "difficult"
    assert "丰西路45号院30天内同类诉求第3次（回头件）" in third.sishi_reason


def test_a_resend_is_answered_from_the_lookup(routed_world):
    key = uuid.uuid4()
    first = intake(client_uuid=key)
    with CaptureQueriesContext(connection) as ctx:
        again = intake(client_uuid=key)
    assert again.pk == first.pk
    assert len(ctx.captured_queries) <= ROUND_TRIPS  # the lookup, then the stored case
    assert Complaint.objects.filter(client_uuid=key).count() == 1


def test_outside_the_subdistrict_is_two_round_trips_too(routed_world):
    with CaptureQueriesContext(connection) as ctx:
        case = intake(east=-50, north=500)
    assert len(ctx.captured_queries) <= ROUND_TRIPS
    assert case.out_of_area and case.community_id is None


def test_locate_answers_ids_but_the_public_answer_does_not(world):
    lon, lat = lonlat(60, 60)
    found = locate_layers(lon, lat)
    assert found["building"]["id"] == world["building"].id
    assert found["grid_cell"]["id"] == world["cells"]["sw"].id
    assert found["community"]["id"] == world["west"].id
    public = locate_wgs84(lon, lat)
    assert public["inside"] and public["building"] == {"code": "E01-3", "name": "丰西路45号院3号楼", "number": "3"}
    assert all("id" not in (public[key] or {}) for key in LAYER_KEYS)
    outside = locate_layers(*lonlat(-50, 500))
    assert outside == dict.fromkeys(LAYER_KEYS)


def test_the_intake_statements_are_prepared_once_per_connection(routed_world):
    """layers/prepared.py: the server parses and plans the lookup and the write once, then only
    binds values (both ran in routed_world's warm-up; two more intakes reuse them)."""
    intake(client_uuid=uuid.uuid4())
    intake(east=-50, north=500)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        prepared = [row[0].strip() for row in cursor.fetchall()]
    assert any(s.startswith("SELECT (SELECT id FROM") for s in prepared), prepared
    assert any(s.startswith("WITH created AS (INSERT INTO") for s in prepared), prepared


def test_the_write_stays_within_psycopgs_cached_parse(routed_world):
    """Over 50 parameters psycopg parses the statement text again on every call; stage and ledger
    fields a new case never has stay out of the INSERT, and their columns default to NULL."""
    from psycopg._queries import MAX_CACHED_STATEMENT_PARAMS

    from layers.services.intake import _LATER_FIELDS, _insert_sql

    case = intake()
    _sql, params = _insert_sql(Complaint(category=case.category, description="x", channel="visit"))
    assert len(params) + 4 <= MAX_CACHED_STATEMENT_PARAMS  # + the first event's actor, time, status, note
    assert all(Complaint._meta.get_field(name).null for name in _LATER_FIELDS)
    stored = Complaint.objects.filter(pk=case.pk).values(*_LATER_FIELDS).get()
    assert set(stored.values()) == {None}


def test_the_lookup_counts_each_repeat_window_apart(routed_world):
    """One scan, a FILTERed count per window: 7 and 30 days over cases 3 and 20 days old."""
    from django.utils import timezone

    from layers.services.intake import lookup

    now = timezone.now()
    for days in (3, 20, 45):
        intake(received_at=now - timedelta(days=days))
    probe = Complaint(category=Category.objects.get(code="t_general"), received_at=now, location=Point(*lonlat(60, 60)))
    found = lookup(probe, uuid.uuid4(), None, windows=(30, 7, 30))
    # the warm-up case (received now) counts in both; the 45-day-old case in neither
    assert found.repeat_counts == {7: 2, 30: 3}
    assert lookup(probe, uuid.uuid4(), None).repeat_counts == {}
