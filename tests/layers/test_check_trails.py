"""`manage.py check_trails`: coherent trails pass; trails broken by raw INSERTs (the triggers refuse
edits, so a broken trail can only be made by appending out of order) are named, and it exits 1."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from layers.models import Complaint
from layers.services.complaints import complaint_create, complaint_transition
from layers.services.hotline import hotline_record_dispatch
from tests.geometry import lonlat
from tests.layers.api.cases_world import cases_world_fixture, categories_fixture  # noqa: F401 (fixtures)


def _case(world, description):
    lon, lat = lonlat(60, 60)
    return complaint_create(
        actor=world["leader"],
        channel="hotline_12345",
        description=description,
        category_code="t_general",
        lon=lon,
        lat=lat,
    )[0]


@pytest.fixture
def cases(cases_world):
    """Four cases through the real services: received; dispatched; resolved; dispatched by a 12345 sheet."""
    leader, alice = cases_world["leader"], cases_world["alice"]
    received = _case(cases_world, "路灯不亮")
    dispatched = _case(cases_world, "井盖缺失")
    complaint_transition(complaint=dispatched, actor=leader, to_status="dispatched")
    resolved = _case(cases_world, "楼道堆物")
    for status in ("dispatched", "responded", "in_progress", "resolved"):
        complaint_transition(complaint=resolved, actor=leader if status == "dispatched" else alice, to_status=status)
    sheet = _case(cases_world, "12345派单")
    hotline_record_dispatch(
        complaint=sheet, dispatched_at=sheet.received_at, due_at=sheet.received_at + timedelta(days=7)
    )
    return {"received": received, "dispatched": dispatched, "resolved": resolved, "sheet": sheet}


def _append(complaint, at, from_status, to_status):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO layers_complaintevent (complaint_id, at, from_status, to_status, note) "
            "VALUES (%s, %s, %s, %s, 'inserted by hand')",
            [complaint.pk, at, from_status, to_status],
        )


def _run(capsys, *args):
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_trails", *args)
        raise SystemExit(0)
    return exit_info.value.code, capsys.readouterr().out


def test_trails_made_by_the_services_are_coherent(cases, capsys):
    code, out = _run(capsys)
    assert code == 0, out
    assert "合计 (total): 0 个问题" in out


def test_broken_trails_are_named_and_exit_1(cases, capsys):
    received, dispatched, resolved = cases["received"], cases["dispatched"], cases["resolved"]
    # A case with no trail at all (the model's create() writes no event).
    bare = Complaint.objects.create(
        channel="other", description="无记录", category=received.category, sishi_type="hoped"
    )
    # An event put before the intake event: the trail now starts with received → dispatched, and the
    # intake event (from ∅) no longer follows on; and it claims 派单 before the case's 派单时间.
    first = dispatched.events.order_by("at", "id").first()
    _append(dispatched, first.at - timedelta(hours=1), "received", "dispatched")
    # A step appended to the resolved case's trail that the case never took (it is still 办结).
    _append(resolved, resolved.resolved_at + timedelta(hours=1), "resolved", "callback")
    # A detour into 响应 and back, in a chain that ends where the case is: only the stage time is wrong.
    at = received.events.get().at
    _append(received, at + timedelta(minutes=1), "received", "responded")
    _append(received, at + timedelta(minutes=2), "responded", "received")

    code, out = _run(capsys, "--json")
    assert code == 1
    found = {(p["kind"], p["complaint_id"]) for p in json.loads(out)}
    assert found == {
        ("no_trail", bare.pk),
        ("first_not_empty", dispatched.pk),
        ("broken_chain", dispatched.pk),
        ("stage_time", dispatched.pk),
        ("status_mismatch", resolved.pk),
        ("stage_time", resolved.pk),
        ("stage_time", received.pk),
    }

    code, out = _run(capsys)
    assert code == 1
    assert f"诉求 (case) #{bare.pk}" in out
    assert "首条记录的原状态不为空 (the first event has a from_status): 1" in out
    assert "received ≠ resolved" not in out and "callback ≠ resolved" in out
    assert "合计 (total): 7 个问题 (problems), 4 个诉求 (cases)" in out
