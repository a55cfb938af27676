"""The first five minutes of each role, in Chromium, on the demo's own layers (issue 17).

A fixture module (pytest_plugins): the demo sub-district as `make demo` loads it (shapefiles/wulidian
through the same import core as load_demo: its east reaches 2 km past the anchor point the old
start view was centred on), one user per role, a phone and a desktop context in either language,
and what the tests measure on a page: where the sub-district lies on the map, what the screenshot
shows at its edges, which labels overlap and which layers are on.
"""

import io
import random
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from PIL import Image

from layers.importers.layer_import import LayerImport
from layers.models import Community, Complaint, Department, GridCell, HousingProject, Role, Subdistrict
from layers.services.complaints import complaint_create

# Fixtures, re-exported for the first-moment tests: Debian's Chromium, and the categories a live server's flush empties.
from tests.map_ui.mobile_phone import categories, chromium  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output" / "first"
DEMO = ROOT / "shapefiles" / "wulidian"
DEMO_LAYERS = ("subdistrict", "communities", "housing-projects", "military-zones", "grid-cells")
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
PASSWORD = "pw-for-tests"
# map_ui/static/map_ui/layers/styles.js COLOURS.subdistrict: the boundary's stroke.
BOUNDARY_RGB = (0xB2, 0x18, 0x2B)
HOME_COMMUNITY = "丰西路社区"
# The map of the page's own entry module (import() of its URL answers the running instance).
DASHBOARD_MAP = """const { map } = await import("/static/map_ui/layers/kit.js");"""
PHONE_MAP = """const { map } = await import("/static/map_ui/mobile/app.js");"""


@pytest.fixture
def demo_layers(transactional_db):
    """The demo's sub-district, communities, estates, military zones and grid cells, imported."""
    for layer in DEMO_LAYERS:
        report = LayerImport(layer, str(DEMO / f"{layer.replace('-', '_')}.shp")).run(commit=True)
        assert report.ok, report.lines()
    return Subdistrict.objects.get(code=settings.SUBDISTRICT_CODE)


@pytest.fixture
def role_users(demo_layers, make_user):
    """One user per role, named after it; the grid worker holds the cells of 丰西路社区 (as in the demo)."""
    home = Community.objects.get(name=HOME_COMMUNITY)
    users = {}
    for role in Role:
        extra = {"community": home} if role in (Role.GRID_WORKER, Role.CADRE) else {}
        users[role.value] = make_user(role.value, username=role.value, display_name=f"{role.label}测试", **extra)
    GridCell.objects.filter(community=home).update(grid_worker=users[Role.GRID_WORKER])
    return users


@dataclass
class Visit:
    page: object
    errors: list
    requests: list
    viewport: str
    language: str


def open_context(browser, viewport: str, language: str, base: str):
    phone = viewport == "phone"
    options = {"viewport": VIEWPORTS[viewport], "locale": "zh-CN", "is_mobile": phone, "has_touch": phone}
    context = browser.new_context(**options)
    if language == "en":
        # The 中文/EN switch's cookie, as a user who chose English once has it.
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base}])
    return context


def visit(browser, live_server, username: str, viewport: str, language: str = "zh", path: str = "/") -> Visit:
    """Log in through the login page at `path`, as the user would; the page lands where the site sends it."""
    page = open_context(browser, viewport, language, live_server.url).new_page()
    errors, requests = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}{path}")
    names = {"zh": ("用户名", "密码", "登录"), "en": ("User name", "Password", "Log in")}[language]
    page.get_by_label(names[0]).fill(username)
    page.get_by_label(names[1]).fill(PASSWORD)
    page.get_by_role("button", name=names[2], exact=True).click()
    page.wait_for_load_state("networkidle")
    return Visit(page, errors, requests, viewport, language)


def wait_for_map(page):
    """The dashboard's first drawing done, and the labels placed after it (two frames)."""
    page.wait_for_selector("html[data-layers-state=ready]", state="attached")
    page.wait_for_selector("html[data-dash-state=ready]", state="attached")
    settle(page)


def settle(page):
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def subdistrict_on_screen(page, subdistrict, map_js: str = DASHBOARD_MAP) -> dict:
    """Where the sub-district lies on the map: its extent's corners and its outline's west- and
    east-most vertices as container points, the container's size and its place on the page."""
    ring = max((polygon[0] for polygon in subdistrict.geom), key=len).coords
    west = min(ring, key=lambda xy: xy[0])
    east = max(ring, key=lambda xy: xy[0])
    west_x, south, east_x, north = subdistrict.geom.extent
    return page.evaluate(
        f"""async () => {{
          {map_js}
          const point = ([lng, lat]) => {{ const p = map.latLngToContainerPoint([lat, lng]); return [p.x, p.y]; }};
          const box = map.getContainer().getBoundingClientRect();
          return {{
            size: [map.getSize().x, map.getSize().y],
            offset: [box.left, box.top],
            zoom: map.getZoom(),
            corners: [point([{west_x}, {south}]), point([{east_x}, {north}])],
            west: point([{west[0]}, {west[1]}]),
            east: point([{east[0]}, {east[1]}]),
          }};
        }}"""
    )


def assert_inside(on_screen: dict):
    """The sub-district's whole extent lies inside the map container."""
    width, height = on_screen["size"]
    (x0, y0), (x1, y1) = on_screen["corners"]
    assert 0 <= x0 < x1 <= width and 0 <= y1 < y0 <= height, on_screen


def boundary_pixels_at(screenshot: bytes, on_screen: dict, which: str, reach: int = 4) -> int:
    """How many pixels of the screenshot have the boundary's stroke colour in the strip of columns
    within `reach` of the outline's west- or east-most point, over the extent's height (a label may
    sit on the vertex itself; the stroke shows above or below it). Device pixels equal CSS pixels."""
    image = Image.open(io.BytesIO(screenshot)).convert("RGB")
    left, top = on_screen["offset"]
    x = round(left + on_screen[which][0])
    (_x0, bottom), (_x1, upper) = on_screen["corners"]
    found = 0
    for px in range(x - reach, x + reach + 1):
        for py in range(round(top + upper), round(top + bottom) + 1):
            if 0 <= px < image.width and 0 <= py < image.height:
                rgb = image.getpixel((px, py))
                if sum(abs(a - b) for a, b in zip(rgb, BOUNDARY_RGB, strict=True)) <= 60:
                    found += 1
    return found


def visible_label_boxes(page, selector: str) -> list[dict]:
    """The boxes of the labels a reader sees inside the map: shown (not display:none, not hidden
    for lack of room) and inside the map container."""
    return page.evaluate(
        """(selector) => {
          const container = document.querySelector(".leaflet-container");
          const view = container.getBoundingClientRect();
          return [...container.querySelectorAll(selector)]
            .filter((label) => getComputedStyle(label).visibility !== "hidden")
            .map((label) => {
              const box = label.getBoundingClientRect();
              return { text: label.textContent, left: box.left, top: box.top, right: box.right, bottom: box.bottom };
            })
            .filter((box) => box.right > box.left && box.bottom > box.top)
            .filter((box) => box.right > view.left && box.left < view.right)
            .filter((box) => box.bottom > view.top && box.top < view.bottom);
        }""",
        selector,
    )


def overlapping_pairs(boxes: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]:
                pairs.append((a["text"], b["text"]))
    return pairs


def download_layer(page, layer: str, file_format: str, srid: str, folder: Path, button: str = "Download") -> Path:
    """Choose a layer's format and coordinate system on the exports page, press its button, keep the file."""
    row = page.locator(f'tr[data-layer="{layer}"]')
    row.locator("select[name=format]").select_option(file_format)
    row.locator("select[name=srid]").select_option(srid)
    with page.expect_download() as download:
        row.get_by_role("button", name=button).click()
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return path


def layers_on(page) -> dict[str, bool]:
    """The layer control's overlays by their name on the page, and whether each is on the map."""
    return page.evaluate(
        """async () => {
          const { layers } = await import("/static/map_ui/dashboard/dashboard.js");
          const { map } = await import("/static/map_ui/layers/kit.js");
          return Object.fromEntries(layers.layerControl._layers.filter((entry) => entry.overlay)
            .map((entry) => [entry.name, map.hasLayer(entry.layer)]));
        }"""
    )


def save(page, name: str) -> bytes:
    """A screenshot of the page as the reader sees it, kept under test-output/first/."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    shot = page.screenshot()
    (OUTPUT / name).write_bytes(shot)
    return shot


# A month of cases for the guide's screenshots: (category, share of the cases) over the demo's estates.
BUSY_CATEGORIES = [("parking_traffic", 4), ("housing_repair", 3), ("property", 3), ("noise", 2), ("cityscape", 2)]
BUSY_STATUSES = ["received", "dispatched", "in_progress", "resolved", "closed", "closed"]
BUSY_CHANNELS = ["hotline_12345", "hotline_12345", "grid_patrol", "wechat_group", "visit"]


@pytest.fixture
def busy_world(role_users, categories):  # noqa: F811 (the categories fixture imported above)
    """About 300 cases over the last five weeks, seeded: spread over the estates, with a cluster at
    the home community's first estates (hot cells there), departments with English names, some cases
    overdue. What a sub-district's first month looks like on the guide's screenshots."""
    rng = random.Random(17)
    department = Department.objects.create(code="CGB", name="城市管理办公室", name_en="Urban Management Office")
    Community.objects.update(department=department)
    role_users["department"].staff.department = department
    role_users["department"].staff.save(update_fields=["department"])
    estates = list(HousingProject.objects.order_by("code"))
    home = list(HousingProject.objects.filter(community__name=HOME_COMMUNITY).order_by("code"))[:2]
    weights = [share for _code, share in BUSY_CATEGORIES]
    now = timezone.now()
    made = []
    for i in range(300):
        estate = rng.choice(home) if i % 3 == 0 else rng.choice(estates)
        inside = estate.geom.point_on_surface
        x, y = inside.x + rng.uniform(-0.0004, 0.0004), inside.y + rng.uniform(-0.0003, 0.0003)
        category = rng.choices([code for code, _share in BUSY_CATEGORIES], weights)[0]
        case, _created = complaint_create(
            actor=None,
            channel=rng.choice(BUSY_CHANNELS),
            description=f"{estate.name}居民反映问题，请尽快处理",
            category_code=category,
            lon=x,
            lat=y,
            received_at=now - timedelta(days=rng.uniform(0.2, 34)),
        )
        status = rng.choice(BUSY_STATUSES)
        history = {"status": status, "assigned_department": department}
        if status == "dispatched" and i % 4 == 0:
            history["due_at"] = now - timedelta(days=1)
        # The workflow's stamps, as the rates read them: answered within hours, done within days.
        if status in ("in_progress", "resolved", "closed"):
            history["responded_at"] = case.received_at + timedelta(hours=rng.uniform(0.5, 30))
        if status in ("resolved", "closed"):
            history["resolved_at"] = case.received_at + timedelta(days=rng.uniform(1, 6))
            history["satisfaction"] = rng.choice(["satisfied", "satisfied", "basically_satisfied", "dissatisfied"])
        Complaint.objects.filter(pk=case.pk).update(**history)
        made.append(case)
    return made
