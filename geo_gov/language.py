"""Chinese first: every page and message is in 简体中文 unless the user chose English.

Django's LocaleMiddleware follows the browser's Accept-Language when no language was chosen, so a
browser set to English (a test runner's headless Chromium, a consultant's laptop) got an English
map. The service is the sub-district's own: its language is zh-hans, and English is one click away
(the 中文/EN switch posts to /i18n/setlang/, which stores the choice in the language cookie).
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request) -> str:
    """The language the user chose with the switch (a supported one), else the default zh-hans."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen:
        try:
            return translation.get_supported_language_variant(chosen)
        except LookupError:
            pass  # a stale or forged cookie: fall back to the default, never to the browser
    return settings.LANGUAGE_CODE


class ChineseFirstLocaleMiddleware:
    """In LocaleMiddleware's place: activates chosen_language() for the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        # The answer depends on the cookie, not on Accept-Language.
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
