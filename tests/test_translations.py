"""The English catalogues are complete: every message the code marks for translation (templates,
Python, and the scripts' djangojs domain) has an English translation in the committed
locale/en/LC_MESSAGES/*.po, and the compiled .mo files say the same as the .po files.

makemessages runs on a copy of the code, so the committed catalogues are never touched; it merges
the messages it finds into the copied catalogues, where a message new to them has an empty or a
fuzzy (guessed) translation.
"""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(settings.BASE_DIR)
# What makemessages reads (the apps and the project), and the catalogues it merges into.
SOURCES = ("geo_gov", "layers", "map_ui", "locale")
DOMAINS = ("django", "djangojs")
COMMITTED = ROOT / "locale" / "en" / "LC_MESSAGES"


def label(entry: polib.POEntry) -> str:
    return f"[{entry.msgctxt}] {entry.msgid}" if entry.msgctxt else entry.msgid


def untranslated(catalogue: polib.POFile) -> list[str]:
    """Messages with an empty or fuzzy translation (polib's translated() is false for both)."""
    return [label(e) for e in catalogue if not e.obsolete and not e.translated()]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, polib.POFile | None]:
    """Per domain, the committed catalogue merged with what makemessages finds in the code now
    (None when the code has no message in that domain and none is committed)."""
    copy = tmp_path_factory.mktemp("messages")
    for name in SOURCES:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    (copy / "locale").mkdir(exist_ok=True)
    found = {}
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        for domain in DOMAINS:
            with pytest.MonkeyPatch.context() as patch:
                patch.chdir(copy)
                call_command("makemessages", locale=["en"], domain=domain, no_obsolete=True, verbosity=0)
            path = copy / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
            found[domain] = polib.pofile(str(path)) if path.exists() else None
    return found


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_has_an_english_translation(extracted, domain):
    catalogue = extracted[domain]
    if catalogue is None:
        assert not (COMMITTED / f"{domain}.po").exists(), f"{domain}.po is committed but the code has no message"
        return
    missing = untranslated(catalogue)
    assert missing == [], (
        f"{len(missing)} message(s) without an English translation in locale/en/LC_MESSAGES/{domain}.po "
        "(run makemessages, see the file's header, and translate them):\n" + "\n".join(missing)
    )


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_compiled_catalogue_matches_the_po_file(domain):
    po_path = COMMITTED / f"{domain}.po"
    if not po_path.exists():
        return
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages` (manage.py compilemessages)"
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path))}
    stale = [
        label(e)
        for e in polib.pofile(str(po_path)).translated_entries()
        if not e.msgid_plural and compiled.get((e.msgctxt, e.msgid)) != e.msgstr
    ]
    assert stale == [], f"{mo_path.name} is older than {po_path.name}: run `make messages`\n" + "\n".join(stale)


def test_the_check_catches_an_empty_and_a_fuzzy_translation():
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="地图", msgstr="Map"))
    catalogue.append(polib.POEntry(msgid="图例", msgstr=""))
    catalogue.append(polib.POEntry(msgid="社区", msgctxt="plural", msgstr="Community", flags=["fuzzy"]))
    catalogue.append(polib.POEntry(msgid="旧", msgstr="", obsolete=True))

    assert untranslated(catalogue) == ["图例", "[plural] 社区"]
