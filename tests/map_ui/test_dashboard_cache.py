"""/api/dashboard/: answers cached per process follow every new case and transition, revalidate by
ETag, are gzip'd to the same JSON, and are never shared between readers of different scopes."""

import gzip
import json
import threading
import time

import pytest

from layers.api.dashboard.cache import Memo
from layers.models import Complaint, Role
from layers.services.complaints import complaint_create, complaint_transition
from tests.geometry import lonlat
from tests.layers.analytics.conftest import at
from tests.map_ui.dashboard_world import WINDOW

pytest_plugins = ["tests.map_ui.dashboard_world"]
FIGURES = ["summary/", "communities/", "hotspots/", "heat/"]


@pytest.fixture
def leader_user(make_user):
    return make_user(Role.LEADER)


@pytest.fixture
def leader(client, leader_user):
    client.force_login(leader_user)
    return client


def get(client, path, **headers):
    response = client.get(f"/api/dashboard/{path}", WINDOW, **headers)
    assert response.status_code in (200, 304), response.content
    return response


@pytest.mark.parametrize("path", FIGURES)
def test_gzipped_answer_decodes_to_the_same_json(leader, dashboard_world, path):
    plain = get(leader, path)
    packed = get(leader, path, HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(packed.content)) == plain.json()


@pytest.mark.parametrize("path", FIGURES)
def test_etag_revalidates_until_a_new_complaint_is_written(leader, dashboard_world, path):
    first = get(leader, path)
    etag = first["ETag"]
    assert first["Cache-Control"] == "private, no-cache"
    assert get(leader, path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # gzip_page weakens the tag it sends; the weak form the browser sends back revalidates too.
    assert get(leader, path, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304

    lon, lat = lonlat(60, 60)
    complaint_create(
        actor=None,
        channel=Complaint.Channel.HOTLINE_12345,
        description="新写入的诉求",
        category_code="a_parking",
        lon=lon,
        lat=lat,
        received_at=at(25),
    )
    after = get(leader, path, HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after["ETag"] != etag


def test_cached_figures_change_after_a_new_complaint_and_a_transition(leader, leader_user, dashboard_world):
    before = get(leader, "summary/").json()
    rows_before = {r["code"]: r["count"] for r in get(leader, "communities/").json()["rows"]}
    points_before = get(leader, "heat/").json()["points"]
    # Served from the cache: the same answer again.
    assert get(leader, "summary/").json() == before

    lon, lat = lonlat(60, 60)
    new, _created = complaint_create(
        actor=None,
        channel=Complaint.Channel.HOTLINE_12345,
        description="新写入的诉求",
        category_code="a_parking",
        lon=lon,
        lat=lat,
        received_at=at(25),
    )
    after = get(leader, "summary/").json()
    assert after["count"] == before["count"] + 1 and after["open"] == before["open"] + 1
    rows_after = {r["code"]: r["count"] for r in get(leader, "communities/").json()["rows"]}
    assert rows_after[new.community.code] == rows_before[new.community.code] + 1
    assert get(leader, "heat/").json()["points"] == points_before + 1

    # A transition writes no new complaint but an event: the cards follow it at once.
    leak = dashboard_world.select(status=Complaint.Status.DISPATCHED)[0]
    for status in (Complaint.Status.RESPONDED, Complaint.Status.RESOLVED):
        leak = complaint_transition(complaint=leak, actor=leader_user, to_status=status)
    resolved = get(leader, "summary/").json()
    assert resolved["open"] == after["open"] - 1
    assert resolved["sanlv"]["resolved"] == after["sanlv"]["resolved"] + 1


def test_readers_of_different_scopes_never_share_an_answer(client, make_user, dashboard_world):
    worker = make_user(Role.GRID_WORKER)
    mine = dashboard_world.cells[(0, 0)]
    mine.grid_worker = worker
    mine.save()
    counts = {}
    for user in (make_user(Role.LEADER), worker, make_user(Role.PLANNER)):
        client.force_login(user)
        counts[user.staff.role] = get(client, "summary/").json()["count"]
    assert counts[Role.GRID_WORKER] == len(dashboard_world.select(grid_cell_id=mine.pk))
    assert counts[Role.LEADER] == counts[Role.PLANNER] == len(dashboard_world.select()) > counts[Role.GRID_WORKER]


def test_memo_computes_a_key_once_for_concurrent_callers():
    memo, calls = Memo(size=2), []

    def slow():
        calls.append(1)
        time.sleep(0.2)
        return len(calls)

    results = []
    threads = [threading.Thread(target=lambda: results.append(memo.get("k", slow))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [1, 1, 1, 1] and len(calls) == 1
    # Least recently used dropped first: "k" was used last, so "a" goes when "b" arrives.
    memo.get("a", lambda: "a")
    memo.get("k", slow)
    memo.get("b", lambda: "b")
    assert memo.get("a", lambda: "recomputed") == "recomputed"
    assert len(calls) == 1
