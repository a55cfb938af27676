"""Settings from the environment (DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, ...).

Defaults suit the local demo (`make demo`); production sets every value explicitly.
"""

from datetime import timedelta
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
# After a rotation (python -m geo_gov.deploy.envfile --rotate-secret) the previous key, so sessions
# and password-reset links made with it stay valid until they expire.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
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
    "axes",
    "layers",
    "map_ui",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "map_ui.errors.DatabaseUnavailableMiddleware",
    "layers.api.nul.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "geo_gov.language.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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
# connect_timeout bounds an attempt to reach a server that does not answer. The check costs one round
# trip per request (bench/RESULTS.md, "Faults"); DB_CONN_HEALTH_CHECKS=false trades it for a 503 on
# the first request after a restart.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DB_CONN_HEALTH_CHECKS", default=True)
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

# django-axes first: it refuses a locked-out username+address before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

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
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Front-end libraries come from npm (package.json, lock file) and are served by us, never a CDN.
STATICFILES_DIRS = [("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
# Photos are personal data, served only through the case's permission check. Behind nginx
# (geo_gov/deploy/) the view answers with this internal prefix and nginx sends the file
# (X-Accel-Redirect); empty means Django streams the file itself (the demo, tests).
MEDIA_ACCEL_PREFIX = env("MEDIA_ACCEL_PREFIX", default="")
# Modes of uploaded files and their folders: production makes them readable by nginx's group
# (the media folder is setgid www-data) and nobody else; None keeps the process's umask.
FILE_UPLOAD_PERMISSIONS = int(env("FILE_UPLOAD_PERMISSIONS", default="0") or "0", 8) or None
FILE_UPLOAD_DIRECTORY_PERMISSIONS = int(env("FILE_UPLOAD_DIRECTORY_PERMISSIONS", default="0") or "0", 8) or None

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "layers.api.auth.CachedTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "layers.api.openapi.AutoSchema",
    # How many proxies append to X-Forwarded-For before us: 1 behind our nginx, which overwrites the
    # header with the address it saw (a client cannot put a fake one in front). 0: REMOTE_ADDR.
    "NUM_PROXIES": env.int("TRUSTED_PROXIES", default=0),
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
    # Our own AutoSchema adds the errors every view shares (layers/api/openapi.py).
    "ENUM_NAME_OVERRIDES": {
        "ComplaintStatusEnum": "layers.models.Complaint.Status",
        "ChannelEnum": "layers.models.Complaint.Channel",
        "SatisfactionEnum": "layers.models.Complaint.Satisfaction",
        "LocationSourceEnum": "layers.models.Complaint.LocationSource",
        "MatchLevelEnum": "layers.models.Complaint.MatchLevel",
        "SishiTypeEnum": "layers.models.SishiType",
        "PhotoStageEnum": "layers.models.ComplaintPhoto.Stage",
        "CrsEnum": "layers.api.cases.schema.CRS_NAMES",
        "HotspotClassEnum": "layers.analytics.hotspots.CLASS_LABELS",
        "EmergingClassEnum": "layers.analytics.emerging.EMERGING_LABELS",
        "LevelEnum": "layers.analytics.levels.LEVELS",
        "DashboardLevelEnum": "layers.api.dashboard.unit.UNIT_LEVELS",
        "ChangeEnum": "layers.api.analytics.schema.CHANGES",
        # GeoJSON's "type" enums under the names drf-spectacular's drf-gis support gives them. That support
        # adds the two Gis* names to this dict the first time it meets a drf-gis serializer, after the
        # overrides may already be cached: a schema of one urlconf without one (the planning test's) made
        # the next full schema in the same process warn of a "type" collision. Named here, from the start.
        "GisFeatureEnum": ["Feature"],
        "GisFeatureCollectionEnum": ["FeatureCollection"],
    },
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
# Monthly 考评: ranked units below this composite score are listed for 约谈 (empty: rule off), and/or
# the last N ranked units (0: off). The city's own line is unpublished [U]: the sub-district's policy.
KAOPING_INTERVIEW_BELOW = (
    env.float("KAOPING_INTERVIEW_BELOW", default=85.0)
    if env.str("KAOPING_INTERVIEW_BELOW", default="85").strip()
    else None
)
KAOPING_INTERVIEW_BOTTOM = env.int("KAOPING_INTERVIEW_BOTTOM", default=0)

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
# Request sizes. A photo is sent alone (one per request), so the largest request is one photo plus
# its multipart envelope; nginx's client_max_body_size is rendered from REQUEST_MAX_BYTES
# (geo_gov/deploy/render.py) and refuses anything larger before it reaches a worker. Non-file data
# (JSON, form fields) is held in memory, so it gets a smaller cap; files above
# FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file instead of memory.
REQUEST_MAX_BYTES = COMPLAINT_PHOTO_MAX_BYTES + 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)

# Backups (manage.py backup / restore, layers/backups/): each run keeps the newest BACKUP_KEEP, and
# older ones too while younger than BACKUP_KEEP_DAYS (0: the count alone decides).
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
BACKUP_KEEP_DAYS = env.int("BACKUP_KEEP_DAYS", default=0)

# --- Production behind nginx with TLS (geo_gov/deploy/, README "Deploying") ----------------------
# HTTPS=true (set by `make deploy` in /etc/geo_gov/env): cookies only over TLS, plain HTTP redirected,
# HSTS. Off for the demo on loopback, which has no certificate.
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if HTTPS else 0)
# Applies to names below the server's own name only, never to its siblings on the network.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# gunicorn listens on a socket only nginx reaches, and nginx sets X-Forwarded-Proto itself.
if REST_FRAMEWORK["NUM_PROXIES"]:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# HTTP Basic on the GIS endpoints (layers/api/gis_auth.py) sends a password with every request: only
# over HTTPS, except on the loopback demo.
BASIC_AUTH_OVER_HTTP = env.bool("BASIC_AUTH_OVER_HTTP", default=DEBUG)
# HSTS preloading is a submission of a public domain to the browsers' built-in list; a closed
# network's server can never be on it, so its check (W021) says nothing here.
SILENCED_SYSTEM_CHECKS += ["security.W021"]

# --- Abuse limits --------------------------------------------------------------------------------
# Logins (the login page, the admin, HTTP Basic on the GIS endpoints): django-axes locks a username
# from one address after LOGIN_FAILURE_LIMIT failures, for LOGIN_LOCKOUT_MINUTES after the last try.
# Username AND address: an attacker elsewhere cannot lock a worker out of their own phone, and one
# address cannot try one account forever. Attempts live in the database, shared by every worker.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "geo_gov.lockout.lockout_response"
# The same client address as the API throttles (X-Forwarded-For from our nginx, see NUM_PROXIES).
AXES_CLIENT_IP_CALLABLE = "geo_gov.lockout.client_ip"

# API throttles (geo_gov/throttling.py), per user (per address when anonymous), "N/s|min|hour|day";
# an empty value switches a scope off. Intake allows a phone to flush a day's outbox (30 cases
# with 3 photos each) in one go; the expensive reads allow a person's work, not a script's loop.
API_THROTTLE_RATES = {
    "intake": env("THROTTLE_INTAKE", default="120/min"),
    "export": env("THROTTLE_EXPORT", default="60/hour"),
    "tiles": env("THROTTLE_TILES", default="1200/min"),
    "ogc": env("THROTTLE_OGC", default="600/min"),
    "reports": env("THROTTLE_REPORTS", default="30/min"),
    "hotspots": env("THROTTLE_HOTSPOTS", default="60/min"),
}
# Counters must be shared by the gunicorn workers, or each of the 3 would allow the whole rate.
# Production uses memcached (THROTTLE_CACHE_URL=pymemcache://127.0.0.1:11211, set by `make deploy`):
# no database round trip (intake costs two, tests/layers/api/test_intake_round_trips.py), about
# 0.1 ms, atomic expiry. Django's DatabaseCache would add 2-3 queries to every throttled request,
# its FileBasedCache lists its folder on every write (20-30 ms at 1,000-5,000 keys; bench/RESULTS.md).
# Without it (the demo) each process counts alone.
CACHES["throttle"] = env.cache_url("THROTTLE_CACHE_URL", default="locmemcache://throttle")
CACHES["throttle"].setdefault("KEY_PREFIX", "geo_gov")
if CACHES["throttle"]["BACKEND"].endswith("PyMemcacheCache"):
    # memcached down: requests go on unthrottled (a miss) rather than fail; a short wait, not a hang.
    CACHES["throttle"].setdefault("OPTIONS", {}).update(ignore_exc=True, connect_timeout=0.2, timeout=0.2)

# Notifications (layers/notify/; the worker is `manage.py notify`). The in-app inbox always works;
# e-mail and webhook channels are switched on here. Nothing is sent inside a request.
NOTIFY_INTERVAL_SECONDS = env.float("NOTIFY_INTERVAL_SECONDS", default=30.0)
NOTIFY_DUE_SOON_HOURS = env.float("NOTIFY_DUE_SOON_HOURS", default=2.0)
# Older events, summonses, deadlines and review cases are not announced (first start, long outage).
NOTIFY_MAX_AGE_HOURS = env.float("NOTIFY_MAX_AGE_HOURS", default=24.0)
# Events are read again this long after they were first seen: longer than any write transaction.
NOTIFY_RESCAN_SECONDS = env.float("NOTIFY_RESCAN_SECONDS", default=600.0)
# Who hears of cases waiting in the review queue: the 接诉即办 office.
NOTIFY_REVIEW_ROLES = env.list("NOTIFY_REVIEW_ROLES", default=["department", "admin"])
NOTIFY_RETRY_BASE_SECONDS = env.float("NOTIFY_RETRY_BASE_SECONDS", default=30.0)
NOTIFY_RETRY_MAX_SECONDS = env.float("NOTIFY_RETRY_MAX_SECONDS", default=3600.0)
NOTIFY_MAX_ATTEMPTS = env.int("NOTIFY_MAX_ATTEMPTS", default=30)
NOTIFY_LEASE_SECONDS = env.float("NOTIFY_LEASE_SECONDS", default=300.0)
# Links in e-mails and webhook bodies point here (the address staff open the service at).
NOTIFY_SITE_URL = env("NOTIFY_SITE_URL", default="http://127.0.0.1:8000")
NOTIFY_LANGUAGE = env("NOTIFY_LANGUAGE", default="zh-hans")
NOTIFY_CHANNELS = {}
# *_PERSONAL_DATA: whether texts leaving through the channel keep a resident's phone or ID written into
# a note or reason (layers/notify/channels.py); off, they are masked as for readers outside the case.
if env.bool("NOTIFY_EMAIL", default=False):
    NOTIFY_CHANNELS["email"] = {
        "BACKEND": "layers.notify.channels.EmailChannel",
        "PERSONAL_DATA": env.bool("NOTIFY_EMAIL_PERSONAL_DATA", default=False),
    }
if env("NOTIFY_WEBHOOK_URL", default=""):
    NOTIFY_CHANNELS["webhook"] = {
        "BACKEND": "layers.notify.channels.WebhookChannel",
        "URL": env("NOTIFY_WEBHOOK_URL"),
        "SECRET": env("NOTIFY_WEBHOOK_SECRET", default=""),
        "TIMEOUT": env.float("NOTIFY_WEBHOOK_TIMEOUT", default=5.0),
        "KINDS": env.list("NOTIFY_WEBHOOK_KINDS", default=[]),
        "PERSONAL_DATA": env.bool("NOTIFY_WEBHOOK_PERSONAL_DATA", default=False),
    }
# E-mail: EMAIL_URL, e.g. smtp+tls://user:password@mail.example.org:587 (django-environ);
# without it mail goes to the console (nothing leaves the machine).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="接诉即办 <noreply@wulidian.invalid>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
