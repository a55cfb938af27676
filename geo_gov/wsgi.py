"""WSGI entry point (gunicorn geo_gov.wsgi:application, as `make demo` serves it).

Two things happen at start rather than on the first request, for the latency of every request:
- the URLconf and every view module are imported now (GeoPandas, GDAL, the exporters), not by
  whichever request happens to come first;
- gc.freeze() then moves the ~225,000 objects of that start-up to the permanent generation.
  Python's full garbage collection otherwise walks all of them every ~1.5 s under load, a
  130-170 ms pause that hit the workers at about the same time (they serve the same number of
  requests): the periodic stall behind the intake benchmark's p99 (bench/RESULTS.md, third round).
  Frozen objects are still freed by reference counting; only cycles among them are never collected.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_gov.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 (imports the URLconf and the views it names)
gc.freeze()
