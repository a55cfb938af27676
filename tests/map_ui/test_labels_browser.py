"""Issue 17, part 1: labels never overlap. On the phone the grid worker's cell numbers ran into each
other at the start view; the community names did on a narrow dashboard. Each label whose box would
meet one already placed now waits for a view with room (map_ui/static/map_ui/labels.js), and the
placement follows every zoom and move.
"""

import pytest

from layers.models import Community, GridCell
from tests.map_ui.first_world import (
    HOME_COMMUNITY,
    overlapping_pairs,
    save,
    settle,
    visible_label_boxes,
    visit,
    wait_for_map,
)

pytest_plugins = ["tests.map_ui.first_world"]

PHONE_MAP = 'const { map } = await import("/static/map_ui/mobile/app.js");'
DASHBOARD_MAP = 'const { map } = await import("/static/map_ui/layers/kit.js");'


def zoom_by(page, map_js: str, steps: float):
    page.evaluate(
        f"""async () => {{
          {map_js}
          const done = new Promise((resolve) => map.once("zoomend", resolve));
          map.setZoom(map.getZoom() + {steps}, {{ animate: false }});
          await done;
        }}"""
    )
    settle(page)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_cell_numbers_on_the_phone_never_overlap(chromium, live_server, role_users, language):
    page = visit(chromium, live_server, "grid_worker", "phone", language, "/m/").page
    cells = GridCell.objects.filter(grid_worker=role_users["grid_worker"]).count()
    page.locator("path.m-cell").nth(cells - 1).wait_for(state="attached")
    settle(page)

    boxes = visible_label_boxes(page, ".m-cell-label")
    save(page, f"labels-grid_worker-phone-{language}.png")
    assert overlapping_pairs(boxes) == []
    # Not by hiding them all: a good part of the cells keep their number at the start view.
    assert len(boxes) >= cells // 4

    zoom_by(page, PHONE_MAP, 1)
    closer = visible_label_boxes(page, ".m-cell-label")
    assert overlapping_pairs(closer) == []
    # Placed again for the new view: numbers that had no room before show now.
    assert {b["text"] for b in closer} - {b["text"] for b in boxes}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_community_names_on_a_phone_dashboard_never_overlap(chromium, live_server, role_users, language):
    page = visit(chromium, live_server, "leader", "phone", language).page
    wait_for_map(page)

    boxes = visible_label_boxes(page, ".map-label")
    save(page, f"labels-leader-phone-{language}.png")
    assert overlapping_pairs(boxes) == []
    assert len(boxes) >= 5


def test_names_and_numbers_on_the_street_level_map_never_overlap(chromium, live_server, role_users):
    # A cadre starts with the community's grid cells; at street level every kind of label shows.
    page = visit(chromium, live_server, "cadre", "desktop", path="/dashboard/").page
    wait_for_map(page)
    page.locator(".leaflet-control-layers").hover()
    page.locator(".leaflet-control-layers-overlays label", has_text="住宅项目").locator("input").check()
    centre = Community.objects.get(name=HOME_COMMUNITY).geom.point_on_surface
    page.evaluate(
        f"""async () => {{
          {DASHBOARD_MAP}
          const done = new Promise((resolve) => map.once("moveend", resolve));
          map.setView([{centre.y}, {centre.x}], 17, {{ animate: false }});
          await done;
        }}"""
    )
    page.wait_for_selector("html[data-layers-state=ready]", state="attached")
    page.locator(".grid-label").first.wait_for(state="attached")
    settle(page)

    boxes = visible_label_boxes(page, ".map-label")
    save(page, "labels-department-desktop-z17.png")
    assert overlapping_pairs(boxes) == []
    kinds = page.evaluate(
        """() => [...document.querySelectorAll('.map-label')]
              .filter((l) => l.offsetParent && getComputedStyle(l).visibility !== 'hidden')
              .map((l) => l.className)"""
    )
    assert any("grid-label" in k for k in kinds) and any("estate-label" in k for k in kinds)
