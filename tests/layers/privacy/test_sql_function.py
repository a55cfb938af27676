"""layers_mask_personal() in PostgreSQL: the same answers as the Python masker, from the same rules."""

import pytest
from django.db import connection

from layers.privacy import sql
from layers.privacy.text import mask_text
from tests.layers.privacy.held_back import NOT_PERSONAL, PERSONAL, random_texts

pytestmark = pytest.mark.django_db


def _in_sql(rows: list[tuple[str | None, str | None, str | None]]) -> list[str | None]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {sql.masked_sql('t', 'n', 'p')} FROM unnest(%s::text[], %s::text[], %s::text[]) "
            "WITH ORDINALITY AS x(t, n, p, i) ORDER BY i",
            [list(column) for column in zip(*rows, strict=True)],
        )
        return [row[0] for row in cursor.fetchall()]


def test_the_held_back_list_in_sql():
    rows = [(item["text"], item.get("name", ""), item.get("phone", "")) for item in PERSONAL]
    rows += [(text, "王建国", "13712345678") for text in NOT_PERSONAL]
    expected = [item["masked"] for item in PERSONAL] + NOT_PERSONAL
    assert _in_sql(rows) == expected


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sql_and_python_agree_on_random_texts(seed):
    texts = random_texts(seed, 3000)
    rows = [(text, "张三", "13800138000") for text in texts]
    python = [mask_text(*row) for row in rows]
    assert sum(masked != text for masked, text in zip(python, texts, strict=True)) > 500
    assert _in_sql(rows) == python


def test_null_empty_and_placeholder_names_in_sql():
    rows = [(None, "张三", ""), ("", "张三", ""), ("张三反映", None, None), ("匿名来电", "匿名", "")]
    rows.append(("王府井", "王", ""))
    assert _in_sql(rows) == [None, "", "张三反映", "匿名来电", "王府井"]


def test_the_database_holds_the_functions_this_code_defines():
    # The migration froze the statements; a change of the rules since needs a new migration.
    with connection.cursor() as cursor:
        cursor.execute("SELECT proname, prosrc FROM pg_proc WHERE proname = ANY(%s)", [list(sql.BODIES)])
        assert dict(cursor.fetchall()) == sql.BODIES


def test_the_planner_inlines_the_quick_test():
    # The texts without a trigger cost one regular expression and no function call in a big export.
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN VERBOSE SELECT {sql.masked_sql('t', 't', 't')} FROM unnest(%s::text[]) t", [["a"]])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert sql.FUNCTION not in plan and sql.RULES_FUNCTION in plan
