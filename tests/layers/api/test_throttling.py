"""Request limits (geo_gov/throttling.py): intake (staff API, Open311 POST) and the expensive reads
(exports, tiles, OGC items, hotspots, reports) answer 429 with Retry-After and a Chinese message
naming the limit, once a user has used the rate of the setting; counters are shared between
processes through memcached, as between production's gunicorn workers."""

import subprocess
import sys
import textwrap
import uuid

import pytest
from django.core.cache import caches

from tests.layers.api.cases_world import cases_world_fixture, categories_fixture, client_for  # noqa: F401
from tests.layers.api.open311_helpers import error_of, form, keys_fixture, post  # noqa: F401 (fixtures)
from tests.layers.api.test_complaints_api import URL, payload
from tests.memcached import memcached_fixture, throttle_cache  # noqa: F401 (fixture)


def _limit(settings, scope, rate):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, scope: rate}


def _refused(response):
    assert response.status_code == 429, response.content
    wait = int(response["Retry-After"])
    assert 0 < wait <= 60
    return wait


def test_intake_is_limited_per_user_and_reads_are_not(cases_world, settings):
    _limit(settings, "intake", "3/min")
    alice = client_for(cases_world["alice"])
    for _ in range(3):
        assert alice.post(URL, payload(client_uuid=str(uuid.uuid4())), format="json").status_code == 201
    refused = alice.post(URL, payload(client_uuid=str(uuid.uuid4())), format="json")
    wait = _refused(refused)
    assert refused.json()["detail"] == f"请求过于频繁：上报与办理每分钟最多 3 次。请 {wait} 秒后再试。"
    # A transition is a write too; listing is not counted.
    case_id = alice.get(URL).json()["results"][0]["id"]
    assert client_for(cases_world["alice"]).get(f"{URL}{case_id}/").status_code == 200
    assert alice.post(f"{URL}{case_id}/transition/", {"to_status": "responded"}, format="json").status_code == 429
    # Another user has a limit of their own.
    assert client_for(cases_world["bob"]).post(URL, payload(point=(700, 300)), format="json").status_code == 201


def test_open311_post_is_limited_with_the_spec_error_document(cases_world, keys, settings):
    _limit(settings, "intake", "2/hour")
    assert [post(form(keys)).status_code for _ in range(2)] == [201, 201]
    refused = post(form(keys))
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "上报与办理每小时最多 2 次" in error_of(refused, 429)


def test_an_empty_rate_switches_a_scope_off(cases_world, settings):
    _limit(settings, "intake", "")
    alice = client_for(cases_world["alice"])
    assert {alice.post(URL, payload(client_uuid=str(uuid.uuid4())), format="json").status_code for _ in range(4)} == {
        201
    }


EXPENSIVE = [
    ("export", "/api/export/?layer=communities&format=geojson", "数据导出"),
    ("export", "/api/export/geojson/communities/", "数据导出"),
    ("tiles", "/tiles/grid-cells/14/13484/6213.pbf", "矢量瓦片"),
    ("ogc", "/ogcapi/collections/communities/items", "OGC API 要素"),
    ("hotspots", "/api/hotspots/?level=communities&start=2026-01-01&end=2026-01-31", "热点分析"),
    ("reports", "/api/stats/weekly/2026-W47/", "周报"),
    ("reports", "/reports/weekly/2026-W47/", "周报"),
]


@pytest.mark.parametrize(("scope", "url", "label"), EXPENSIVE, ids=[url for _, url, _ in EXPENSIVE])
def test_expensive_reads_are_limited(cases_world, settings, scope, url, label):
    _limit(settings, scope, "2/min")
    leader = client_for(cases_world["leader"])
    leader.force_login(cases_world["leader"])  # the report pages are plain Django views: a session
    assert [leader.get(url).status_code < 400 for _ in range(2)] == [True, True]
    refused = leader.get(url)
    wait = _refused(refused)
    body = refused.content.decode()
    assert f"请求过于频繁：{label}每分钟最多 2 次。请 {wait} 秒后再试。" in body


COUNT_IN_ANOTHER_PROCESS = textwrap.dedent(
    """
    import os, sys, types
    os.environ["DJANGO_SETTINGS_MODULE"] = "geo_gov.settings_test"
    os.environ["THROTTLE_CACHE_URL"] = sys.argv[1]
    import django
    django.setup()
    from django.conf import settings
    from rest_framework.exceptions import Throttled
    from geo_gov.throttling import TileThrottle
    settings.API_THROTTLE_RATES["tiles"] = "3/min"
    user = types.SimpleNamespace(pk=int(sys.argv[2]), is_authenticated=True)
    request = types.SimpleNamespace(user=user, META={"REMOTE_ADDR": "127.0.0.1"}, method="GET")
    try:
        TileThrottle().allow_request(request, None)
    except Throttled:
        print("refused")
    else:
        print("allowed")
    """
)


def test_counters_are_shared_between_processes_through_memcached(cases_world, settings, memcached):
    settings.CACHES = {**settings.CACHES, "throttle": throttle_cache(memcached)}
    caches["throttle"].clear()
    _limit(settings, "tiles", "3/min")
    leader = client_for(cases_world["leader"])
    url = "/tiles/grid-cells/14/13484/6213.pbf"
    assert [leader.get(url).status_code for _ in range(2)] == [204, 204]

    def another_worker():
        args = [sys.executable, "-c", COUNT_IN_ANOTHER_PROCESS, memcached, str(cases_world["leader"].pk)]
        return subprocess.run(args, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR).stdout.strip()

    # The third request of the minute, in another process: allowed, and counted for this one too.
    assert another_worker() == "allowed"
    assert leader.get(url).status_code == 429
    assert another_worker() == "refused"
