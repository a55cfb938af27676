"""The office case desk (/desk/): saved filters, and what its search needs from PostgreSQL.

Free text over Chinese (诉求内容, 诉求地址). The cluster's LC_CTYPE is C.UTF-8, whose iswalnum() counts
CJK characters as word characters, so pg_trgm does index them (show_trgm('北大地西区漏雨') gives a
trigram per character). But a trigram needs three characters, and most Chinese search words have
two (漏雨, 停车, 噪音, 暖气): for LIKE '%漏雨%' pg_trgm extracts no trigram at all and its GIN index
cannot narrow anything (a full index scan, slower than reading the table). pg_bigm, made for this,
is not packaged for Debian 12. So the words are cut here, in SQL: layers_search_grams(text) is the
set of every character and every pair of neighbouring characters of the normalised text, indexed
with GIN (array_ops); a search term asks for its pairs (a one-character term for itself) with @>,
and the rows found are checked with strpos() on the same normalised text, so a hit is exact. The
normalisation (layers_search_text: lower case, full-width digits and Latin letters to half-width,
white space removed) is one SQL function used by the index, the term and the check alike.

Phone numbers are searched exactly on their digits (layers_phone_digits: 010-6383 1234 and
+86 138… match 01063831234 and 138…). Overdue, due-soon and the time-left order read the running
cases by deadline from a partial index: they are a small slice of the table. The desk's other
filters get (column, received_at) indexes, so each reads its cases newest first.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FULL_WIDTH = "".join(chr(c) for c in range(0xFF10, 0xFF1A)) + "".join(
    chr(c) for c in [*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
)
HALF_WIDTH = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# The statuses whose time limit runs (layers.selectors.cases.OPEN_STATUSES).
RUNNING = "('received', 'dispatched', 'responded', 'in_progress', 'escalated')"

FUNCTIONS = f"""
-- translate() over CJK text costs ~18 us a row: only texts holding a full-width digit or letter
-- pay it (a regular expression test, ~1 us).
CREATE FUNCTION layers_search_text(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN regexp_replace(
        lower(CASE WHEN t ~ '[０-９Ａ-Ｚａ-ｚ]' THEN translate(t, '{FULL_WIDTH}', '{HALF_WIDTH}') ELSE t END),
        '[[:space:]\u3000]+', '', 'g');

-- Every character and every pair of neighbours of normalised text s. Pairs come from cutting s into
-- twos from its first and from its second character (regexp_replace inserts a space after each
-- two; normalised text has none): no set-returning functions, so about 0.1 ms a row where a
-- generate_series/substr version took 4.7 ms (600,000 rows: 1 minute to index instead of 47).
-- Repeated keys are harmless: GIN keeps each key of a row once.
CREATE FUNCTION layers_search_pairs(s text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN array_remove(
        string_to_array(s, NULL)
        || string_to_array(regexp_replace(s, '(..)', '\\1 ', 'g'), ' ')
        || string_to_array(regexp_replace(substr(s, 2), '(..)', '\\1 ', 'g'), ' '),
        '');

-- PL/pgSQL, not SQL: a SQL function would be inlined and priced as a few cheap operators, and the
-- planner would test it row by row on the cases read in date order. COST tells it the truth (~30 us
-- a row, some hundred operators), so it reads the index instead. Its calls name their schema: a
-- PL/pgSQL body is resolved when it runs, and pg_restore (manage.py restore) builds the indexes on
-- it with an empty search_path.
CREATE FUNCTION layers_search_grams(t text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 500
AS $$ BEGIN RETURN public.layers_search_pairs(public.layers_search_text(t)); END $$;

-- What a search term asks of layers_search_grams: its pairs (each row that has them has their
-- characters too), or the character itself when the term has one.
CREATE FUNCTION layers_search_query_grams(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE WHEN char_length(n.s) < 2 THEN ARRAY[n.s]
                ELSE ARRAY(SELECT DISTINCT g FROM unnest(layers_search_pairs(n.s)) g WHERE char_length(g) = 2)
           END
    FROM (SELECT layers_search_text(t) AS s) n;
END;

CREATE FUNCTION layers_phone_digits(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN regexp_replace(regexp_replace(t, '[^0-9]', '', 'g'), '^86(1[0-9]{{10}})$', '\\1');
"""
DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS layers_phone_digits(text);
DROP FUNCTION IF EXISTS layers_search_query_grams(text);
DROP FUNCTION IF EXISTS layers_search_grams(text);
DROP FUNCTION IF EXISTS layers_search_pairs(text);
DROP FUNCTION IF EXISTS layers_search_text(text);
"""
# Whole-table indexes, not partial ones: the planner keeps statistics for an index's expression only
# when the index covers the whole table, and without them it guesses 0.5 % for a phone number.
INDEXES = f"""
CREATE INDEX complaint_description_grams ON layers_complaint USING gin (layers_search_grams(description));
CREATE INDEX complaint_address_grams ON layers_complaint USING gin (layers_search_grams(address));
CREATE INDEX complaint_phone_digits ON layers_complaint (layers_phone_digits(complainant_phone));
CREATE INDEX complaint_running_due ON layers_complaint (due_at, id) WHERE status IN {RUNNING};
-- A filter read newest first (or by deadline) without testing rows it does not want: a department's,
-- a community's, a handler's or a 四事四办 type's cases in date order, and every case by time left.
-- The scope of a department or cadre (communities, department, handler) is a BitmapOr of the first
-- three, each narrowed by the search's date range inside the index.
CREATE INDEX complaint_department_received ON layers_complaint (assigned_department_id, received_at);
CREATE INDEX complaint_community_received ON layers_complaint (community_id, received_at);
-- A department filter inside a department's scope: the scope's communities narrowed by the filter's
-- department in one index (600,000 cases, another department's cases in D01's scope: 472 -> 115 ms).
CREATE INDEX complaint_department_community ON layers_complaint (assigned_department_id, community_id);
CREATE INDEX complaint_assignee_received ON layers_complaint (assignee_id, received_at);
CREATE INDEX complaint_sishi_received ON layers_complaint (sishi_type, received_at);
CREATE INDEX complaint_due ON layers_complaint (due_at, id);
"""
DROP_INDEXES = """
DROP INDEX IF EXISTS complaint_due;
DROP INDEX IF EXISTS complaint_sishi_received;
DROP INDEX IF EXISTS complaint_assignee_received;
DROP INDEX IF EXISTS complaint_department_community;
DROP INDEX IF EXISTS complaint_community_received;
DROP INDEX IF EXISTS complaint_department_received;
DROP INDEX IF EXISTS complaint_running_due;
DROP INDEX IF EXISTS complaint_phone_digits;
DROP INDEX IF EXISTS complaint_address_grams;
DROP INDEX IF EXISTS complaint_description_grams;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("layers", "0020_privacy_mask"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SavedFilter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=64, verbose_name="名称")),
                ("query", models.TextField(blank=True, verbose_name="查询条件")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="desk_filters",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="所有人",
                    ),
                ),
            ],
            options={
                "verbose_name": "常用筛选",
                "verbose_name_plural": "常用筛选",
                "ordering": ["owner", "name"],
                "constraints": [models.UniqueConstraint(fields=("owner", "name"), name="savedfilter_owner_name")],
            },
        ),
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
        migrations.RunSQL(INDEXES, DROP_INDEXES),
    ]
