"""The project's URLconf and error handlers, plus views that fail, for the error page tests."""

from django.urls import path

from geo_gov.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("secret-internal-detail: password=hunter2")


urlpatterns = [path("boom/", boom), path("api/boom/", boom), *urlpatterns]
