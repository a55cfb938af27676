"""挂账 through POST /api/complaints/{id}/transition/ (owner and target date accepted and checked), and
回访 records through POST /api/complaints/{id}/callbacks/, listed in the case's detail."""

from datetime import timedelta

import pytest
from django.utils import timezone

from layers.models import CallbackRecord, Complaint, ComplaintEvent
from layers.services.complaints import complaint_create, complaint_transition
from tests.geometry import lonlat
from tests.layers.api.cases_world import (  # noqa: F401 (fixtures)
    WEST_POINT,
    cases_world_fixture,
    categories_fixture,
    client_for,
)

URL = "/api/complaints/"


def west_case(cases_world, *steps):
    lon, lat = lonlat(*WEST_POINT)
    case, _created = complaint_create(
        actor=cases_world["alice"],
        channel="grid_patrol",
        description="屋顶漏雨",
        category_code="t_general",
        lon=lon,
        lat=lat,
        received_at=timezone.now() - timedelta(days=2),
    )
    actors = {"dispatched": "dept", "responded": "alice", "in_progress": "alice", "resolved": "alice"}
    for status in steps:
        complaint_transition(complaint=case, actor=cases_world[actors[status]], to_status=status)
    return case


@pytest.fixture
def responded(cases_world):
    return west_case(cases_world, "dispatched", "responded")


@pytest.fixture
def resolved(cases_world):
    return west_case(cases_world, "dispatched", "responded", "resolved")


def transition(user, pk, **body):
    return client_for(user).post(f"{URL}{pk}/transition/", body, format="json")


def callback(user, pk, fmt="json", **body):
    return client_for(user).post(f"{URL}{pk}/callbacks/", body, format=fmt)


def test_a_leader_puts_a_case_on_the_ledger_through_the_api(cases_world, responded):
    target = (timezone.localdate() + timedelta(days=60)).isoformat()
    response = transition(
        cases_world["leader"],
        responded.pk,
        to_status="ledger",
        note="需纳入老旧小区综合整治",
        ledger_owner="房管所",
        ledger_target_date=target,
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["ledger_owner"], data["ledger_target_date"]) == ("ledger", "房管所", target)
    # 销账: resuming the work clears the entry, and the answer shows when.
    resumed = transition(cases_world["leader"], responded.pk, to_status="in_progress", note="整治开工")
    assert resumed.json()["ledger_cleared_at"] is not None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ledger_target_date": "2099-01-01"}, "ledger_owner"),
        ({"ledger_owner": "房管所"}, "ledger_target_date"),
        ({"ledger_owner": "房管所", "ledger_target_date": "2000-01-01"}, "ledger_target_date"),
        ({"ledger_owner": "房管所", "ledger_target_date": "明年"}, "ledger_target_date"),
    ],
)
def test_an_incomplete_ledger_entry_is_refused_by_field(cases_world, responded, body, field):
    before = Complaint.objects.values().get(pk=responded.pk)
    response = transition(cases_world["leader"], responded.pk, to_status="ledger", note="原因", **body)
    assert response.status_code == 400 and field in response.json()
    assert Complaint.objects.values().get(pk=responded.pk) == before


def test_ledger_fields_on_another_transition_are_refused(cases_world, responded):
    response = transition(cases_world["alice"], responded.pk, to_status="in_progress", ledger_owner="房管所")
    assert response.status_code == 400 and "ledger_owner" in response.json()


def test_only_leaders_put_cases_on_the_ledger(cases_world, responded):
    target = (timezone.localdate() + timedelta(days=60)).isoformat()
    body = {"to_status": "ledger", "note": "原因", "ledger_owner": "房管所", "ledger_target_date": target}
    assert transition(cases_world["dept"], responded.pk, **body).status_code == 403


def test_two_call_back_attempts_through_the_api(cases_world, resolved):
    first = callback(cases_world["dept"], resolved.pk, reached=False, remark="无人接听")
    assert first.status_code == 201, first.content
    assert (first.json()["status"], first.json()["satisfaction"]) == ("resolved", None)
    # A form body, as a plain HTML form would send it.
    second = callback(cases_world["dept"], resolved.pk, fmt="multipart", reached="true", satisfaction="satisfied")
    assert second.status_code == 201, second.content
    data = second.json()
    assert (data["status"], data["satisfaction"]) == ("callback", "satisfied")
    assert [(c["reached"], c["satisfaction"], c["caller"]) for c in data["callbacks"]] == [
        (False, None, "dept"),
        (True, "satisfied", "dept"),
    ]
    detail = client_for(cases_world["leader"]).get(f"{URL}{resolved.pk}/").json()
    assert detail["callbacks"] == data["callbacks"] and detail["callbacks"][0]["remark"] == "无人接听"
    closed = transition(cases_world["dept"], resolved.pk, to_status="closed")
    assert closed.json()["status"] == "closed"


def test_the_transition_to_callback_records_a_reached_call(cases_world, resolved):
    response = transition(
        cases_world["dept"], resolved.pk, to_status="callback", satisfaction="dissatisfied", note="说漏雨仍在"
    )
    assert response.status_code == 200, response.content
    record = CallbackRecord.objects.get(complaint=resolved)
    assert (record.reached, record.satisfaction, record.remark) == (True, "dissatisfied", "说漏雨仍在")
    assert response.json()["satisfaction"] == "dissatisfied"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"reached": True}, 400, "satisfaction"),
        ({"reached": False, "satisfaction": "satisfied"}, 400, "satisfaction"),
        ({"reached": "maybe"}, 400, "reached"),
        ({"reached": False, "called_at": "yesterday"}, 400, "called_at"),
        # No such day was a 500 (found by the fuzz run).
        ({"reached": False, "called_at": "2026-02-30T10:00:00+08:00"}, 400, "called_at"),
        ({"reached": False, "mood": "good"}, 400, "mood"),
    ],
)
def test_bad_call_back_records_are_refused_by_field(cases_world, resolved, body, status, field):
    response = callback(cases_world["dept"], resolved.pk, **body)
    assert response.status_code == status and field in response.json()
    assert not CallbackRecord.objects.exists()


def test_a_call_time_in_any_offset_is_kept_as_beijing_time(cases_world, resolved):
    # +22:21 is valid RFC 3339 but beyond PostgreSQL's ±15:59: stored as it came, it was a 500.
    called = timezone.now().replace(microsecond=0) - timedelta(minutes=5)
    far_east = called.astimezone(timezone.get_fixed_timezone(22 * 60 + 21))
    response = callback(cases_world["dept"], resolved.pk, reached=False, called_at=far_east.isoformat())
    assert response.status_code == 201, response.content
    assert CallbackRecord.objects.get(complaint=resolved).called_at == called


def test_grid_workers_and_agencies_do_not_record_call_backs(cases_world, resolved):
    events = ComplaintEvent.objects.count()
    assert callback(cases_world["alice"], resolved.pk, reached=False).status_code == 403
    assert callback(cases_world["agency"], resolved.pk, reached=False).status_code == 403
    assert (CallbackRecord.objects.count(), ComplaintEvent.objects.count()) == (0, events)


def test_a_case_not_yet_resolved_is_not_called_back(cases_world, responded):
    response = callback(cases_world["dept"], responded.pk, reached=False)
    assert response.status_code == 400 and "complaint" in response.json()
