"""The mobile page's server side through Django's test client (real PostGIS): shell, manifest,
service worker, categories and the near-boundary check."""

import json
import posixpath
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders

from layers.models import Category, GridCell, HousingProject
from map_ui.mobile import MOBILE_ASSETS, MOBILE_ENTRY
from tests.geometry import lonlat, rect
from tests.map_ui.test_pages import entry_modules, external_urls

IMPORT_RE = re.compile(r"""^(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)";""", re.MULTILINE | re.DOTALL)

CELL_A, CELL_B = "110106021001001", "110106021001002"


@pytest.fixture
def worker(make_user, small_world):
    return make_user("grid_worker", username="li", display_name="李网格", community=small_world["west"])


@pytest.fixture
def logged_in(client, worker):
    client.force_login(worker)
    return client


@pytest.fixture
def two_cells(small_world, worker):
    """Cells A and B side by side (shared border at 200 m east), an estate on A's west edge."""
    west = small_world["west"]
    GridCell.objects.create(code=CELL_A, community=west, grid_worker=worker, geom=rect(100, 100, 200, 200))
    GridCell.objects.create(code=CELL_B, community=west, geom=rect(200, 100, 300, 200))
    HousingProject.objects.create(
        code="E1", name="东安小区", community=west, ownership="multi", geom=rect(100, 100, 150, 200)
    )


def near(client, east_m, north_m):
    lon, lat = lonlat(east_m, north_m)
    return client.get("/m/api/near-boundary/", {"lon": lon, "lat": lat})


def test_the_page_sends_anonymous_users_to_login(client, db):
    response = client.get("/m/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/m/"


def test_the_page_is_chinese_phone_sized_and_loads_only_our_files(logged_in):
    response = logged_in.get("/m/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in html
    assert "<title>网格员上报 · 五里店网格</title>" in html
    assert 'name="viewport" content="width=device-width, initial-scale=1' in html
    assert '<script src="/static/vendor/leaflet/leaflet.js">' in html
    assert '<link rel="manifest" href="/m/manifest.webmanifest">' in html
    assert "李网格" in html
    assert external_urls(html) == []
    assert "csrftoken" in response.cookies
    config = json.loads(re.search(r'id="mobile-config" type="application/json">(.*?)</script>', html).group(1))
    assert config["urls"]["serviceWorker"] == "/m/sw.js"
    assert config["username"] == "li"
    assert "labels" not in config
    assert entry_modules(html) == ["/static/map_ui/mobile/app.js"]
    assert '<script src="/jsi18n/zh-hans/" defer></script>' in html


def test_the_page_speaks_english_when_chosen(logged_in):
    logged_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = logged_in.get("/m/").content.decode()

    assert '<html lang="en">' in html
    assert "Grid worker reports" in html
    assert '<script src="/jsi18n/en/" defer></script>' in html


def test_the_service_worker_keeps_every_asset_and_covers_the_mobile_scope(logged_in):
    response = logged_in.get("/m/sw.js")
    body = response.content.decode()
    config = json.loads(re.match(r"const SW_CONFIG = (.*?);\n", body).group(1))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert config["shell"] == "/m/"
    assert len(config["version"]) == 16
    assert config["runtime"][0] == "/m/api/categories/"
    # The scripts' words in both languages, kept network first like the data.
    assert {"/jsi18n/zh-hans/", "/jsi18n/en/"} <= set(config["runtime"])
    assert set(config["assets"]) == {f"/static/{name}" for name in MOBILE_ASSETS}
    assert 'self.addEventListener("fetch"' in body
    assert external_urls(body) == []
    for asset in config["assets"]:
        assert logged_in.get(asset).status_code == 200, asset


def imported_modules(entry: str) -> set[str]:
    """Every module `entry` imports, directly or not, as static paths (the entry included)."""
    found, todo = set(), [entry]
    while todo:
        module = todo.pop()
        if module in found:
            continue
        found.add(module)
        source = Path(finders.find(module)).read_text("utf-8")
        todo += [
            posixpath.normpath(posixpath.join(posixpath.dirname(module), spec)) for spec in IMPORT_RE.findall(source)
        ]
    return found


def test_the_service_worker_keeps_every_module_the_page_imports():
    # A module left out of the list would break the page offline (the import fails, nothing runs).
    modules = imported_modules(MOBILE_ENTRY)

    assert {"map_ui/mobile/outbox.js", "map_ui/http.js", "map_ui/i18n.js"} <= modules
    assert modules == {name for name in MOBILE_ASSETS if name.endswith(".js") and name.startswith("map_ui/")}


def test_the_manifest_opens_the_mobile_page(client, db):
    response = client.get("/m/manifest.webmanifest")
    data = json.loads(response.content)

    assert response["Content-Type"] == "application/manifest+json"
    assert (data["start_url"], data["scope"], data["lang"]) == ("/m/", "/m/", "zh-Hans")
    assert data["icons"][0]["src"] == "/static/map_ui/mobile/icon.svg"


def test_categories_come_from_the_table_in_the_readers_language(logged_in):
    Category.objects.filter(code="other").update(name="其他问题")

    zh = logged_in.get("/m/api/categories/").json()["categories"]
    logged_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en = logged_in.get("/m/api/categories/").json()["categories"]

    assert len(zh) == Category.objects.count() == 15
    assert {"code": "drainage", "name": "排水/积水", "parent": None} in zh
    assert {"code": "other", "name": "其他问题", "parent": None} in zh
    assert {"code": "drainage", "name": "Drainage / waterlogging", "parent": None} in en


def test_the_small_endpoints_need_a_login_and_a_role(client, db):
    assert client.get("/m/api/categories/").status_code == 401
    client.force_login(get_user_model().objects.create_user("norole", password="pw"))

    assert client.get("/m/api/categories/").status_code == 403
    assert client.get("/m/api/near-boundary/", {"lon": 116.25, "lat": 39.86}).status_code == 403


def test_a_pin_near_a_shared_border_names_both_sides(logged_in, two_cells):
    answer = near(logged_in, 195, 150).json()

    assert answer["threshold_m"] == 15
    found = {(row["layer"], row["code"]): row for row in answer["near"]}
    assert set(found) == {("grid_cell", CELL_A), ("grid_cell", CELL_B)}
    assert found["grid_cell", CELL_A]["inside"] is True
    assert found["grid_cell", CELL_B]["inside"] is False
    assert found["grid_cell", CELL_A]["distance_m"] == pytest.approx(5, abs=0.1)
    assert found["grid_cell", CELL_B]["distance_m"] == pytest.approx(5, abs=0.1)


def test_a_pin_near_an_estate_edge_names_the_estate_and_sorts_by_distance(logged_in, two_cells):
    answer = near(logged_in, 103, 150).json()

    assert [(row["layer"], row["code"], row["name"]) for row in answer["near"]] == [
        ("grid_cell", CELL_A, ""),
        ("housing_project", "E1", "东安小区"),
    ]
    assert answer["near"][0]["distance_m"] == pytest.approx(3, abs=0.1)


def test_a_pin_in_the_middle_of_a_cell_has_no_warning(logged_in, two_cells):
    assert near(logged_in, 175, 150).json()["near"] == []


def test_the_warning_distance_is_a_setting(logged_in, two_cells, settings):
    settings.MOBILE_NEAR_BOUNDARY_M = 30

    answer = near(logged_in, 175, 150).json()

    assert answer["threshold_m"] == 30
    assert {row["code"] for row in answer["near"]} == {CELL_A, CELL_B, "E1"}


@pytest.mark.parametrize(
    ("query", "field", "expected"),
    [
        ({"lat": "39.86"}, "lon", "expected a number"),
        ({"lon": "abc", "lat": "39.86"}, "lon", "expected a number"),
        ({"lon": "116.25", "lat": "91"}, "lat", "expected -90..90"),
        ({"lon": "nan", "lat": "39.86"}, "lon", "expected -180..180"),
    ],
)
def test_bad_coordinates_are_refused_naming_the_field(logged_in, query, field, expected):
    response = logged_in.get("/m/api/near-boundary/", query)

    assert response.status_code == 400
    assert expected in response.json()["errors"][field]
