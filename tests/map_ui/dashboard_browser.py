"""Browser fixtures for the dashboard tests, shared with tests/map_ui/test_map_browser.py (a plugin module)."""

import io

from PIL import Image

from tests.map_ui.test_map_browser import browser_page, chromium  # noqa: F401 (fixtures, registered by pytest_plugins)


def blank_png() -> bytes:
    """A 1 x 1 transparent PNG: what the AMap test answers for tiles, so nothing leaves the machine."""
    buffer = io.BytesIO()
    Image.new("RGBA", (1, 1)).save(buffer, format="PNG")
    return buffer.getvalue()


def wait_for_dashboard(page):
    page.wait_for_selector("html[data-dash-state=ready]", state="attached")


def card(page, key):
    return page.locator(f'.dash-card[data-card="{key}"]')
