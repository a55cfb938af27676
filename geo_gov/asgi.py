import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_gov.settings")
os.environ.setdefault("GEO_GOV_WEB", "1")  # the request statement_timeout (settings.py, wsgi.py)
application = get_asgi_application()
