"""The masking of text.py as PostgreSQL functions, generated from the same rules (patterns.py).

layers_mask_personal(text, own_name, own_phone) masks in the database what is built there: file
exports (COPY), OGC API items, the fast GeoJSON. It is a SQL expression the planner inlines, so the
many texts that TRIGGER rules out cost one regular-expression test and no function call; the others
go through layers_mask_rules (PL/pgSQL, the rules in order) and layers_luhn (the bank-card check).

The migration that creates them holds this module's output as it was then; test_sql_function.py
fails while the functions in the database differ from what this module generates now, and
`python -m layers.privacy.sql` prints the statements for a new migration.
"""

from itertools import groupby

from .patterns import NAME_MIN_LENGTH, NOT_NAMES, PHONE_MIN_LENGTH, PHONE_SHOWN, RULES, SENTINEL, TRIGGER, Rule

FUNCTION = "layers_mask_personal"
RULES_FUNCTION = "layers_mask_rules"
LUHN_FUNCTION = "layers_luhn"
_SENTINEL_SQL = f"chr({ord(SENTINEL)})"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _replacement(rule: Rule) -> str:
    """The rule's replacement as a SQL string expression: \\N for group N, chr() for the sentinel."""
    pieces, literal = [], ""
    for part in rule.replacement:
        if part == SENTINEL:
            pieces += [_literal(literal), _SENTINEL_SQL] if literal else [_SENTINEL_SQL]
            literal = ""
        else:
            literal += f"\\{part}" if isinstance(part, int) else part
    return " || ".join([*pieces, _literal(literal)] if literal else pieces)


def _step(rule: Rule) -> str:
    pattern, replacement = _literal(rule.pattern), _replacement(rule)
    if not rule.luhn:
        return f"        s := regexp_replace(s, {pattern}, {replacement}, 'g');"
    # From the last match to the first: replacing one leaves the numbering of those before it.
    return (
        f"        FOR i IN REVERSE regexp_count(s, {pattern})..1 LOOP\n"
        f"            IF {LUHN_FUNCTION}(regexp_substr(s, {pattern}, 1, i)) THEN\n"
        f"                s := regexp_replace(s, {pattern}, {replacement}, 1, i);\n"
        f"            END IF;\n"
        f"        END LOOP;"
    )


def _steps() -> str:
    """The rules in order, each run of rules sharing a trigger under one test of it."""
    blocks = []
    for trigger, rules in groupby(RULES, key=lambda rule: rule.trigger):
        steps = "\n".join(_step(rule) for rule in rules)
        blocks.append(f"    IF s ~ {_literal(trigger)} THEN\n{steps}\n    END IF;")
    return "\n".join(blocks)


# Every second digit from the right doubled (the digits of the product summed); the total a multiple of 10.
LUHN_BODY = """
    SELECT coalesce(count(*) > 0 AND sum(CASE WHEN (n - i) % 2 = 1 THEN d * 2 % 10 + d * 2 / 10 ELSE d END) % 10 = 0,
                    false)
    FROM (SELECT digits, char_length(digits) AS n
          FROM regexp_replace(translate(candidate, '０１２３４５６７８９', '0123456789'), '[^0-9]', '', 'g')
          AS digits) x
    CROSS JOIN generate_series(1, x.n) AS i
    CROSS JOIN LATERAL (SELECT substr(x.digits, i, 1)::int AS d) y
"""

RULES_BODY = f"""
DECLARE
    s text := txt;
BEGIN
{_steps()}
    RETURN replace(s, {_SENTINEL_SQL}, '');
END
"""


def _own(text: str) -> str:
    """The complainant's name, then phone, starred in the expression `text` (text.mask_own)."""
    not_names = "ARRAY[" + ", ".join(_literal(name) for name in NOT_NAMES) + "]::text[]"
    stars = "left(own_name, 1) || repeat('*', char_length(own_name) - 1)"
    named = (
        f"CASE WHEN char_length(own_name) >= {NAME_MIN_LENGTH} AND own_name <> ALL({not_names})\n"
        f"        THEN replace({text}, own_name, {stars}) ELSE {text} END"
    )
    return (
        f"CASE WHEN char_length(own_phone) >= {PHONE_MIN_LENGTH}\n"
        f"    THEN replace({named}, own_phone, '****' || right(own_phone, {PHONE_SHOWN}))\n"
        f"    ELSE {named} END"
    )


MASK_BODY = f"""
    SELECT {_own(f"(CASE WHEN txt ~ {_literal(TRIGGER)} THEN {RULES_FUNCTION}(txt) ELSE txt END)")}
"""

CREATE = f"""
CREATE OR REPLACE FUNCTION {LUHN_FUNCTION}(candidate text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $luhn${LUHN_BODY}$luhn$;

CREATE OR REPLACE FUNCTION {RULES_FUNCTION}(txt text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $rules${RULES_BODY}$rules$;

CREATE OR REPLACE FUNCTION {FUNCTION}(txt text, own_name text DEFAULT '', own_phone text DEFAULT '')
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $mask${MASK_BODY}$mask$;
"""
DROP = f"""
DROP FUNCTION IF EXISTS {FUNCTION}(text, text, text);
DROP FUNCTION IF EXISTS {RULES_FUNCTION}(text);
DROP FUNCTION IF EXISTS {LUHN_FUNCTION}(text);
"""
# name -> body, as pg_proc.prosrc holds them (test_sql_function.py compares).
BODIES = {LUHN_FUNCTION: LUHN_BODY, RULES_FUNCTION: RULES_BODY, FUNCTION: MASK_BODY}


def masked_sql(column: str, name: str = "''", phone: str = "''") -> str:
    """SQL for column masked, with the complainant's own name and phone columns (name, phone)."""
    return f"{FUNCTION}({column}, {name}, {phone})"


if __name__ == "__main__":
    print(CREATE)
