"""POST /api/complaints/ and Open311 POST requests: database round trips per intake, counted."""

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from layers.api import auth
from layers.models import SishiRule
from layers.services import reference
from tests.layers.api.cases_world import (  # noqa: F401 (fixtures)
    WEST_POINT,
    cases_world_fixture,
    categories_fixture,
    client_for,
)
from tests.layers.api.open311_helpers import form, keys_fixture  # noqa: F401 (fixtures)
from tests.layers.api.test_complaints_api import URL, payload

# The service's lookup and write; the answer is built from what they returned.
POST_ROUND_TRIPS = 2


@pytest.fixture
def committed(transactional_db, cases_world, monkeypatch):
    """Committed data, so the per-process reference cache is in use (a test transaction that wrote
    categories would read them through); warmed by one intake."""
    SishiRule.objects.create(name="回头件", kind="repeat", target_type="difficult", threshold=3, window_days=30)
    monkeypatch.setattr(reference, "CHECK_SECONDS", 3600)
    monkeypatch.setattr(auth, "ACCESS_CHECK_SECONDS", 3600)  # its once-a-second version check aside too
    assert client_for(cases_world["alice"]).post(URL, payload(), format="json").status_code == 201
    return cases_world


def test_a_staff_post_is_two_round_trips(committed):
    client = client_for(committed["alice"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(URL, payload(client_uuid=str(uuid.uuid4())), format="json")
    assert response.status_code == 201, response.content
    assert len(ctx.captured_queries) <= POST_ROUND_TRIPS, [q["sql"][:120] for q in ctx.captured_queries]
    data = response.json()
    assert (data["building"]["code"], data["grid_cell"]["code"], data["assignee"]) == (
        "E01-3",
        "110106021001001",
        "alice",
    )
    assert data["community"] == {"code": "110106021001", "name": "西社区"}


def test_an_open311_post_is_two_round_trips_too(committed, keys):
    client = Client()
    client.post("/open311/v2/requests.json", form(keys))  # the token is read once per process
    with CaptureQueriesContext(connection) as ctx:
        response = client.post("/open311/v2/requests.json", form(keys))
    assert response.status_code == 201, response.content
    # The api_key's user and role come from the token cache (layers/api/auth.py): the lookup, the write.
    assert len(ctx.captured_queries) <= POST_ROUND_TRIPS, [q["sql"][:120] for q in ctx.captured_queries]


# A resend: the lookup finds the case, the service reads it, then its relations and photos; the
# category comes from the reference cache, and roles that read every case need no scope query.
RESEND_ROUND_TRIPS = {"leader": 4, "alice": 5}


@pytest.mark.parametrize("who", sorted(RESEND_ROUND_TRIPS))
def test_a_resend_answers_the_stored_case_in_few_round_trips(committed, who):
    client = client_for(committed[who])
    body = payload(client_uuid=str(uuid.uuid4()))
    first = client.post(URL, body, format="json")
    assert first.status_code == 201, first.content
    with CaptureQueriesContext(connection) as ctx:
        again = client.post(URL, body, format="json")
    assert again.status_code == 200, again.content
    assert len(ctx.captured_queries) <= RESEND_ROUND_TRIPS[who], [q["sql"][:120] for q in ctx.captured_queries]
    assert "layers_category" not in " ".join(q["sql"] for q in ctx.captured_queries)
    resent, created = again.json(), first.json()
    assert resent["id"] == created["id"]
    assert resent["category"] == created["category"]
    assert (resent["community"], resent["grid_cell"], resent["assignee"]) == (
        created["community"],
        created["grid_cell"],
        created["assignee"],
    )


def test_notifications_stay_out_of_the_request(committed):
    """Intake and a dispatch write the trail only; the notify worker (layers/notify/) derives the
    notifications later, so neither request waits on a notification table, a mail server or a
    webhook (the intake stays at its two round trips above)."""
    from layers.models import Notification
    from layers.notify.worker import run_once

    created = client_for(committed["alice"]).post(URL, payload(client_uuid=str(uuid.uuid4())), format="json")
    assert created.status_code == 201, created.content
    with CaptureQueriesContext(connection) as ctx:
        dispatched = client_for(committed["leader"]).post(
            f"{URL}{created.json()['id']}/transition/", {"to_status": "dispatched"}, format="json"
        )
    assert dispatched.status_code == 200, dispatched.content
    touched = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "layers_notification" not in touched and "layers_delivery" not in touched
    assert not Notification.objects.exists()
    run_once()
    # alice and 城管科's officer, from the dispatch event (and "due within 2 h": t_urgent's limit is 2 h)
    assert Notification.objects.filter(kind="assigned").count() == 2
