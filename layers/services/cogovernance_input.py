"""Checks of co-governance input. Each raises ValidationError keyed by the caller's field (down to
the list entry, e.g. decisions[1].votes.for), so a form, the API or a loader can point at it."""

from django.core.exceptions import ValidationError

VOTE_KEYS = ("for", "against", "abstain")


def clean(value, field: str, max_length: int, required: bool = False) -> str:
    """Stripped text of at most max_length characters; NUL is refused (PostgreSQL cannot store it)."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        value = str(value)
    value = value.strip()
    if "\x00" in value:
        raise ValidationError({field: "must not contain NUL characters"})
    if required and not value:
        raise ValidationError({field: "is required"})
    if len(value) > max_length:
        raise ValidationError({field: f"at most {max_length} characters, got {len(value)}"})
    return value


def _count(value, field: str) -> int:
    # bool is an int in Python: True must not count as one vote or one attendee.
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError({field: f"expected a non-negative whole number, got {value!r}"})
    return value


def _votes(votes, where: str) -> dict:
    if not isinstance(votes, dict):
        raise ValidationError({where: f"expected an object with {', '.join(VOTE_KEYS)}, got {votes!r}"})
    unknown = set(votes) - set(VOTE_KEYS)
    if unknown:
        raise ValidationError({where: f"unknown keys {sorted(unknown)}; expected {', '.join(VOTE_KEYS)}"})
    return {key: _count(votes.get(key, 0), f"{where}.{key}") for key in VOTE_KEYS}


def decisions_checked(decisions) -> list[dict]:
    """[{"text": str, "votes": {"for", "against", "abstain"}}]; votes only where a vote was taken."""
    if not isinstance(decisions, list | tuple):
        raise ValidationError({"decisions": f"expected a list, got {type(decisions).__name__}"})
    checked = []
    for i, decision in enumerate(decisions):
        where = f"decisions[{i}]"
        if isinstance(decision, str):
            decision = {"text": decision}
        if not isinstance(decision, dict):
            raise ValidationError({where: f"expected text or an object with text and votes, got {decision!r}"})
        entry = {"text": clean(decision.get("text"), f"{where}.text", 2000, required=True)}
        if decision.get("votes") is not None:
            entry["votes"] = _votes(decision["votes"], f"{where}.votes")
        checked.append(entry)
    return checked


def attendees_checked(attendees) -> list[dict]:
    """[{"type": participant type label or code, "name": str}]; plain names are accepted too."""
    if not isinstance(attendees, list | tuple):
        raise ValidationError({"attendees": f"expected a list, got {type(attendees).__name__}"})
    checked = []
    for i, attendee in enumerate(attendees):
        where = f"attendees[{i}]"
        if isinstance(attendee, str):
            attendee = {"name": attendee}
        if not isinstance(attendee, dict):
            raise ValidationError({where: f"expected a name or an object with type and name, got {attendee!r}"})
        entry = {"name": clean(attendee.get("name"), f"{where}.name", 128, required=True)}
        if attendee.get("type"):
            entry["type"] = clean(attendee["type"], f"{where}.type", 32)
        if attendee.get("count") is not None:
            entry["count"] = _count(attendee["count"], f"{where}.count")
        checked.append(entry)
    return checked
