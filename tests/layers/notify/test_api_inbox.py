"""/api/notifications/ and the /inbox/ page: each user sees and marks only their own notifications."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from layers.models import Notification
from layers.notify.derive import derive
from tests.layers.api.cases_world import client_for

URL = "/api/notifications/"


@pytest.fixture
def told(world, new_case, dispatch):
    """Three dispatched cases: alice and dept get three notifications each."""
    cases = [dispatch(new_case(ticket_no=f"T-{i}")) for i in range(3)]
    derive(timezone.now())
    return cases


def test_the_inbox_is_the_users_own(world, told):
    alice = client_for(world["alice"]).get(URL).json()
    assert (alice["count"], alice["unread"]) == (3, 3)
    assert {n["case"]["ticket_no"] for n in alice["results"]} == {"T-0", "T-1", "T-2"}
    first = alice["results"][0]
    assert first["kind"] == "assigned" and first["read_at"] is None
    assert first["case"]["url"] == f"/api/complaints/{first['case']['id']}/"
    assert client_for(world["bob"]).get(URL).json()["count"] == 0
    assert APIClient().get(URL).status_code in (401, 403)


def test_mark_one_and_all_read(world, told):
    alice, dept = client_for(world["alice"]), client_for(world["dept"])
    mine = alice.get(URL).json()["results"][0]["id"]
    # Another user's notification does not exist for dept, and stays unread.
    assert dept.post(f"{URL}{mine}/read/").status_code == 404
    answer = alice.post(f"{URL}{mine}/read/")
    assert answer.status_code == 200 and answer.json()["read_at"] is not None
    assert alice.get(f"{URL}unread-count/").json() == {"unread": 2}
    unread = alice.get(URL, {"unread": 1}).json()
    assert unread["count"] == 2 and mine not in {n["id"] for n in unread["results"]}
    assert alice.get(URL, {"unread": "maybe"}).status_code == 400
    assert alice.post(f"{URL}read-all/").json() == {"marked": 2}
    assert alice.get(f"{URL}unread-count/").json() == {"unread": 0}
    assert dept.get(f"{URL}unread-count/").json() == {"unread": 3}


def test_an_id_that_is_not_a_number_is_no_notification(world, told):
    # Found by the fuzz run: /api/notifications/app/read/ reached the query and answered 500.
    alice = client_for(world["alice"])
    for bad in ("app", "1.5", "-1", "%E4%B8%80"):
        response = alice.post(f"{URL}{bad}/read/")
        assert response.status_code == 404, (bad, response.content)
        assert "detail" in response.json()
    assert alice.get(f"{URL}unread-count/").json() == {"unread": 3}


def test_paginated(world, told):
    page = client_for(world["alice"]).get(URL, {"page_size": 2}).json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]


def test_inbox_page_lists_links_and_marks_read(client, world, told):
    client.force_login(world["alice"])
    html = client.get("/inbox/").content.decode()
    assert "我的通知" in html and "未读 3 条" in html
    assert html.count('class="unread"') == 3
    case = told[0]
    assert f'href="/api/complaints/{case.pk}/"' in html and "案件T-0已派单给" in html
    mine = Notification.objects.filter(recipient=world["alice"]).order_by("id").first()
    response = client.post(f"/inbox/{mine.pk}/read/", {"back": "unread=1"})
    assert response.status_code == 302 and response["Location"] == "/inbox/?unread=1"
    html = client.get("/inbox/?unread=1").content.decode()
    assert html.count('class="unread"') == 2 and "未读 2 条" in html
    # Someone else's id changes nothing.
    client.force_login(world["dept"])
    client.post(f"/inbox/{mine.pk + 1}/read/")
    assert Notification.objects.filter(recipient=world["alice"], read_at__isnull=True).count() == 2
    client.post("/inbox/read-all/")
    assert Notification.objects.filter(recipient=world["dept"], read_at__isnull=True).count() == 0
    assert Notification.objects.filter(recipient=world["alice"], read_at__isnull=True).count() == 2


def test_inbox_page_needs_login(client, db):
    assert client.get("/inbox/").status_code == 302


def test_notify_command_once(world, new_case, dispatch, capsys, settings):
    settings.NOTIFY_CHANNELS = {}
    dispatch(new_case())
    call_command("notify", "--once")
    assert "通知 2 条" in capsys.readouterr().out
    assert Notification.objects.count() == 2


def test_agencies_mark_nothing(make_user):
    from layers.models import Role

    agency = client_for(make_user(Role.AGENCY))
    assert agency.get(URL).json()["count"] == 0
    assert agency.post(f"{URL}read-all/").status_code == 403
