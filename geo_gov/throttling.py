"""Request limits per user (per address when anonymous) on intake and on the expensive reads.

Site-wide, beside the login lockout (lockout.py): the API's views and the report pages (map_ui/reports.py)
draw on the same counters, and map_ui does not import layers/api (pyproject.toml, import-linter).

Rates are settings (API_THROTTLE_RATES, env THROTTLE_<SCOPE>); counters live in the "throttle" cache,
which production points at memcached so that the three gunicorn workers share them (geo_gov/settings.py
says why not the database or files). A refused request answers 429 with Retry-After and a message
naming the limit, in the reader's language (Chinese first).
"""

import math
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.translation import gettext
from rest_framework.exceptions import Throttled
from rest_framework.throttling import SimpleRateThrottle


def _scope_labels() -> dict:
    return {
        "intake": gettext("上报与办理"),
        "export": gettext("数据导出"),
        "tiles": gettext("矢量瓦片"),
        "ogc": gettext("OGC API 要素"),
        "reports": gettext("周报"),
        "hotspots": gettext("热点分析"),
    }


def _periods() -> dict:
    return {"s": gettext("秒"), "m": gettext("分钟"), "h": gettext("小时"), "d": gettext("天")}


def refusal_message(scope: str, rate: str, wait: int) -> str:
    count, period = rate.split("/")
    return gettext("请求过于频繁：%(what)s每%(period)s最多 %(count)s 次。请 %(wait)d 秒后再试。") % {
        "what": _scope_labels().get(scope, scope),
        "period": _periods()[period[0]],
        "count": count,
        "wait": wait,
    }


class ScopedThrottle(SimpleRateThrottle):
    """One scope's limit; `methods` narrows it (intake counts writes, not the reads beside them)."""

    scope = ""
    methods: frozenset[str] | None = None
    # Set when the caller authenticated the request itself (Open311's api_key in the body).
    user = None

    def __init__(self):
        self.cache = caches["throttle"]
        super().__init__()

    def get_rate(self):
        # Read at every request rather than once at import (DRF's default), so a changed setting applies.
        return settings.API_THROTTLE_RATES.get(self.scope) or None

    def allow_request(self, request, view):
        if self.methods is not None and request.method not in self.methods:
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        user = self.user or getattr(request, "user", None)
        ident = f"user-{user.pk}" if user is not None and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def throttle_failure(self):
        wait = math.ceil(self.wait() or 1)
        refusal = Throttled(detail=refusal_message(self.scope, self.rate, wait))
        refusal.wait = wait  # DRF's handler turns it into Retry-After
        raise refusal


def scoped(scope_name: str, only: tuple[str, ...] | None = None) -> type[ScopedThrottle]:
    attrs = {"scope": scope_name, "methods": frozenset(only) if only else None}
    return type(f"{scope_name.title()}Throttle", (ScopedThrottle,), attrs)


IntakeThrottle = scoped("intake", ("POST", "PUT", "PATCH", "DELETE"))
ExportThrottle = scoped("export")
TileThrottle = scoped("tiles")
OgcThrottle = scoped("ogc")
ReportThrottle = scoped("reports")
HotspotThrottle = scoped("hotspots")


def refusal(throttle_class: type[ScopedThrottle], request, user=None) -> Throttled | None:
    """Count a request outside DRF's views (Open311, the report pages); the refusal, or None."""
    throttle = throttle_class()
    throttle.user = user
    try:
        throttle.allow_request(request, None)
    except Throttled as refused:
        return refused
    return None


def throttle_view(throttle_class: type[ScopedThrottle]):
    """The same limit on a plain Django view (the report pages): 429 + Retry-After and the message."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            refused = refusal(throttle_class, request)
            if refused is not None:
                response = HttpResponse(str(refused.detail), content_type="text/plain; charset=utf-8", status=429)
                response["Retry-After"] = str(refused.wait)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
