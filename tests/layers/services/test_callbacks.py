"""回访 records: each attempt recorded; a reached call moves a resolved case to 回访 with its
satisfaction; the case's satisfaction is the last reached call's; 三率 read it unchanged."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from layers.analytics.rates import sanlv
from layers.models import CallbackRecord, Complaint, ComplaintEvent, Role
from layers.services.callbacks import callback_record
from layers.services.complaints import complaint_create, complaint_transition
from tests.geometry import lonlat


@pytest.fixture
def office(make_user):
    return make_user(Role.DEPARTMENT, "office")


def resolved_case(office, worker, east=60):
    lon, lat = lonlat(east, 60)
    case, _created = complaint_create(
        actor=None,
        channel="visit",
        description="楼道灯不亮",
        category_code="t_general",
        lon=lon,
        lat=lat,
        received_at=timezone.now() - timedelta(days=1),
    )
    complaint_transition(complaint=case, actor=office, to_status="dispatched")
    for status in ("responded", "resolved"):
        complaint_transition(complaint=case, actor=worker, to_status=status)
    return case


@pytest.fixture
def case(world, categories, office, make_user):
    return resolved_case(office, make_user(Role.GRID_WORKER))


def test_an_unreached_attempt_is_recorded_and_leaves_the_case_resolved(case, office):
    record = callback_record(complaint=case, actor=office, reached=False, remark="无人接听")
    case.refresh_from_db()
    assert (case.status, case.satisfaction, case.callback_at) == ("resolved", "", None)
    assert (record.caller, record.reached, record.satisfaction, record.remark) == (office, False, "", "无人接听")
    assert ComplaintEvent.objects.filter(complaint=case).last().note == "第1次回访：未接通；无人接听"


def test_a_reached_call_moves_the_case_to_callback_with_its_satisfaction(case, office):
    callback_record(complaint=case, actor=office, reached=False)
    callback_record(complaint=case, actor=office, reached=True, satisfaction="basically_satisfied", remark="已修好")
    case.refresh_from_db()
    assert (case.status, case.satisfaction) == ("callback", "basically_satisfied")
    event = ComplaintEvent.objects.filter(complaint=case).last()
    assert (event.from_status, event.to_status, event.note) == (
        "resolved",
        "callback",
        "第2次回访：已接通，基本满意；已修好",
    )
    assert CallbackRecord.objects.filter(complaint=case).count() == 2


def test_the_trail_is_written_in_chinese_whatever_the_caller_s_language(case, office):
    with translation.override("en"):
        callback_record(complaint=case, actor=office, reached=True, satisfaction="satisfied")
        callback_record(complaint=case, actor=office, reached=True, satisfaction="dissatisfied")
    notes = list(ComplaintEvent.objects.filter(complaint=case).order_by("id").values_list("note", flat=True))[-2:]
    assert notes == ["第1次回访：已接通，满意", "第2次回访：已接通，满意度 满意 → 不满意"]


def test_the_last_reached_call_decides_the_satisfaction(case, office):
    callback_record(complaint=case, actor=office, reached=True, satisfaction="satisfied")
    callback_record(complaint=case, actor=office, reached=False, remark="再次回访未接通")
    case.refresh_from_db()
    assert case.satisfaction == "satisfied"  # an unreached attempt changes nothing
    callback_record(complaint=case, actor=office, reached=True, satisfaction="dissatisfied", remark="又坏了")
    case.refresh_from_db()
    assert (case.status, case.satisfaction) == ("callback", "dissatisfied")
    assert "满意度 满意 → 不满意" in ComplaintEvent.objects.filter(complaint=case).last().note
    # Reopened, resolved again and called back: the newest reached call is the case's answer.
    complaint_transition(complaint=case, actor=office, to_status="in_progress")
    complaint_transition(complaint=case, actor=office, to_status="resolved")
    callback_record(complaint=case, actor=office, reached=True, satisfaction="satisfied")
    case.refresh_from_db()
    assert (case.status, case.satisfaction) == ("callback", "satisfied")


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"reached": True}, "satisfaction"),
        ({"reached": False, "satisfaction": "satisfied"}, "satisfaction"),
        ({"reached": True, "satisfaction": "happy"}, "satisfaction"),
        ({"reached": "yes"}, "reached"),
        ({"reached": False, "remark": "x" * 4001}, "remark"),
        ({"reached": False, "called_at": timezone.now() + timedelta(hours=1)}, "called_at"),
        ({"reached": False, "called_at": timezone.now() - timedelta(days=3650)}, "called_at"),
    ],
)
def test_a_bad_record_is_refused_by_field_and_changes_nothing(case, office, arguments, field):
    before = Complaint.objects.values().get(pk=case.pk)
    with pytest.raises(ValidationError) as caught:
        callback_record(complaint=case, actor=office, **arguments)
    assert field in caught.value.message_dict
    assert Complaint.objects.values().get(pk=case.pk) == before and not CallbackRecord.objects.exists()


def test_calls_are_recorded_in_time_order(case, office):
    callback_record(complaint=case, actor=office, reached=False)
    with pytest.raises(ValidationError, match="before the call already recorded last"):
        callback_record(complaint=case, actor=office, reached=False, called_at=timezone.now() - timedelta(minutes=10))


def test_only_resolved_cases_are_called_back_and_only_by_the_office(world, categories, office, make_user):
    worker = make_user(Role.GRID_WORKER)
    open_case, _created = complaint_create(
        actor=None, channel="visit", description="路灯坏了", category_code="t_general"
    )
    with pytest.raises(ValidationError, match="只有|不能回访"):
        callback_record(complaint=open_case, actor=office, reached=False)
    resolved = resolved_case(office, worker, east=400)
    with pytest.raises(PermissionDenied):
        callback_record(complaint=resolved, actor=worker, reached=True, satisfaction="satisfied")
    assert not CallbackRecord.objects.exists()


def test_the_satisfaction_rate_reads_the_last_reached_call(world, categories, office, make_user):
    worker = make_user(Role.GRID_WORKER)
    cases = [resolved_case(office, worker, east=40 + 20 * i) for i in range(4)]
    answers = [("satisfied",), ("dissatisfied", "satisfied"), ("satisfied", "dissatisfied"), ()]
    for case, calls in zip(cases, answers, strict=True):
        callback_record(complaint=case, actor=office, reached=False)
        for answer in calls:
            callback_record(complaint=case, actor=office, reached=True, satisfaction=answer)
    start = timezone.now() - timedelta(days=2)
    [row] = sanlv("community", start, timezone.now() + timedelta(days=1))["rows"]
    # Rated: the three reached cases; satisfied by their last answers: 1st and 2nd. Unreached: unrated.
    assert (row["rated"], row["satisfied"]) == (3, 2)
    assert row["satisfaction_rate"] == pytest.approx(200 / 3)
