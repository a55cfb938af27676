"""HTTP Basic authentication for the GIS endpoints only: OGC API Features, exports and vector tiles.

QGIS's usual way into an OAPIF server is a Basic authentication configuration, and GDAL has
GDAL_HTTP_AUTH=BASIC; the token header stays available to both. Nowhere else: a browser would
otherwise keep sending the password with every request to the site.

A password in a Basic header is readable by anyone on the path, so it is refused over plain HTTP
unless BASIC_AUTH_OVER_HTTP (default: DEBUG, the loopback demo) — production is HTTPS behind nginx.
Each try goes through django.contrib.auth.authenticate(), so django-axes counts a wrong password
as a failed login, and a username locked out from that address gets 429 even with the right one.
A success is remembered like a token (layers/api/auth.py): a GIS client sends the password with
every request, and checking it costs a PBKDF2 run each time.
"""

import hashlib
import hmac

from django.conf import settings
from django.utils.translation import gettext
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication, SessionAuthentication

from geo_gov.lockout import lockout_message
from layers.api.auth import CachedTokenAuthentication, remembered

# Latin-1 only in a header: the realm is the service's ASCII name.
REALM = "geo_gov"


def basic_allowed(request) -> bool:
    return request.is_secure() or settings.BASIC_AUTH_OVER_HTTP


class GisBasicAuthentication(BasicAuthentication):
    www_authenticate_realm = REALM

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header[:6].lower() == "basic " and not basic_allowed(request):
            raise exceptions.AuthenticationFailed(
                gettext(
                    "HTTP Basic 认证只能通过 HTTPS 使用：请改用 https:// 地址，"
                    "或在请求头中使用 Authorization: Token <令牌>。"
                )
            )
        return super().authenticate(request)

    def authenticate_credentials(self, userid, password, request=None):
        # Keyed by a keyed hash of both, so the cache never holds a password; only successes are kept
        # (every failure reaches authenticate(), where django-axes counts it).
        digest = hmac.new(settings.SECRET_KEY.encode(), f"{userid}\0{password}".encode(), hashlib.sha256).hexdigest()
        return remembered(f"basic:{digest}", lambda: self._check(userid, password, request))

    def _check(self, userid, password, request):
        try:
            return super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            if request is not None and getattr(request, "axes_locked_out", False):
                refusal = exceptions.Throttled(detail=lockout_message())
                refusal.wait = int(settings.AXES_COOLOFF_TIME.total_seconds())
                raise refusal from None
            raise exceptions.AuthenticationFailed(gettext("用户名或密码错误。")) from None

    def authenticate_header(self, request):
        # Over plain HTTP in production, do not invite a client to send its password.
        return super().authenticate_header(request) if basic_allowed(request) else "Token"


# Basic first, so that a request without credentials is answered 401 with a Basic challenge, which
# QGIS and GDAL answer with the stored user and password.
GIS_AUTHENTICATION = [GisBasicAuthentication, SessionAuthentication, CachedTokenAuthentication]


class GisBasicScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes it (drf-spectacular matches exact classes only)."""

    target_class = GisBasicAuthentication
    name = "basicAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "basic", "description": "GIS endpoints only, over HTTPS"}
