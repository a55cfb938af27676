"""The map page, login page and health check through Django's test client (real PostGIS)."""

import logging
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import override_settings

TITLE_ZH = "五里店街道网格治理地图"
TITLE_EN = "Wulidian Sub-district Grid Governance Map"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "testserver", "www.w3.org"}
URL_RE = re.compile(r"https?://[^\s\"'<>()\\]+", re.IGNORECASE)
ATTR_URL_RE = re.compile(r"""(?:src|href|action)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def external_urls(html: str) -> list[str]:
    """Every absolute URL, and every src/href/action leaving our origin, in a page."""
    absolute = [url for url in URL_RE.findall(html) if urlsplit(url).hostname not in LOCAL_HOSTS]
    # Scheme-relative ("//cdn...") links name a host too; data: and relative URLs do not.
    attributes = [value for value in ATTR_URL_RE.findall(html) if urlsplit(value).netloc]
    return sorted(set(absolute) | {value for value in attributes if urlsplit(value).hostname not in LOCAL_HOSTS})


def entry_modules(html: str) -> list[str]:
    """The module scripts a page loads itself (each page has one entry module)."""
    return re.findall(r'<script type="module" src="([^"]+)"></script>', html)


def test_the_url_check_catches_absolute_and_scheme_relative_links():
    html = '<script src="//cdn.example/x.js"></script><a href="https://leafletjs.com">L</a><link href="data:,">'

    assert external_urls(html) == ["//cdn.example/x.js", "https://leafletjs.com"]


@pytest.fixture
def leader(make_user):
    return make_user("leader", username="wang", display_name="王科长")


@pytest.fixture
def logged_in(client, leader):
    client.force_login(leader)
    return client


def test_map_page_sends_anonymous_users_to_login(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_map_page_is_chinese_and_loads_only_our_files(logged_in):
    response = logged_in.get("/")
    html = response.content.decode()

    assert response.status_code == 200
    assert f"<title>{TITLE_ZH}</title>" in html
    assert '<html lang="zh-Hans">' in html
    assert '<script src="/static/vendor/leaflet/leaflet.js">' in html
    assert 'href="/static/vendor/leaflet/leaflet.css"' in html
    # One entry module (it imports the others), after the scripts' words in the page's language.
    assert entry_modules(html) == ["/static/map_ui/dashboard/dashboard.js"]
    assert '<script src="/jsi18n/zh-hans/" defer></script>' in html
    assert external_urls(html) == []
    for cdn_thing in ("jsdelivr", "jquery", "bootstrap", "font-awesome", "fontawesome", "openstreetmap"):
        assert cdn_thing not in html.lower()


def test_map_page_shows_user_role_and_post_forms(logged_in):
    html = logged_in.get("/").content.decode()

    assert "王科长" in html
    assert "街道领导" in html
    assert re.search(
        r'<form class="logout" method="post" action="/accounts/logout/">\s*<input type="hidden" name="csrf', html
    )
    assert 'action="/i18n/setlang/" method="post"' in html
    assert 'name="language" value="en"' in html


def test_map_page_tells_the_script_where_the_map_and_api_are(logged_in):
    response = logged_in.get("/")
    config = response.context["map_config"]

    assert f"var {config['mapVariable']} = L.map(" in response.content.decode()
    assert config["layersUrl"] == "/api/layers/"
    assert config["locateUrl"] == "/api/locate/"
    assert config["tileLayers"] == []
    # The scripts' words come from the JavaScript catalogue, not from the page's configuration.
    assert "labels" not in config


def test_map_page_in_english_when_the_language_cookie_says_so(logged_in):
    logged_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = logged_in.get("/")
    html = response.content.decode()

    assert f"<title>{TITLE_EN}</title>" in html
    assert '<html lang="en">' in html
    assert "Sub-district leader" in html
    assert '<script src="/jsi18n/en/" defer></script>' in html


def test_an_english_browser_still_gets_chinese_first(logged_in):
    response = logged_in.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()

    assert f"<title>{TITLE_ZH}</title>" in html
    assert "街道领导" in html
    assert response["Content-Language"] == "zh-hans"
    # The page depends on the language cookie, not on the browser's header.
    assert "Cookie" in response["Vary"] and "Accept-Language" not in response["Vary"]


def test_an_unknown_language_cookie_falls_back_to_chinese(logged_in):
    logged_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = logged_in.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert f"<title>{TITLE_ZH}</title>" in response.content.decode()
    assert response["Content-Language"] == "zh-hans"


def test_language_switch_changes_the_page_language(logged_in):
    response = logged_in.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert TITLE_EN in logged_in.get("/").content.decode()


def test_logout_is_a_post_back_to_login(logged_in):
    response = logged_in.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert logged_in.get("/").status_code == 302


def test_user_without_staff_profile_still_gets_the_map(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("admin-no-profile", password="x"))

    html = client.get("/").content.decode()

    assert "admin-no-profile" in html
    assert "未设置角色" in html


def test_login_page_is_chinese_by_default_and_self_contained(client, db):
    response = client.get("/accounts/login/?next=/")
    html = response.content.decode()

    assert response.status_code == 200
    assert TITLE_ZH in html
    assert '<label for="id_username">用户名</label>' in html
    assert '<label for="id_password">密码</label>' in html
    assert 'name="next" value="/"' in html
    assert external_urls(html) == []


def test_login_page_in_english(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get("/accounts/login/").content.decode()

    assert TITLE_EN in html
    assert '<label for="id_password">Password</label>' in html


def test_login_form_logs_in_and_reports_a_wrong_password(client, make_user):
    make_user("grid_worker", username="li", password="right-password")

    wrong = client.post("/accounts/login/", {"username": "li", "password": "wrong"})
    right = client.post("/accounts/login/", {"username": "li", "password": "right-password", "next": "/"})

    assert wrong.status_code == 200
    assert 'class="form-error" role="alert"' in wrong.content.decode()
    assert right.status_code == 302
    assert right["Location"] == "/"


def test_healthz_answers_anonymously_after_asking_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() | {"database_ms": 0} == {
        "status": "ok",
        "database": True,
        "database_state": "ok",
        "database_ms": 0,
    }
    assert "no-cache" in response["Cache-Control"]


@override_settings(TILE_LAYERS=["tianditu"], TIANDITU_KEY="test-key")
def test_tianditu_tiles_are_the_only_remote_urls_and_only_when_configured(logged_in):
    response = logged_in.get("/")

    remote_hosts = {urlsplit(url).hostname for url in external_urls(response.content.decode())}
    tile_layers = response.context["map_config"]["tileLayers"]
    assert remote_hosts == {"t{s}.tianditu.gov.cn"}
    assert "tk=test-key" in response.content.decode()
    assert [(ref["label_key"], ref["base"]) for ref in tile_layers] == [("tianditu_vec", True), ("tianditu_cva", False)]


@override_settings(TILE_LAYERS=["tianditu", "osm"], TIANDITU_KEY="")
def test_tile_layers_that_cannot_be_served_are_skipped_with_a_warning(logged_in, caplog):
    with caplog.at_level(logging.WARNING, logger="map_ui.maps"):
        response = logged_in.get("/")

    assert external_urls(response.content.decode()) == []
    assert response.context["map_config"]["tileLayers"] == []
    assert "TIANDITU_KEY is empty" in caplog.text
    assert "'osm'" in caplog.text


@override_settings(TILE_LAYERS=["amap"])
def test_amap_tiles_are_a_base_map_that_asks_for_the_gcj02_display_shift(logged_in):
    response = logged_in.get("/")

    remote_hosts = {urlsplit(url).hostname for url in external_urls(response.content.decode())}
    assert remote_hosts == {"webrd0{s}.is.autonavi.com"}
    [ref] = response.context["map_config"]["tileLayers"]
    assert (ref["label_key"], ref["base"], ref["display_crs"]) == ("amap", True, "gcj02")


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "linked"), [("leader", True), ("planner", True), ("grid_worker", False)])
def test_dashboard_links_the_planners_pages_for_roles_that_may_open_them(client, make_user, role, linked):
    client.force_login(make_user(role, f"u-{role}"))
    page = client.get("/dashboard/").content.decode()
    assert ('id="planner-link" href="/planner/"' in page) is linked
