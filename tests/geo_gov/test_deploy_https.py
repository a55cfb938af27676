"""The deployment on loopback: nginx (the rendered site file, TLS with the set-up's own certificate)
in front of gunicorn under the production settings, on the test database.

The phone page is driven in Chromium at https://wulidian-gov.test (a name Chromium maps to
127.0.0.1, so the page is a secure context because of TLS, not because it is loopback), with the
server's key trusted by pinning it (--ignore-certificate-errors-spki-list); Python and GDAL check the
chain against the set-up's CA as a phone that installed it would."""

import hashlib
import re
import subprocess

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from playwright.sync_api import expect, sync_playwright
from rest_framework.authtoken.models import Token

from layers.models import Complaint, ComplaintPhoto, Role
from layers.services.complaints import complaint_create
from tests.geo_gov import servers
from tests.geometry import lonlat
from tests.map_ui import mobile_phone
from tests.map_ui.mobile_phone import CHROMIUM, CHROMIUM_ARGS, camera_jpeg, log_in, phone
from tests.memcached import memcached_fixture  # noqa: F401 (fixture)

categories = mobile_phone.categories
cells = mobile_phone.cells
PASSWORD = "pw-for-tests"
# The page's own fetch (its cookies, its host mapping): status, headers and a SHA-256 of the body.
FETCH = """async (path) => {
  const r = await fetch(path);
  const digest = await crypto.subtle.digest("SHA-256", await r.arrayBuffer());
  const sha256 = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const h = (name) => r.headers.get(name);
  const nosniff = h("x-content-type-options");
  return {status: r.status, type: h("content-type"), nosniff, accel: h("x-accel-redirect"), sha256};
}"""


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker, tmp_path_factory, memcached):
    with django_db_blocker.unblock():
        yield from servers.start(tmp_path_factory.mktemp("deploy"), memcached)


def _production_password(*users):
    # The tests hash with MD5 (geo_gov/settings_test.py), which production does not accept.
    for user in users:
        # Django's iteration count, or the first login would re-hash it (a second of CPU) and save it.
        user.password = PBKDF2PasswordHasher().encode(PASSWORD, "testsalt")
        user.save(update_fields=["password"])


def _https(stack, path, **kwargs):
    url = f"https://127.0.0.1:{stack.https_port}{path}"
    return requests.request(kwargs.pop("method", "GET"), url, verify=str(stack.certificates.ca_cert), **kwargs)


@pytest.fixture
def chromiums(stack, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM is used beside it on purpose.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    spki = servers.tls.spki_sha256(stack.certificates.cert)
    args = [*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {servers.SERVER_NAME} 127.0.0.1"]
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=[*args, f"--ignore-certificate-errors-spki-list={spki}"]
        )
        untrusting = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        yield launched, untrusting
        launched.close()
        untrusting.close()


def test_the_phone_page_over_https_is_a_secure_context_and_reports(stack, chromiums, cells, tmp_path):
    _production_password(cells["li"])
    trusting, untrusting = chromiums

    # Without the server's key trusted, Chromium refuses the certificate (the pin is what trusts it).
    page = untrusting.new_page()
    with pytest.raises(Exception, match="ERR_CERT_AUTHORITY_INVALID"):
        page.goto(f"{stack.https_url}/m/")

    context, page, requests_seen, errors = phone(trusting, east_m=150, north_m=200)
    log_in(page, stack.https_url, "li")
    assert page.evaluate("window.isSecureContext") is True
    assert page.evaluate("typeof crypto.randomUUID") == "function"
    assert page.evaluate("navigator.serviceWorker.getRegistration('/m/').then(r => !!(r && r.active))") is True
    cookies = {c["name"]: c for c in context.cookies()}
    assert cookies["sessionid"]["secure"] and cookies["csrftoken"]["secure"]

    page.get_by_role("tab", name="上报问题").tap()
    page.get_by_role("button", name="GPS定位").tap()
    expect(page.locator("#pin-info")).to_contain_text(mobile_phone.CELL_A)
    page.get_by_label("问题分类").select_option(label="道路/路面")
    page.get_by_label("问题描述").fill("路面塌陷一处（HTTPS）")
    page.get_by_label("照片（最多3张）").set_input_files(str(camera_jpeg(tmp_path / "camera.jpg", (800, 600))))
    page.get_by_role("button", name="提交").tap()
    expect(page.locator("#report-message")).to_have_text(re.compile(r"^已提交，编号 #\d+。$"))
    expect(page.locator("body")).to_have_attribute("data-outbox", "0", timeout=15000)
    case = Complaint.objects.get(description="路面塌陷一处（HTTPS）")
    assert page.locator("#report-message").inner_text() == f"已提交，编号 #{case.pk}。"
    assert case.client_uuid is not None and case.grid_cell.code == mobile_phone.CELL_A

    # The photo: through the app's permission check, then sent by nginx from its internal location.
    photo = ComplaintPhoto.objects.get(complaint=case)
    stored = stack.media / photo.image.name  # written by gunicorn under the production MEDIA_ROOT
    assert stored.is_file()
    answer = page.evaluate(FETCH, f"/api/complaints/{case.pk}/photos/{photo.pk}/")
    assert answer["status"] == 200 and answer["type"] == "image/jpeg" and answer["nosniff"] == "nosniff"
    assert answer["sha256"] == hashlib.sha256(stored.read_bytes()).hexdigest()
    assert answer["accel"] is None
    # Nobody reaches the file around the check: no public /media/, and the internal prefix is internal.
    for path in (f"/media/{photo.image.name}", f"/_protected_media/{photo.image.name}"):
        assert page.evaluate(FETCH, path)["status"] == 404
    assert errors == []
    context.close()


def test_plain_http_redirects_to_https(stack):
    answer = requests.get(f"http://127.0.0.1:{stack.http_url.rsplit(':', 1)[1]}/m/?x=1", allow_redirects=False)
    assert answer.status_code == 301
    assert answer.headers["Location"] == f"https://127.0.0.1:{stack.https_port}/m/?x=1"


def test_headers_static_files_and_gzip(stack):
    health = _https(stack, "/healthz")
    assert health.status_code == 200
    assert health.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    script = _https(stack, "/static/map_ui/mobile/app.js", headers={"Accept-Encoding": "gzip"})
    assert script.status_code == 200
    assert script.headers["Content-Encoding"] == "gzip"  # the .gz made by collectstatic (gzip_static)
    assert script.headers["Cache-Control"] == "max-age=604800"  # nginx's, not whitenoise's
    assert script.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    login = _https(stack, "/accounts/login/", headers={"Accept-Encoding": "gzip"})
    assert login.headers.get("Content-Encoding") == "gzip" and "登录" in login.text
    assert "nginx/" not in login.headers.get("Server", "")


def test_uploads_larger_than_a_photo_are_refused_by_nginx(stack, cells):
    limit = int(re.search(r"client_max_body_size (\d+);", (stack.logs / "geo_gov.conf").read_text())[1])
    assert limit == 11 * 1024 * 1024  # the 10 MB photo limit and its envelope (settings.REQUEST_MAX_BYTES)
    lon, lat = lonlat(150, 200)
    case, _created = complaint_create(
        actor=cells["li"], channel="grid_patrol", description="d", category_code="roads", lon=lon, lat=lat
    )
    url, token = (
        f"/api/complaints/{case.pk}/photos/",
        {"Authorization": f"Token {Token.objects.create(user=cells['li'])}"},
    )
    too_large = _https(stack, url, method="POST", headers=token, files={"image": ("big.jpg", b"x" * (limit + 1))})
    assert too_large.status_code == 413
    assert too_large.json()["detail"].startswith("上传内容过大：每次请求最多 11 MB（每张照片最多 10 MB）。")
    # Just under the limit reaches the application, which reads it and says what is wrong with it.
    under = _https(stack, url, method="POST", headers=token, files={"image": ("big.jpg", b"x" * (limit - 4096))})
    assert under.status_code == 400, under.text
    assert "image" in under.json()
    assert ComplaintPhoto.objects.count() == 0


def test_gdal_connects_with_basic_auth_over_https(stack, make_user, transactional_db, tmp_path):
    agency = make_user(Role.AGENCY, "qgis")
    _production_password(agency)
    url = f"OAPIF:https://127.0.0.1:{stack.https_port}/ogcapi/"
    env = {"PATH": "/usr/bin:/bin", "GDAL_HTTP_AUTH": "BASIC", "GDAL_HTTP_USERPWD": f"qgis:{PASSWORD}"}
    env["CURL_CA_BUNDLE"] = str(stack.certificates.ca_cert)  # the CA, as on an agency's PC
    listing = subprocess.run(["ogrinfo", "-ro", "-q", url], capture_output=True, text=True, env=env)
    assert listing.returncode == 0, listing.stderr
    assert "communities" in listing.stdout
    out = tmp_path / "out.gpkg"
    copy = subprocess.run(
        ["ogr2ogr", "-f", "GPKG", str(out), url, "communities"], capture_output=True, text=True, env=env
    )
    assert copy.returncode == 0, copy.stderr
    assert out.stat().st_size > 0
    # Without the CA, the certificate is not trusted.
    untrusted = subprocess.run(
        ["ogrinfo", "-ro", "-q", url], capture_output=True, text=True, env=env | {"CURL_CA_BUNDLE": "/dev/null"}
    )
    assert untrusted.returncode != 0
