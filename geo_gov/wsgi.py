"""WSGI entry point (gunicorn geo_gov.wsgi:application, as `make demo` serves it).

Two things happen at start rather than on the first request, for the latency of every request:
- the URLconf and every view module are imported now (GeoPandas, GDAL, the exporters), not by
  whichever request happens to come first;
- gc.freeze() then moves the ~225,000 objects of that start-up to the permanent generation.
  Each full garbage collection would otherwise walk all of them: 130-170 ms measured, during
  which the worker answers nothing. Frozen objects are still freed by reference counting; only
  cycles among them are never collected (they live as long as the worker anyway).
GEO_GOV_WEB marks the process as a web worker: settings.py gives its database connections the
request statement_timeout, which manage.py commands go without.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_gov.settings")
os.environ.setdefault("GEO_GOV_WEB", "1")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 (imports the URLconf and the views it names)
gc.freeze()
