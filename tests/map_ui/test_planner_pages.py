"""The planners' pages (/planner/) through Django's test client (real PostGIS): who may open them,
the languages, the navigation and what the scripts are told."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from map_ui.planner import navigation
from tests.map_ui.test_pages import entry_modules, external_urls

PAGES = {
    "/planner/": ("改造候选排名", "Renovation ranking"),
    "/planner/packages/": ("成片改造包", "Renovation packages"),
    "/planner/before-after/": ("改造前后对比", "Before and after"),
}
ENTRY_MODULES = {
    "/planner/": "/static/map_ui/planner/ranking.js",
    "/planner/packages/": "/static/map_ui/planner/packages.js",
    "/planner/before-after/": "/static/map_ui/planner/before_after.js",
}


@pytest.fixture
def planner(client, make_user):
    client.force_login(make_user("planner", username="sun", display_name="孙规划"))
    return client


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_users_are_sent_to_login(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("role", ["grid_worker", "department", "agency"])
def test_roles_outside_planning_get_403(client, make_user, url, role):
    client.force_login(make_user(role))

    assert client.get(url).status_code == 403


def test_a_user_without_a_staff_profile_gets_403(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("no-profile", password="x"))

    assert client.get("/planner/").status_code == 403


@pytest.mark.parametrize("role", ["planner", "leader", "cadre", "admin"])
def test_planning_roles_open_every_page(client, make_user, role):
    client.force_login(make_user(role))

    for url in PAGES:
        assert client.get(url).status_code == 200, url


def test_superuser_opens_the_pages(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))

    assert client.get("/planner/").status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_pages_are_chinese_first_and_load_only_our_files(planner, url):
    response = planner.get(url)
    html = response.content.decode()
    title_zh, _ = PAGES[url]

    assert response.status_code == 200
    assert f"<title>{title_zh} · 老旧小区改造规划</title>" in html
    assert '<html lang="zh-Hans">' in html
    assert f"<h1>{title_zh}</h1>" in html
    assert "孙规划" in html and "规划人员" in html
    assert entry_modules(html) == [ENTRY_MODULES[url]]
    assert '<script src="/jsi18n/zh-hans/" defer></script>' in html
    assert external_urls(html) == []


@pytest.mark.parametrize("url", PAGES)
def test_pages_in_english_with_the_language_switch(planner, url):
    switched = planner.post("/i18n/setlang/", {"language": "en", "next": url})
    response = planner.get(switched["Location"])
    html = response.content.decode()
    _, title_en = PAGES[url]

    assert switched.status_code == 302
    assert f"<title>{title_en} · Old-estate renovation planning</title>" in html
    assert '<html lang="en">' in html
    assert '<script src="/jsi18n/en/" defer></script>' in html
    assert "labels" not in response.context["config"]


@pytest.mark.parametrize("url", PAGES)
def test_map_pages_load_leaflet_from_our_static_files(planner, url):
    response = planner.get(url)
    html = response.content.decode()

    assert '<script src="/static/vendor/leaflet/leaflet.js">' in html
    assert re.search(r"var map_\w+ = L\.map\(", html)
    assert response.context["config"]["communitiesUrl"] == "/api/layers/communities/"


def test_navigation_links_the_pages_the_patrols_and_the_map(planner):
    html = planner.get("/planner/packages/").content.decode()
    nav = re.search(r'<nav class="planner-nav".*?</nav>', html, re.S).group(0)

    links = re.findall(r'<a href="([^"]+)"', nav)
    assert links[:3] == ["/planner/", "/planner/packages/", "/planner/before-after/"]
    assert links[-1] == "/dashboard/"
    assert '<a href="/planner/packages/" aria-current="page">成片改造包</a>' in nav
    # The patrols page is linked exactly when it answers (another engineer's map_ui/patrol_urls.py).
    patrols = planner.get("/planner/patrols/")
    assert ("/planner/patrols/" in links) == (patrols.status_code != 404)


def test_ranking_tells_the_script_the_period_apis_and_weights(planner):
    config = planner.get("/planner/").context["config"]
    today = timezone.localdate()

    assert (config["start"], config["end"]) == (date(today.year, 1, 1).isoformat(), today.isoformat())
    assert config["estatesUrl"] == "/api/planning/estates/"
    assert config["exportUrl"] == "/api/planning/estates/export/"
    assert config["weights"] == settings.RENOVATION_WEIGHTS
    assert config["badField"] is None


def test_ranking_shows_the_weights_from_settings(client, make_user):
    client.force_login(make_user("leader"))
    with override_settings(RENOVATION_WEIGHTS={**settings.RENOVATION_WEIGHTS, "trend": 0.25}):
        html = client.get("/planner/").content.decode()

    assert '<span class="weight">趋势 0.25</span>' in html


def test_a_period_from_the_address_fills_the_form(planner):
    html = planner.get("/planner/?start=2026-03-01&end=2026-06-30").content.decode()

    assert 'id="period-start" value="2026-03-01"' in html
    assert 'id="period-end" value="2026-06-30"' in html


@pytest.mark.parametrize(
    ("query", "field"),
    [("start=2026-13-01", "start"), ("end=yesterday", "end"), ("start=2026-07-01&end=2026-06-30", "start")],
)
def test_a_bad_period_falls_back_to_the_default_and_says_which_field(planner, query, field):
    config = planner.get(f"/planner/?{query}").context["config"]

    assert config["badField"] == field
    assert config["start"] == date(timezone.localdate().year, 1, 1).isoformat()


def test_before_after_reads_its_api_and_the_estate_layer(planner):
    config = planner.get("/planner/before-after/").context["config"]

    assert config["beforeAfterUrl"] == "/api/planning/before-after/"
    assert config["estatesUrl"] == "/api/layers/housing-projects/"


def test_packages_page_starts_from_the_settings_caps(planner):
    config = planner.get("/planner/packages/").context["config"]

    assert config["packagesUrl"] == "/api/planning/packages/"
    assert config["maxDistanceM"] == settings.RENOVATION_PACKAGE_MAX_DISTANCE_M
    assert config["maxEstates"] == settings.RENOVATION_PACKAGE_MAX_ESTATES
    assert config["maxHouseholds"] == settings.RENOVATION_PACKAGE_MAX_HOUSEHOLDS


def test_packages_page_takes_caps_from_the_address_and_ignores_nonsense(planner):
    config = planner.get("/planner/packages/?max_distance_m=150&max_estates=x&max_households=-5").context["config"]

    assert config["maxDistanceM"] == 150
    assert config["maxEstates"] == settings.RENOVATION_PACKAGE_MAX_ESTATES
    assert config["maxHouseholds"] == settings.RENOVATION_PACKAGE_MAX_HOUSEHOLDS


def test_navigation_leaves_out_a_page_whose_api_is_not_mounted(db):
    with override_settings(ROOT_URLCONF="tests.map_ui.planner_urls_without_packages"):
        keys = [item["key"] for item in navigation("ranking")]

    assert "packages" not in keys
    assert keys[:2] == ["ranking", "before_after"]


def test_a_page_whose_api_is_not_mounted_answers_404(planner):
    with override_settings(ROOT_URLCONF="tests.map_ui.planner_urls_without_packages"):
        assert planner.get("/planner/packages/").status_code == 404
        assert planner.get("/planner/").status_code == 200
