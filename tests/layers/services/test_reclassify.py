"""Re-classifying the cases waiting under 其他 once the mapping table knows their name: through the
service, the management command and the admin action; what follows from the category is recomputed
(deadline unless the centre set it, routing while not dispatched, related links), each case logged."""

import io
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from layers.models import CategoryMapping, Complaint, ComplaintEvent, ComplaintLink, Department, Role
from layers.services.complaints import complaint_create, complaint_transition
from layers.services.deadlines import BEIJING
from layers.services.hotline import hotline_record_dispatch
from layers.services.reclassify import reclassify_cases, waiting_names
from tests.geometry import lonlat

RECEIVED = datetime(2025, 9, 30, 10, 0, tzinfo=BEIJING)
NAME = "共享单车乱停放"


@pytest.fixture
def office(make_user):
    return make_user(Role.ADMIN, "office")


@pytest.fixture
def urgent(categories):
    """t_urgent (2 natural hours) with its own department, so routing visibly follows the category."""
    category = categories["t_urgent"]
    category.department = Department.objects.create(code="D9", name="应急科")
    category.save()
    return category


def create(name=NAME, east=60, **overrides):
    lon, lat = lonlat(east, 60)
    fields = {
        "actor": None,
        "channel": "hotline_12345",
        "description": "小区门口共享单车堆满",
        "category_code": name,
        "lon": lon,
        "lat": lat,
        "received_at": RECEIVED,
    }
    return complaint_create(**(fields | overrides))[0]


def move(case, actor, *steps):
    for status in steps:
        extra = {"satisfaction": "satisfied"} if status == "callback" else {}
        complaint_transition(complaint=case, actor=actor, to_status=status, **extra)


def test_waiting_cases_move_with_what_follows_from_the_category(world, urgent, office):
    waiting = create()
    centre = create(ticket_no="C1")
    hotline_record_dispatch(complaint=centre, dispatched_at=RECEIVED, due_at=RECEIVED + timedelta(days=3))
    dispatched = create(ticket_no="C2")
    move(dispatched, office, "dispatched")
    closed = create(ticket_no="C3")
    move(closed, office, "dispatched", "responded", "resolved", "callback", "closed")
    unknown = create("另一个没见过的分类")
    closed_due = Complaint.objects.get(pk=closed.pk).due_at
    assert waiting.category.code == "other" and waiting.assigned_department is None
    assert set(waiting_names()) == {NAME, "另一个没见过的分类"}

    CategoryMapping.objects.create(name=NAME, category=urgent)
    events = ComplaintEvent.objects.count()
    result = reclassify_cases(actor=office)

    assert (result.changed, result.by_category) == (4, {"测试急事": 4})
    cases = {c.pk: c for c in Complaint.objects.select_related("category")}
    assert {cases[c.pk].category.code for c in (waiting, centre, dispatched, closed)} == {"t_urgent"}
    assert cases[unknown.pk].category.code == "other" and cases[unknown.pk].needs_review
    # Received: new deadline (2 hours), routed to the category's department, out of the queue.
    moved = cases[waiting.pk]
    assert moved.due_at == RECEIVED + timedelta(hours=2)
    assert (moved.assigned_department, moved.needs_review, moved.review_items) == (urgent.department, False, [])
    assert moved.sishi_type == "urgent"
    # The centre's deadline stays; a dispatched case keeps its department; a closed one its deadline.
    assert cases[centre.pk].due_at == RECEIVED + timedelta(days=3)
    assert cases[dispatched.pk].due_at == RECEIVED + timedelta(hours=2)
    assert cases[dispatched.pk].assigned_department is None
    assert cases[closed.pk].due_at == closed_due
    new_events = ComplaintEvent.objects.filter(pk__gt=0).order_by("id")[events:]
    assert len(new_events) == 4 and all(e.actor == office for e in new_events)
    note = ComplaintEvent.objects.filter(complaint=waiting).last().note
    assert "重新分类：其他 → 测试急事" in note and NAME in note and "办理时限" in note

    again = reclassify_cases(actor=office)
    assert (again.changed, ComplaintEvent.objects.count()) == (0, events + 4)


def test_a_case_routed_again_names_its_new_handler_in_its_event(world, urgent, office):
    """The event of a re-routed case carries notify's handover (ComplaintEvent.assignee/department),
    as intake's and a relocation's do; a dispatched case keeps its handler and its event names none."""
    waiting = create()
    dispatched = create(ticket_no="C2")
    move(dispatched, office, "dispatched")
    CategoryMapping.objects.create(name=NAME, category=urgent)
    reclassify_cases(actor=office)

    moved = Complaint.objects.get(pk=waiting.pk)
    rerouted = ComplaintEvent.objects.filter(complaint=waiting).last()
    assert rerouted.department == urgent.department is not None
    assert (rerouted.department_id, rerouted.assignee_id) == (moved.assigned_department_id, moved.assignee_id)
    kept = ComplaintEvent.objects.filter(complaint=dispatched).last()
    assert "重新分类" in kept.note and (kept.department_id, kept.assignee_id) == (None, None)


def test_other_review_items_stay_when_the_category_is_settled(world, urgent, office):
    case = create(lon=0, lat=0, address="丰西路45号院3号楼")
    assert [i["code"] for i in case.review_items] == ["category", "coordinates"]
    CategoryMapping.objects.create(name=NAME, category=urgent)
    reclassify_cases(actor=office)
    case.refresh_from_db()
    assert (case.category, case.needs_review) == (urgent, True)
    assert [i["code"] for i in case.review_items] == ["coordinates"]


def test_moved_cases_are_linked_to_their_new_neighbours(world, urgent, office):
    neighbour = create("t_urgent", east=70)
    case = create()
    assert not ComplaintLink.objects.filter(primary=neighbour, other=case).exists()
    CategoryMapping.objects.create(name=NAME, category=urgent)
    reclassify_cases(actor=office)
    assert ComplaintLink.objects.filter(primary=neighbour, other=case).exists()


def test_only_the_selected_mappings_move_their_cases(world, urgent, categories, office):
    first, second = create(), create("楼道堆物")
    CategoryMapping.objects.create(name=NAME, category=urgent)
    CategoryMapping.objects.create(name="楼道堆物", category=categories["t_general"])
    assert reclassify_cases(actor=office, mapping_names=["楼道堆物"]).changed == 1
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.category.code, second.category.code) == ("other", "t_general")


def test_a_path_finds_its_mapping_by_its_leaf(world, urgent, office):
    case = create(f"城市管理>市容环境>{NAME}")
    assert case.category.code == "cityscape"  # 市容环境 is seeded: the path's parent decided already
    path = create(f"城市管理>道路管理>{NAME}")
    assert path.category.code == "other"
    CategoryMapping.objects.create(name=NAME, category=urgent)
    reclassify_cases(actor=office)
    path.refresh_from_db()
    assert path.category == urgent


def test_roles_outside_the_office_may_not(world, urgent, make_user):
    create()
    CategoryMapping.objects.create(name=NAME, category=urgent)
    with pytest.raises(PermissionDenied):
        reclassify_cases(actor=make_user(Role.GRID_WORKER))
    assert Complaint.objects.get().category.code == "other"


def test_the_command_moves_them_and_names_what_still_waits(world, urgent, office):
    create(), create("楼道堆物")
    CategoryMapping.objects.create(name=NAME, category=urgent)
    out = io.StringIO()
    call_command("reclassify_cases", "--user", "office", stdout=out)
    assert "已重新分类 1 件" in out.getvalue() and "楼道堆物" in out.getvalue()
    assert ComplaintEvent.objects.filter(note__startswith="重新分类").get().actor == office


def test_the_admin_action_on_selected_mappings(world, urgent, client, office):
    case = create()
    mapping = CategoryMapping.objects.create(name=NAME, category=urgent)
    office.is_staff = office.is_superuser = True
    office.save()
    client.force_login(office)
    url = reverse("admin:layers_categorymapping_changelist")
    response = client.post(url, {"action": "reclassify_selected", "_selected_action": [mapping.pk]}, follow=True)
    assert response.status_code == 200
    assert "已重新分类 1 件" in response.content.decode()
    case.refresh_from_db()
    assert case.category == urgent
