"""layers_place keeps one generic plan per connection instead of planning again on every call.

PL/pgSQL caches the plan of layers_place's query, but with plan_cache_mode = auto PostgreSQL
compares it with a custom plan for each call's ids; most calls pass NULL for some layer, and a
custom plan that folds those NULLs away always looks cheaper, so the query (twenty subqueries)
was planned again every time: 1.3-1.5 ms of a 1.5-1.7 ms call, measured on the demo data over
every grid cell, estate and building. Every lookup is by primary key, so the generic plan is as
good for any ids (0.15-0.23 ms a call).
"""

from django.db import migrations

SIGNATURE = "layers_place(bigint, bigint, bigint, bigint, bigint)"


class Migration(migrations.Migration):
    dependencies = [("layers", "0010_intake_fields_locate_ids")]

    operations = [
        migrations.RunSQL(
            f"ALTER FUNCTION {SIGNATURE} SET plan_cache_mode = force_generic_plan",
            f"ALTER FUNCTION {SIGNATURE} RESET plan_cache_mode",
        )
    ]
