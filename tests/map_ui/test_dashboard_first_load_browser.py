"""The dashboard's first load in Chromium: the default view's figures start with the page (preload),
the scripts reuse those answers (each figure requested once), and the answers arrive gzip'd."""

from urllib.parse import urlsplit

from layers.models import Role
from tests.map_ui.dashboard_browser import wait_for_dashboard
from tests.map_ui.test_map_browser import log_in, remote_requests

pytest_plugins = ["tests.map_ui.dashboard_world", "tests.map_ui.dashboard_browser"]
FIGURES = {"summary/", "communities/", "heat/", "hotspots/"}


def test_first_load_preloads_each_figure_once_and_gzipped(browser_page, live_server, make_user, dashboard_world):
    page, requests, errors = browser_page
    console, encodings = [], {}
    page.on("console", lambda message: console.append(message.text))
    page.on("response", lambda response: encodings.setdefault(response.url, response.headers.get("content-encoding")))
    make_user(Role.LEADER, username="wang")

    log_in(page, live_server.url, "wang")
    wait_for_dashboard(page)

    preloads = page.eval_on_selector_all("link[rel=preload]", "links => links.map((link) => link.href)")
    assert {urlsplit(url).path.removeprefix("/api/dashboard/") for url in preloads} == FIGURES
    figure_requests = [url for url in requests if urlsplit(url).path.startswith("/api/dashboard/")]
    # One request per figure: the scripts' fetches took the preloaded answers (same URL, same mode).
    assert sorted(figure_requests) == sorted(preloads)
    assert not [text for text in console if "preload" in text.lower()]
    assert {encodings[url] for url in preloads} == {"gzip"}
    layer_requests = [url for url in requests if urlsplit(url).path.startswith("/api/layers/")]
    assert len(layer_requests) == len(set(layer_requests))
    assert remote_requests(requests) == []
    assert errors == []
