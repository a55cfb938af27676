"""Masking personal data in free text, in Python: for the API, the pages, reports and notifications.

layers_mask_personal() in the database (sql.py) does the same for what is built there (exports,
OGC API items, the fast GeoJSON); both follow the rules of patterns.py, step by step.
"""

import re

from .patterns import NAME_MIN_LENGTH, NOT_NAMES, PHONE_MIN_LENGTH, PHONE_SHOWN, RULES, SENTINEL, TRIGGER, Rule

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_TRIGGER = re.compile(TRIGGER)


def _template(rule: Rule) -> str:
    return "".join(f"\\g<{part}>" if isinstance(part, int) else part for part in rule.replacement)


_COMPILED = tuple((re.compile(rule.pattern), _template(rule), rule.luhn) for rule in RULES)


def luhn_valid(candidate: str) -> bool:
    """Whether the digits of candidate (ASCII or full-width; separators ignored) pass the Luhn check."""
    digits = [int(char) for char in candidate.translate(_FULL_WIDTH_DIGITS) if "0" <= char <= "9"]
    total = sum(d if i % 2 == 0 else 2 * d % 10 + 2 * d // 10 for i, d in enumerate(reversed(digits)))
    return bool(digits) and total % 10 == 0


def _checked(regex: re.Pattern, template: str, text: str) -> str:
    # Replaced only where the digits pass the check, as the SQL function's loop does.
    return regex.sub(lambda match: match.expand(template) if luhn_valid(match.group(0)) else match.group(0), text)


def apply_rules(text: str) -> str:
    """Every rule of patterns.RULES in order, whether or not the text matches TRIGGER."""
    for regex, template, luhn in _COMPILED:
        text = _checked(regex, template, text) if luhn else regex.sub(template, text)
    return text.replace(SENTINEL, "")


def mask_own(text: str, name: str = "", phone: str = "") -> str:
    """The complainant's own name (张三 -> 张*) and phone (-> ****5678) where they appear in text."""
    if len(name) >= NAME_MIN_LENGTH and name not in NOT_NAMES:
        text = text.replace(name, name[0] + "*" * (len(name) - 1))
    if len(phone) >= PHONE_MIN_LENGTH:
        text = text.replace(phone, "****" + phone[-PHONE_SHOWN:])
    return text


def mask_text(text: str | None, name: str | None = "", phone: str | None = "") -> str | None:
    """text with phone, ID, bank card and plate numbers, e-mail addresses, WeChat/QQ ids and the
    complainant's own name (name) and phone (phone) starred; None and "" as they are."""
    if not text:
        return text
    if _TRIGGER.search(text):
        text = apply_rules(text)
    return mask_own(text, name or "", phone or "")


def mask_row(row: dict, fields: tuple[str, ...], whole: bool = False) -> dict:
    """A case's row from .values(), its `fields` masked (unless whole) with the complainant's own name
    and phone, which it carries as complainant_name and complainant_phone and loses here."""
    name, phone = row.pop("complainant_name", ""), row.pop("complainant_phone", "")
    if not whole:
        row.update({field: mask_text(row[field], name, phone) for field in fields})
    return row
