"""Settings from the environment (DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, ...).

Defaults suit the local demo (`make demo`); production sets every value explicitly.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    DATABASE_URL=(str, "postgis://geo_gov:geo_gov@127.0.0.1:5432/geo_gov"),
    TEST_DB_TEMPLATE=(str, "template_postgis"),
    TILE_LAYERS=(list, []),
    TIANDITU_KEY=(str, ""),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env("DEBUG")
# The demo key is only good for a machine nobody else reaches; production sets SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", default="insecure-demo-key-set-SECRET_KEY-in-production")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_gis",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "layers",
    "map_ui",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "map_ui.errors.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "geo_gov.language.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "geo_gov.urls"
WSGI_APPLICATION = "geo_gov.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {"default": env.db_url("DATABASE_URL")}
DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# Prepared statements only where the code asks for them (layers/prepared.py): Django's cursors bind
# on the client and never prepare, whatever this number; None would switch preparing off entirely.
DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 1_000_000
# The test database is cloned from a template that already has PostGIS, so the app's role
# needs CREATEDB but not SUPERUSER (geo_gov/scripts/ensure_postgis.sh makes the template).
if env("TEST_DB_TEMPLATE"):
    DATABASES["default"]["TEST"] = {"TEMPLATE": env("TEST_DB_TEMPLATE")}

# Faults (issue 16): a database restart costs a client a 503 with Retry-After (map_ui/errors.py), never
# a hang or a 500, and each worker reconnects by itself. A persistent connection is checked (one
# SELECT 1) at its first use in each request and replaced if the server restarted meanwhile;
# connect_timeout bounds an attempt to reach a server that does not answer.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=5))
# statement_timeout only for the web workers (geo_gov/wsgi.py and asgi.py set GEO_GOV_WEB): below
# gunicorn's 30 s worker timeout, so a runaway query ends as an error the worker survives, not a
# killed worker. manage.py commands (imports, backups, migrations, demo loads) may run for minutes.
DB_REQUEST_STATEMENT_TIMEOUT_MS = env.int("DB_REQUEST_STATEMENT_TIMEOUT_MS", default=25_000)
if env.bool("GEO_GOV_WEB", default=False) and DB_REQUEST_STATEMENT_TIMEOUT_MS:
    _options = DATABASES["default"]["OPTIONS"]
    _timeout = f"-c statement_timeout={DB_REQUEST_STATEMENT_TIMEOUT_MS}"
    _options["options"] = f"{_options.get('options', '')} {_timeout}".strip()
# How long a 503 (Retry-After) asks clients to wait before they send again.
DATABASE_RETRY_AFTER_SECONDS = env.int("DATABASE_RETRY_AFTER_SECONDS", default=5)
# Error pages (map_ui/errors.py) tell people whom to call, e.g. "街道接诉即办办公室 010-6xxxxxxx".
OFFICE_CONTACT = env("OFFICE_CONTACT", default="")
CSRF_FAILURE_VIEW = "map_ui.errors.csrf_failure"

# Debian 12 ships GDAL 3.6, which cannot block network access while parsing an SRS. Imports
# only read files an operator hands to the command line, never uploads from the web.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

# Chinese first: zh-hans unless the 中文/EN switch chose English (geo_gov/language.py); the
# browser's Accept-Language is not followed.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end libraries come from npm (package.json, lock file) and are served by us, never a CDN.
STATICFILES_DIRS = [("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "layers.api.auth.CachedTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# The browsable API for views without a serializer class too (layers/api/renderers.py).
REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = [
    "rest_framework.renderers.JSONRenderer",
    "layers.api.renderers.BrowsableAPIRenderer",
]
# Per-process cache of token -> user (layers/api/auth.py explains the trade-off).
API_TOKEN_CACHE_SECONDS = env.int("API_TOKEN_CACHE_SECONDS", default=30)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "tokens": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tokens",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "五里店街道网格治理地图 API",
    "DESCRIPTION": "Wulidian (Fengtai, Beijing) grid-governance map service.",
    "VERSION": "0.1.0",
    # The schema page uses Swagger UI from our own static files, not a CDN.
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Optional base-map tiles (offline by default): e.g. TILE_LAYERS=tianditu,amap
TILE_LAYERS = env("TILE_LAYERS")
TIANDITU_KEY = env("TIANDITU_KEY")

# Sub-district this deployment serves: Fengtai (110106) + Wulidian street code.
# The street's 3-digit code is not published in DOMAIN.md; it is data, set here for the demo.
SUBDISTRICT_CODE = env("SUBDISTRICT_CODE", default="110106021")

# Projected CRS for areas and distances: CGCS2000 3-degree Gauss-Kruger CM 117E.
METRIC_SRID = 4548

# 三率 assessment. Beijing's weights are not published (DOMAIN.md [U]); one locality uses
# 30/35/35. A unit with fewer cases than the minimum sample in a month is shown but not ranked.
SANLV_WEIGHTS = {
    "response": env.float("SANLV_WEIGHT_RESPONSE", default=0.30),
    "resolution": env.float("SANLV_WEIGHT_RESOLUTION", default=0.35),
    "satisfaction": env.float("SANLV_WEIGHT_SATISFACTION", default=0.35),
}
SANLV_MIN_SAMPLE = env.int("SANLV_MIN_SAMPLE", default=10)

# Planning (成片 renovation and patrols). Weights are policy, not maths: the sub-district sets them,
# and every component is shown beside the score so a leader can defend the ranking.
RENOVATION_WEIGHTS = {
    "infra_rate": env.float("RENOVATION_WEIGHT_INFRA_RATE", default=0.30),
    "trend": env.float("RENOVATION_WEIGHT_TREND", default=0.10),
    "repeat": env.float("RENOVATION_WEIGHT_REPEAT", default=0.15),
    "unresolved": env.float("RENOVATION_WEIGHT_UNRESOLVED", default=0.10),
    "age": env.float("RENOVATION_WEIGHT_AGE", default=0.15),
    "ownership": env.float("RENOVATION_WEIGHT_OWNERSHIP", default=0.10),
    "no_management": env.float("RENOVATION_WEIGHT_NO_MANAGEMENT", default=0.10),
}
# A package joins estates no farther apart than this (every pair, polygon edge to edge), within caps.
RENOVATION_PACKAGE_MAX_DISTANCE_M = env.float("RENOVATION_PACKAGE_MAX_DISTANCE_M", default=300.0)
RENOVATION_PACKAGE_MAX_ESTATES = env.int("RENOVATION_PACKAGE_MAX_ESTATES", default=9)
RENOVATION_PACKAGE_MAX_HOUSEHOLDS = env.int("RENOVATION_PACKAGE_MAX_HOUSEHOLDS", default=6000)
# Patrols: walking speed and time at each stop set how many stops fit the day's time budget.
PATROL_WALK_SPEED_M_PER_MIN = env.float("PATROL_WALK_SPEED_M_PER_MIN", default=70.0)
PATROL_MINUTES_PER_STOP = env.float("PATROL_MINUTES_PER_STOP", default=10.0)
PATROL_BUDGET_MINUTES = env.float("PATROL_BUDGET_MINUTES", default=240.0)
# Hot-spot cells for patrols come from Gi* over this many days before the patrol date.
PATROL_HOTSPOT_WINDOW_DAYS = env.int("PATROL_HOTSPOT_WINDOW_DAYS", default=28)

# Photos attached to cases (checked by content, not by file name).
COMPLAINT_PHOTO_MAX_BYTES = env.int("COMPLAINT_PHOTO_MAX_BYTES", default=10 * 1024 * 1024)
COMPLAINT_PHOTO_MAX_PER_CASE = env.int("COMPLAINT_PHOTO_MAX_PER_CASE", default=9)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
