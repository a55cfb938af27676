"""The scripts' words (map_ui/jsi18n.py): Django's JavaScript catalogue per language, and every
word the scripts ask gettext() for has its English translation (locale/en/LC_MESSAGES/djangojs.po,
compiled by the set-up)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation.trans_real import DjangoTranslation

STATIC = Path(settings.BASE_DIR) / "map_ui" / "static"
# gettext("…") and pgettext("context", "…"): the scripts pass literals only (eslint.config.js).
GETTEXT_RE = re.compile(r"""\bgettext\(\s*"((?:[^"\\]|\\.)*)"\s*\)""")
PGETTEXT_RE = re.compile(r"""\bpgettext\(\s*"((?:[^"\\]|\\.)*)"\s*,\s*"((?:[^"\\]|\\.)*)"\s*\)""")


def script_msgids() -> set[tuple[str, str]]:
    """(context, msgid) of every translatable word in our scripts; context "" for plain gettext."""
    found = set()
    for path in STATIC.rglob("*.js"):
        source = path.read_text("utf-8")
        found |= {("", msgid) for msgid in GETTEXT_RE.findall(source)}
        found |= set(PGETTEXT_RE.findall(source))
    return found


def test_every_word_of_the_scripts_has_an_english_translation():
    english = DjangoTranslation("en", domain="djangojs")
    msgids = script_msgids()

    assert len(msgids) > 150
    untranslated = [
        (context, msgid)
        for context, msgid in sorted(msgids)
        if (english.pgettext(context, msgid) if context else english.gettext(msgid)) == msgid and msgid != "—"
    ]
    assert untranslated == []


@pytest.mark.parametrize(
    ("language", "present", "absent"), [("en", "Multiple ownership", None), ("zh-hans", None, "Multiple ownership")]
)
def test_the_catalogue_follows_its_url_not_the_cookie(client, db, language, present, absent):
    # The cookie says the other language: the URL wins, so a cached copy is right for its URL.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans" if language == "en" else "en"

    response = client.get(f"/jsi18n/{language}/")
    body = response.content.decode()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "django.gettext = function" in body
    if present:
        assert present in body
    if absent:
        assert absent not in body


def test_an_unknown_language_is_not_found(client, db):
    assert client.get("/jsi18n/fr/").status_code == 404


def test_browsers_revalidate_the_catalogue_and_get_304_until_a_deploy(client, db):
    first = client.get("/jsi18n/en/")

    assert "no-cache" in first["Cache-Control"] and "max-age=0" in first["Cache-Control"]
    again = client.get("/jsi18n/en/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
