"""Related cases (same category, within the category's radius and window) and confirmed duplicates."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from layers.models import Complaint, ComplaintEvent, ComplaintLink, Role
from layers.services.complaints import complaint_create, complaint_transition
from layers.services.deadlines import BEIJING
from layers.services.related import complaint_confirm_duplicate, link_related
from tests.geometry import lonlat

T0 = datetime(2025, 6, 1, 9, 0, tzinfo=BEIJING)


def create(east, north, days=0.0, category="t_general", **extra):
    lon, lat = lonlat(east, north)
    fields = {"channel": "grid_patrol", "description": "路灯不亮", "category_code": category}
    return complaint_create(actor=None, lon=lon, lat=lat, received_at=T0 + timedelta(days=days), **fields, **extra)[0]


def pairs():
    return set(ComplaintLink.objects.values_list("primary_id", "other_id", "kind"))


def test_same_category_close_in_space_and_time_is_linked_with_true_distance(world, categories):
    a = create(300, 300)
    b = create(330, 340, days=2.5)  # 50 m away, on the default radius (closed)
    link = ComplaintLink.objects.get()
    assert (link.primary, link.other, link.kind) == (a, b, "related")
    assert link.distance_m == pytest.approx(50, abs=0.01)
    assert link.days_apart == pytest.approx(2.5)


def test_further_later_or_other_category_is_not_linked(world, categories):
    create(300, 300)
    create(300, 351)  # 51 m
    create(300, 310, days=7.5)  # outside 7 days
    create(300, 310, category="t_urgent")
    create(600, 600)
    assert pairs() == set()


def test_radius_and_window_are_per_category(world, categories):
    categories["t_general"].duplicate_radius_m = 100
    categories["t_general"].duplicate_window_days = 10
    categories["t_general"].save()
    a = create(300, 300)
    b = create(300, 390, days=9)
    assert pairs() == {(a.pk, b.pk, "related")}


def test_an_older_case_arriving_later_becomes_the_primary_and_everyone_near_is_linked(world, categories):
    a = create(300, 300, days=3)
    b = create(310, 300, days=5)
    older = create(305, 300, days=1)
    assert pairs() == {(a.pk, b.pk, "related"), (older.pk, a.pk, "related"), (older.pk, b.pk, "related")}


def test_linking_again_adds_nothing_and_nothing_is_merged(world, categories):
    a, b = create(300, 300), create(310, 300)
    assert link_related([a.pk, b.pk]) == 0
    assert Complaint.objects.count() == 2 and ComplaintLink.objects.count() == 1


@pytest.fixture
def office(make_user):
    return make_user(Role.DEPARTMENT, "office")


@pytest.fixture
def pair(world, categories):
    return create(300, 300), create(310, 300, days=1)


def test_a_confirmed_duplicate_takes_the_primarys_status_and_follows_it(pair, office, make_user):
    primary, duplicate = pair
    complaint_transition(complaint=primary, actor=office, to_status="dispatched")
    complaint_confirm_duplicate(primary=primary, duplicate=duplicate, actor=office)
    assert (duplicate.duplicate_of, duplicate.status) == (primary, "dispatched")
    link = ComplaintLink.objects.get()
    assert (link.primary, link.other, link.kind, link.confirmed_by) == (
        primary,
        duplicate,
        "duplicate_confirmed",
        office,
    )
    worker = make_user(Role.GRID_WORKER)
    complaint_transition(complaint=primary, actor=worker, to_status="responded", note="已联系")
    complaint_transition(complaint=primary, actor=worker, to_status="resolved", note="已修复")
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.resolved_at is not None) == ("resolved", True)
    steps = list(duplicate.events.values_list("from_status", "to_status", "actor"))
    assert steps == [
        ("", "received", None),
        ("received", "dispatched", office.pk),
        ("dispatched", "responded", worker.pk),
        ("responded", "resolved", worker.pk),
    ]
    assert all(
        f"#{primary.pk}" in note
        for note in duplicate.events.exclude(to_status="received").values_list("note", flat=True)
    )
    assert "已修复" in duplicate.events.last().note


def test_a_confirmed_duplicate_cannot_move_on_its_own(pair, office):
    primary, duplicate = pair
    complaint_confirm_duplicate(primary=primary, duplicate=duplicate, actor=office)
    with pytest.raises(ValidationError, match="随主案流转"):
        complaint_transition(complaint=duplicate, actor=office, to_status="dispatched")
    assert duplicate.status == "received"


def test_confirming_the_other_way_round_turns_the_link_and_again_changes_nothing(pair, office):
    first, second = pair
    complaint_confirm_duplicate(primary=second, duplicate=first, actor=office)
    events = ComplaintEvent.objects.count()
    complaint_confirm_duplicate(primary=second, duplicate=first, actor=office)
    link = ComplaintLink.objects.get()
    assert (link.primary, link.other) == (second, first)
    assert ComplaintEvent.objects.count() == events


def test_a_duplicate_without_location_is_linked_without_a_distance(world, categories, office):
    primary = create(300, 300)
    duplicate, _created = complaint_create(actor=None, channel="visit", description="同上", category_code="t_general")
    complaint_confirm_duplicate(primary=primary, duplicate=duplicate, actor=office)
    assert ComplaintLink.objects.get(other=duplicate).distance_m is None


def test_refused_confirmations_change_nothing(world, categories, office, make_user):
    a, b, c = create(300, 300), create(310, 300), create(320, 300)
    complaint_confirm_duplicate(primary=a, duplicate=b, actor=office)
    before = (list(Complaint.objects.values().order_by("pk")), pairs(), ComplaintEvent.objects.count())
    refused = [
        (dict(primary=a, duplicate=a, actor=office), ValidationError, "itself"),
        (dict(primary=b, duplicate=c, actor=office), ValidationError, "is itself a duplicate"),
        (dict(primary=c, duplicate=b, actor=office), ValidationError, "already a duplicate"),
        (dict(primary=c, duplicate=a, actor=office), ValidationError, "duplicates of its own"),
        (dict(primary=a, duplicate=c, actor=make_user(Role.GRID_WORKER)), PermissionDenied, "may not"),
    ]
    for kwargs, error, message in refused:
        with pytest.raises(error, match=message):
            complaint_confirm_duplicate(**kwargs)
    assert (list(Complaint.objects.values().order_by("pk")), pairs(), ComplaintEvent.objects.count()) == before
