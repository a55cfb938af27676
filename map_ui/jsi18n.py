"""The scripts' words: Django's JavaScript catalogue (domain djangojs), one URL per language.

The language is in the path, not taken from the cookie, so an answer depends on its URL alone:
the pages ask for the catalogue of the language they were rendered in, and a phone's service
worker keeps each language's copy apart. Chinese is the source language (the msgids), so the
zh-hans catalogue is empty and every word falls back to its msgid.
"""

from django.conf import settings
from django.http import Http404
from django.utils import timezone, translation
from django.views.decorators.cache import cache_control, cache_page
from django.views.decorators.http import last_modified, require_GET
from django.views.i18n import JavaScriptCatalog

# The catalogue changes only with a deploy (compiled .mo files), which restarts the process.
STARTED = timezone.now()
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}

# Our own words only (LOCALE_PATHS and map_ui): not the admin's and every other app's catalogues.
_catalog = JavaScriptCatalog.as_view(packages=["map_ui"])


@require_GET
# Browsers ask again on every page (a 304 when nothing changed), so a deploy's new words show at once.
@cache_control(no_cache=True, max_age=0)
@last_modified(lambda request, language: STARTED)
@cache_page(24 * 3600, key_prefix="jsi18n")
def javascript_catalog(request, language: str):
    """The catalogue of `language` (zh-hans or en), whatever the language cookie says."""
    if language not in LANGUAGE_CODES:
        raise Http404(f"no such language: {language}")
    with translation.override(language):
        return _catalog(request)
