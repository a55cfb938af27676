"""Language helpers shared by pages, reports and the API.

The convention (locale/en/LC_MESSAGES/django.po): message ids are the Chinese source strings, since
zh-hans is the language users see first; English is their translation. Data carries its own English
where users read it as a label (Category.name_en, Department.name_en); proper nouns (communities,
estates, people) have none and read the same in both languages.
"""

from django.utils import translation


def english_active() -> bool:
    """Whether the request (or command) is in English: "en", "en-us" ..."""
    return (translation.get_language() or "").lower().startswith("en")


def localized(name: str, name_en: str | None) -> str:
    """The English name in English mode when there is one, else the Chinese name."""
    return name_en if name_en and english_active() else name


def source_text(text) -> str:
    """The Chinese source of a translatable string, whatever language is active: for text that is
    stored (a case's reasons and history are kept in Chinese, the language of the record)."""
    with translation.override(None):
        return str(text)
