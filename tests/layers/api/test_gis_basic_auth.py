"""HTTP Basic on the GIS endpoints (layers/api/gis_auth.py): OGC API Features, exports and tiles take
a user and password over HTTPS, never over plain HTTP in production (the 401 says why), and no other
endpoint takes them; a wrong password counts towards the login lockout. GDAL's OAPIF driver logs in
with GDAL_HTTP_AUTH=BASIC (over HTTPS through nginx: tests/geo_gov/test_deploy_https.py)."""

import base64
import os
import re
import subprocess

import pytest
from rest_framework.test import APIClient

from layers.exporters import LAYERS
from layers.models import Role
from tests.layers.exporters import world

export_world = world.export_world
PASSWORD = "pw-for-tests"
GIS_URLS = [
    "/ogcapi/collections",
    "/ogcapi/collections/communities/items",
    "/api/export/?layer=communities&format=geojson",
    "/api/layers/complaints.geojson",
    "/tiles/grid-cells/14/13484/6213.pbf",
]


@pytest.fixture
def agency(make_user):
    return make_user(Role.AGENCY, "qgis-user")


def basic(username, password=PASSWORD) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def _get(url, authorization=None, secure=True, address="192.0.2.5"):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    return APIClient().get(url, secure=secure, REMOTE_ADDR=address, **headers)


@pytest.mark.parametrize("url", GIS_URLS)
def test_basic_over_https_is_accepted(export_world, agency, url):
    assert _get(url, basic("qgis-user")).status_code in (200, 204)


def test_no_credentials_over_https_is_challenged_with_basic(export_world):
    response = _get("/ogcapi/collections")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="geo_gov"'


@pytest.mark.parametrize("url", GIS_URLS[:1] + GIS_URLS[2:])
def test_basic_over_plain_http_is_refused_in_production(export_world, agency, url):
    response = _get(url, basic("qgis-user"), secure=False)
    assert response.status_code == 401
    assert "HTTP Basic 认证只能通过 HTTPS 使用" in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Token"  # no invitation to send a password in clear


def test_basic_over_plain_http_is_a_setting_for_the_loopback_demo(export_world, agency, settings):
    settings.BASIC_AUTH_OVER_HTTP = True
    assert _get("/ogcapi/collections", basic("qgis-user"), secure=False).status_code == 200


@pytest.mark.parametrize(
    "url", ["/api/complaints/", "/api/layers/communities/", "/api/stats/totals/", "/m/api/categories/"]
)
def test_no_other_endpoint_takes_basic(export_world, make_user, url):
    make_user(Role.LEADER, "leader-basic")
    response = _get(url, basic("leader-basic"))
    assert response.status_code in (401, 403), response.content


def test_a_wrong_password_is_401_and_counts_towards_the_lockout(export_world, agency):
    response = _get("/ogcapi/collections", basic("qgis-user", "wrong"))
    assert response.status_code == 401
    assert response.json()["detail"] == "用户名或密码错误。"
    for _ in range(8):
        _get("/ogcapi/collections", basic("qgis-user", "wrong"))
    locked = _get("/ogcapi/collections", basic("qgis-user"))
    assert locked.status_code == 429
    assert locked["Retry-After"] == str(15 * 60)
    assert "请 15 分钟后再试" in locked.json()["detail"]
    # One lockout for the username at this address, whichever door: the login page refuses it too.
    page = APIClient().post(
        "/accounts/login/", {"username": "qgis-user", "password": PASSWORD}, REMOTE_ADDR="192.0.2.5"
    )
    assert page.status_code == 429
    # From another address the same user still gets in.
    assert _get("/ogcapi/collections", basic("qgis-user"), address="192.0.2.6").status_code == 200


def test_gdal_oapif_logs_in_with_basic(export_world, live_server, agency, settings):
    # The live server is plain HTTP; the loopback setting lets this real client use Basic on it.
    settings.BASIC_AUTH_OVER_HTTP = True
    env = {**os.environ, "GDAL_HTTP_AUTH": "BASIC", "GDAL_HTTP_USERPWD": f"qgis-user:{PASSWORD}"}
    done = subprocess.run(
        ["ogrinfo", "-ro", "-q", f"OAPIF:{live_server.url}/ogcapi/"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert re.findall(r"^\d+: (\S+)", done.stdout, re.M) == list(LAYERS)
    env["GDAL_HTTP_USERPWD"] = "qgis-user:wrong"
    refused = subprocess.run(
        ["ogrinfo", "-ro", "-q", f"OAPIF:{live_server.url}/ogcapi/"], capture_output=True, text=True, env=env
    )
    assert refused.returncode != 0


def test_a_success_is_remembered_and_forgotten_on_a_password_change(export_world, agency):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from layers.api import auth

    auth._cache.clear()
    assert _get("/ogcapi/collections", basic("qgis-user")).status_code == 200
    with CaptureQueriesContext(connection) as again:
        assert _get("/ogcapi/collections", basic("qgis-user")).status_code == 200
    # Neither the lockout check nor the password check ran again (no axes or auth_user query).
    assert not [q for q in again.captured_queries if "axes_" in q["sql"] or "auth_user" in q["sql"]]
    # A wrong password is never answered from memory.
    assert _get("/ogcapi/collections", basic("qgis-user", "wrong")).status_code == 401
    agency.set_password("new-password")
    agency.save()
    auth._seen.checked = float("-inf")  # the next call looks at the access version at once
    assert _get("/ogcapi/collections", basic("qgis-user")).status_code == 401
    assert _get("/ogcapi/collections", basic("qgis-user", "new-password")).status_code == 200
