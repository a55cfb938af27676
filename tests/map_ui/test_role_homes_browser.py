"""Issue 17, part 4: each role lands on its own home after logging in, on a desktop and a phone, in
both languages: planners on /planner/, district agencies on /exports/ (every layer, format and
coordinate system; the OGC API and Open311 addresses; how to connect QGIS), grid workers on the
phone page, department staff and cadres on the case desk, leaders and admins on the dashboard. The
agency reaches the exports and the OGC API from the pages, and a file downloaded from the exports page
is the layer asked for.
"""

import pyogrio
import pytest
from playwright.sync_api import expect

from layers.exporters import FORMATS, LAYERS, OUTPUT_CRS
from layers.models import HousingProject
from tests.map_ui.first_world import download_layer, save, visit

pytest_plugins = ["tests.map_ui.first_world"]

# Role -> (where it lands, something only that page has).
HOMES = {
    "leader": ("/", "#dash-filters"),
    "department": ("/desk/", "#desk-search"),
    "cadre": ("/desk/", "#desk-search"),
    "admin": ("/", "#dash-filters"),
    "planner": ("/planner/", "#planner-main"),
    "agency": ("/exports/", "#exports-main"),
    "grid_worker": ("/m/", "#m-map"),
}
CASES = [(role, viewport, language) for role in HOMES for viewport, language in (("desktop", "zh"), ("phone", "en"))]


@pytest.mark.parametrize(("role", "viewport", "language"), CASES, ids=lambda value: str(value))
def test_each_role_lands_on_its_own_home(chromium, live_server, role_users, role, viewport, language):
    visited = visit(chromium, live_server, role, viewport, language)
    page = visited.page
    path, landmark = HOMES[role]

    assert page.url == f"{live_server.url}{path}"
    expect(page.locator(landmark)).to_be_visible()
    save(page, f"home-{role}-{viewport}-{language}.png")
    assert visited.errors == []


def test_the_exports_page_offers_every_layer_format_and_crs_and_the_feeds(chromium, live_server, role_users):
    page = visit(chromium, live_server, "agency", "desktop").page

    rows = page.locator("table.export-table tbody tr[data-layer]")
    expect(rows).to_have_count(len(LAYERS))
    for key, layer in LAYERS.items():
        row = page.locator(f'tr[data-layer="{key}"]')
        expect(row.locator("th")).to_have_text(layer.title)
        formats = row.locator("select[name=format] option").evaluate_all("options => options.map(o => o.value)")
        srids = row.locator("select[name=srid] option").evaluate_all("options => options.map(o => o.value)")
        assert formats == list(FORMATS) and srids == list(OUTPUT_CRS)
    expect(page.locator("#feed-ogc")).to_have_attribute("href", f"{live_server.url}/ogcapi/")
    expect(page.locator("#feed-open311")).to_have_attribute("href", f"{live_server.url}/open311/v2/discovery.json")
    expect(page.locator("#qgis ol.steps li")).to_have_count(5)
    expect(page.locator("#qgis")).to_contain_text(f"OAPIF:{live_server.url}/ogcapi/")
    save(page, "exports-agency-desktop-zh.png")

    ogc = page.request.get(page.locator("#feed-ogc").get_attribute("href"), headers={"Accept": "application/json"})
    assert ogc.status == 200 and any(link["rel"] == "data" for link in ogc.json()["links"])


def test_a_file_downloaded_from_the_exports_page_is_the_layer_asked_for(chromium, live_server, role_users, tmp_path):
    page = visit(chromium, live_server, "agency", "desktop", "en").page
    path = download_layer(page, "housing-projects", "gpkg", "4548", tmp_path)

    info = pyogrio.read_info(path)
    assert info["features"] == HousingProject.objects.count()
    assert pyogrio.read_info(path)["crs"] == "EPSG:4548"
    assert "ownership_label" in list(info["fields"])


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_agency_reaches_exports_and_the_ogc_api_from_the_map(chromium, live_server, role_users, viewport):
    page = visit(chromium, live_server, "agency", viewport, "zh", "/dashboard/").page

    page.locator("#exports-link").click()
    page.wait_for_url(f"{live_server.url}/exports/")
    page.locator("#ogc-link").click()
    page.wait_for_url(f"{live_server.url}/ogcapi/")


@pytest.mark.parametrize("role", ["grid_worker", "cadre", "department"])
def test_roles_without_exports_get_no_link_and_a_refusal(chromium, live_server, role_users, role):
    page = visit(chromium, live_server, role, "desktop", "zh", "/dashboard/").page
    expect(page.locator("#dash-filters")).to_be_visible()
    expect(page.locator("#exports-link")).to_have_count(0)

    assert page.goto(f"{live_server.url}/exports/").status == 403
