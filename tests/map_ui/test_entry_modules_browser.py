"""Every page with scripts loads its one entry module (ES modules: it imports the rest) and the
scripts' words, in Chromium, and runs without a console error or an uncaught exception."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.map_ui import mobile_phone

# The shared fixtures, bound by name here so pytest finds them.
categories = mobile_phone.categories
cells = mobile_phone.cells
chromium = mobile_phone.chromium
media = mobile_phone.media

# page, its entry module, and what the page says once its scripts have drawn it
DESKTOP_PAGES = [
    ("/", "/static/map_ui/dashboard/dashboard.js", "html[data-dash-state=ready][data-layers-state=ready]"),
    ("/planner/", "/static/map_ui/planner/ranking.js", "html[data-planner-state=ready]"),
    ("/planner/packages/", "/static/map_ui/planner/packages.js", "html[data-planner-state=ready]"),
    ("/planner/before-after/", "/static/map_ui/planner/before_after.js", "html[data-planner-state=ready]"),
    # The office case desk's list (its case page's modules run in tests/map_ui/test_desk_browser.py).
    ("/desk/", "/static/map_ui/desk/list.js", "html[data-desk=ready]"),
    # Drawn by the server; its module only wires the print button and says nothing of its own.
    ("/planner/patrols/", "/static/map_ui/patrols/patrols.js", "#print-patrols"),
]


class Watched:
    """A page recording the answers it got, its console errors and its uncaught exceptions."""

    def __init__(self, context):
        self.page = context.new_page()
        self.answers, self.problems = {}, []
        self.page.on(
            "response", lambda response: self.answers.__setitem__(urlsplit(response.url).path, response.status)
        )
        self.page.on("console", lambda message: message.type == "error" and self.problems.append(message.text))
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))

    def log_in(self, base_url, username, path):
        self.page.goto(f"{base_url}/accounts/login/?next={path}")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill("pw-for-tests")
        self.page.get_by_role("button", name="登录").click()
        self.page.wait_for_url(f"{base_url}{path}")

    def assert_ran(self, entry, ready, words=True):
        # Module scripts run before the load event; the page's own signal comes after its fetches.
        self.page.wait_for_load_state("load")
        self.page.wait_for_selector(ready, state="attached")
        assert self.problems == []
        assert self.answers.get(entry) == 200, entry
        if words:
            assert self.answers.get("/jsi18n/zh-hans/") in (200, 304)


@pytest.mark.parametrize(("path", "entry", "ready"), DESKTOP_PAGES, ids=[p for p, _e, _r in DESKTOP_PAGES])
def test_a_desktop_page_runs_its_entry_module_cleanly(
    chromium, live_server, make_user, small_world, categories, path, entry, ready
):
    make_user("leader", username="wang")
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    watched = Watched(context)

    watched.log_in(live_server.url, "wang", path)

    watched.assert_ran(entry, ready, words=path != "/planner/patrols/")
    if path != "/planner/patrols/":
        # The shared modules came through the entry's imports, not through script tags of the page.
        assert watched.answers.get("/static/map_ui/http.js") == 200
    context.close()


def test_the_phone_page_runs_its_entry_module_cleanly(chromium, live_server, cells, media):
    context, _page, _requests, _errors = mobile_phone.phone(chromium)
    watched = Watched(context)

    watched.log_in(live_server.url, "li", "/m/")

    watched.assert_ran("/static/map_ui/mobile/app.js", "body[data-sw=ready]")
    expect(watched.page.locator("#cases-message")).to_have_text("暂无未办结的诉求。")
    assert watched.problems == []
    context.close()
