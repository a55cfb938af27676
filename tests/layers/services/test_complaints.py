"""complaint_create: validation, conversion, assignment, time limits, the first event, idempotency."""

import threading
import uuid
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from layers import crs
from layers.models import Complaint, ComplaintEvent, Holiday, Role
from layers.selectors.cases import mask_phone
from layers.services.complaints import complaint_create
from layers.services.deadlines import BEIJING
from tests.geometry import lonlat

RECEIVED = datetime(2025, 9, 30, 10, 0, tzinfo=BEIJING)


def create_flagged(actor=None, **overrides) -> tuple[Complaint, bool]:
    kwargs = {
        "actor": actor,
        "channel": Complaint.Channel.GRID_PATROL,
        "description": "楼道漏水",
        "category_code": "t_urgent",
        "received_at": RECEIVED,
    }
    return complaint_create(**(kwargs | overrides))


def create(actor=None, **overrides) -> Complaint:
    return create_flagged(actor, **overrides)[0]


def test_point_inside_is_assigned_timed_and_logged(world, categories, make_user):
    worker = make_user(Role.GRID_WORKER)
    lon, lat = lonlat(60, 60)
    c = create(worker, lon=lon, lat=lat, accuracy=8, complainant_phone="13812341234")
    c.refresh_from_db()
    assert (c.location.x, c.location.y) == pytest.approx((lon, lat), abs=1e-9)
    assert (c.location_source, c.location_accuracy_m) == ("gps", 8)
    assert (c.community_id, c.building_id, c.grid_cell_id) == (
        world["west"].id,
        world["building"].id,
        world["cells"]["sw"].id,
    )
    assert c.out_of_area is False
    assert (c.status, c.sishi_type) == ("received", "urgent")
    assert c.due_at == RECEIVED + timedelta(hours=2)
    event = c.events.get()
    assert (event.actor, event.from_status, event.to_status) == (worker, "", "received")
    assert "网格员巡查" in event.note


def test_gcj02_point_from_wechat_lands_in_the_same_building(world, categories):
    lon, lat = lonlat(60, 60)
    x, y = crs.from_wgs84(lon, lat, "gcj02")
    c = create(lon=str(x), lat=str(y), crs="gcj02", location_source="map_pick")
    assert c.building_id == world["building"].id
    assert crs.metres_between(lon, lat, c.location.x, c.location.y) < 0.01


def test_point_outside_is_accepted_but_flagged_not_assigned(world, categories):
    c = create(lon=lonlat(-50, 500)[0], lat=lonlat(-50, 500)[1])
    assert c.out_of_area is True
    assert [c.subdistrict_id, c.community_id, c.grid_cell_id, c.building_id] == [None] * 4
    assert "非本辖区" in c.events.get().note


def test_without_location_nothing_is_assigned_or_flagged(world, categories):
    c = create(address="北大地西区12号楼1单元502")
    assert (c.location, c.location_source, c.out_of_area, c.community_id) == (None, "", False, None)


def test_working_day_limit_uses_the_holiday_table(categories):
    for i in range(8):
        Holiday.objects.create(date=date(2025, 10, 1) + timedelta(days=i), name="国庆节")
    Holiday.objects.create(date=date(2025, 10, 11), name="国庆节调休", is_workday=True)
    # No 四事四办 rule matches this text, so the category's default type applies.
    c = create(category_code="t_workdays", description="路灯不亮")
    # 1-8 October off; Thu 9 (1), Fri 10 (2), make-up Saturday 11 (3), at closing time.
    assert c.due_at == datetime(2025, 10, 11, 17, 0, tzinfo=BEIJING)
    assert c.sishi_type == "worrying"


def test_html_is_kept_as_plain_text(categories):
    text = '<b>漏水</b><script>alert("x")</script> & 5 > 3'
    c = create(description=text, address="<i>45号院</i>")
    c.refresh_from_db()
    assert (c.description, c.address) == (text, "<i>45号院</i>")


def test_a_long_description_is_kept_whole(categories):
    # Longer than the old 4,000-character column: a 12345 ticket's text is never cut or refused.
    assert create(description="漏" * 12_000).description == "漏" * 12_000


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": "漏" * 32_768}, "description"),
        ({"description": "   "}, "description"),
        ({"description": "a\x00b"}, "description"),
        ({"channel": "fax"}, "channel"),
        ({"location_source": "guess", "lon": 116.25, "lat": 39.86}, "location_source"),
        ({"accuracy": -1}, "accuracy"),
        ({"client_uuid": "not-a-uuid"}, "client_uuid"),
        ({"ticket_no": "1" * 65}, "ticket_no"),
        ({"received_at": "yesterday"}, "received_at"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_written(categories, overrides, field):
    with pytest.raises(ValidationError) as caught:
        create(**overrides)
    assert field in caught.value.message_dict
    assert (Complaint.objects.count(), ComplaintEvent.objects.count()) == (0, 0)


def test_every_bad_field_is_reported_at_once(categories):
    with pytest.raises(ValidationError) as caught:
        create(category_code="nope", description="", channel="fax", client_uuid="x", lon="x", lat=1)
    # The unknown category and the unusable coordinates are not errors (test_intake_review.py).
    assert set(caught.value.message_dict) == {"description", "channel", "client_uuid"}


def test_same_client_uuid_returns_the_same_complaint(categories):
    key = uuid.uuid4()
    first, created = create_flagged(client_uuid=key)
    again, created_again = create_flagged(client_uuid=str(key), description="重发的请求")
    assert again.pk == first.pk and again.description == "楼道漏水"
    assert (created, created_again) == (True, False)
    assert (Complaint.objects.count(), ComplaintEvent.objects.count()) == (1, 1)


def test_same_ticket_number_returns_the_same_complaint(categories):
    first, created = create_flagged(channel="hotline_12345", ticket_no="2025093000017")
    again, created_again = create_flagged(channel="hotline_12345", ticket_no=" 2025093000017 ")
    assert again.pk == first.pk and (created, created_again) == (True, False)
    create(channel="hotline_12345", ticket_no="")
    create(channel="hotline_12345", ticket_no=None)
    assert Complaint.objects.filter(ticket_no__isnull=True).count() == 2


def _in_thread(target, results, index):
    try:
        results[index] = target()
    except Exception as exc:  # reported by the test, not swallowed
        results[index] = exc
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_uuid_make_one_complaint(categories):
    key, threads_n = uuid.uuid4(), 6
    barrier = threading.Barrier(threads_n)
    results = [None] * threads_n

    def send():
        barrier.wait()
        return create_flagged(client_uuid=key)

    threads = [threading.Thread(target=_in_thread, args=(send, results, i)) for i in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert all(isinstance(r, tuple) and isinstance(r[0], Complaint) for r in results), results
    assert len({complaint.pk for complaint, _created in results}) == 1
    # Exactly one request inserted the case; the others were told they found it.
    assert sorted(created for _complaint, created in results) == [False] * (threads_n - 1) + [True]
    assert (Complaint.objects.count(), ComplaintEvent.objects.count()) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_the_loser_of_an_insert_race_returns_the_winners_complaint(categories):
    # Deterministic race: A inserts and holds its transaction open; B misses A's uncommitted row,
    # blocks on the unique index, and must read A's row once A commits.
    key, results = uuid.uuid4(), [None, None]
    inserted, release = threading.Event(), threading.Event()

    def winner():
        with transaction.atomic():
            complaint = create_flagged(client_uuid=key)
            inserted.set()
            release.wait(timeout=30)
        return complaint

    def loser():
        inserted.wait(timeout=30)
        return create_flagged(client_uuid=key, description="同一请求的第二次发送")

    a = threading.Thread(target=_in_thread, args=(winner, results, 0))
    b = threading.Thread(target=_in_thread, args=(loser, results, 1))
    a.start()
    b.start()
    with connection.cursor() as cursor:
        for _ in range(300):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                break
            threading.Event().wait(0.05)
        else:
            pytest.fail("the second insert never waited on the first")
    release.set()
    a.join(timeout=30)
    b.join(timeout=30)
    assert all(isinstance(r, tuple) for r in results), results
    (won, won_created), (lost, lost_created) = results
    assert lost.pk == won.pk and lost.description == "楼道漏水"
    assert (won_created, lost_created) == (True, False)
    assert (Complaint.objects.count(), ComplaintEvent.objects.count()) == (1, 1)


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("13812341234", "138****1234"), ("+8613812341234", "+86*******1234"), ("12345", "***45"), ("", "")],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked
