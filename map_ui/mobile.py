"""The grid workers' mobile map at /m/: the page shell, its web app manifest and its service worker.

The page is one shell plus our own scripts (map_ui/static/map_ui/mobile/); every case is read
and written through the complaints API (/api/complaints/), so the phone takes the same path as
every other intake. The service worker is served from /m/sw.js rather than /static/ because a
worker only controls pages under its own path: from /m/ its scope covers the whole mobile page.
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

from layers.models.complaint import RUNNING_STATUSES
from map_ui.account import user_summary
from map_ui.start_view import subdistrict_bounds
from map_ui.templatetags.map_ui_i18n import html_lang

# The page's entry module; it imports the others (ES modules, relative imports).
MOBILE_ENTRY = "map_ui/mobile/app.js"
# Every module the entry imports, directly or not: the service worker keeps them all for offline
# use, so a module missing here breaks the page offline (tests/map_ui/test_mobile_pages.py checks).
MOBILE_MODULES = [
    *(f"map_ui/mobile/{name}.js" for name in ("app", "core", "idb", "outbox", "photos", "cases", "report", "patrol")),
    *(f"map_ui/{name}.js" for name in ("dom", "format", "http", "i18n", "labels", "start")),
]
# Our own files the page needs, relative to the static root; the service worker keeps them all.
MOBILE_ASSETS = [
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet/leaflet.css",
    "map_ui/mobile/mobile.css",
    "map_ui/mobile/icon.svg",
    *MOBILE_MODULES,
]
SERVICE_WORKER_SOURCE = "map_ui/mobile/sw.js"
# A grid worker's open cases fit one page; more would mean the list is not the right tool.
MAX_OPEN_CASES = 200
MAX_PHOTOS = 3
# The longest side of a photo after resizing in the browser: enough to read a sign or a meter,
# small enough (a few hundred kB as JPEG) to send over a weak mobile signal.
PHOTO_MAX_SIDE = 1600


def _source(relative: str) -> Path:
    found = finders.find(relative)
    if found is None:
        raise FileNotFoundError(f"static file {relative} not found by the staticfiles finders")
    return Path(found)


@lru_cache(maxsize=8)
def _version_for(stamps: tuple) -> str:
    digest = hashlib.sha256()
    for path, _mtime in stamps:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


def assets_version() -> str:
    """A hash of every cached file: when one changes, the worker's bytes change and phones update."""
    paths = [_source(name) for name in [*MOBILE_ASSETS, SERVICE_WORKER_SOURCE]]
    return _version_for(tuple((str(path), path.stat().st_mtime_ns) for path in paths))


def _api_urls() -> dict:
    # The complaints and layer APIs belong to layers.api; their paths are the agreed contract.
    api = get_script_prefix() + "api/"
    open_cases = urlencode({"status": ",".join(RUNNING_STATUSES), "page_size": MAX_OPEN_CASES}, safe=",")
    return {
        "complaints": api + "complaints/",
        # Exact URLs, so the service worker can fetch and keep the very answers the page asks for.
        "openCases": f"{api}complaints/?{open_cases}",
        "myCells": f"{api}layers/grid-cells/?page_size=5000",
        "estates": api + "layers/housing-projects/",
        "locate": api + "locate/",
        # No date: the server's today (Beijing time), whatever the phone's clock says.
        "patrol": api + "planning/patrols/",
        "categories": reverse("map_ui:mobile-categories"),
        "nearBoundary": reverse("map_ui:mobile-near-boundary"),
        "serviceWorker": reverse("map_ui:mobile-sw"),
        "scope": reverse("map_ui:mobile"),
    }


@login_required
@ensure_csrf_cookie
@never_cache
def mobile_page(request):
    """The phone shell: map, my open cases, the report form; all data arrives through the APIs."""
    config = {
        "urls": _api_urls(),
        # The cases whose clock runs (Complaint.objects.running): the list shows their time left.
        "openStatuses": RUNNING_STATUSES,
        "username": request.user.get_username(),
        "maxPhotos": MAX_PHOTOS,
        "photoMaxSide": PHOTO_MAX_SIDE,
        "center": [39.8595, 116.2533],
        # Fitted before my cells load (and when I have none): the whole sub-district, not a fixed zoom.
        "startBounds": subdistrict_bounds(),
    }
    context = {
        "config": config,
        "entry": MOBILE_ENTRY,
        "user_summary": user_summary(request.user),
    }
    return render(request, "map_ui/mobile.html", context)


@require_GET
def manifest(request):
    """Web app manifest: lets a phone put the page on its home screen, opening at /m/.

    No login: it names the app and our own icon, nothing about any user or case.
    """
    scope = reverse("map_ui:mobile")
    app_name, title = _("五里店网格"), _("网格员上报")
    data = {
        "name": f"{app_name} · {title}",
        "short_name": app_name,
        "lang": html_lang(),
        "start_url": scope,
        "scope": scope,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f3a5f",
        "icons": [{"src": static("map_ui/mobile/icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


@require_GET
def service_worker(request):
    """The service worker script, with the list of files to keep offline and their version.

    No login, like a static file: it holds only our code and static paths. A logged-out phone
    that checks for an update must get the script, not a redirect (which a browser refuses).
    """
    urls = _api_urls()
    settings_js = {
        "version": assets_version(),
        "assets": [static(name) for name in MOBILE_ASSETS],
        "shell": reverse("map_ui:mobile"),
        # GET answers kept for offline reading (network first, the copy only when offline).
        "apiPrefixes": [urls["complaints"], urls["estates"], urls["patrol"]],
        # Fetched at install too: the first visit's own requests happen before the worker runs.
        # The scripts' words are network first too: they change with a deploy, not with our files.
        "runtime": [
            urls["categories"],
            urls["myCells"],
            urls["openCases"],
            urls["patrol"],
            *(reverse("javascript-catalog", args=[code]) for code, _name in settings.LANGUAGES),
        ],
    }
    body = f"const SW_CONFIG = {json.dumps(settings_js)};\n" + _source(SERVICE_WORKER_SOURCE).read_text("utf-8")
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers re-check the worker at most daily anyway; no-cache makes them ask us every time.
    response["Cache-Control"] = "no-cache"
    return response
