"""The demo's calendar (layers/demo/clock.py): the year the demo data covers and when it stops.

One row, written by the first `load_demo`; load_demo_complaints, load_demo_cogov and a `make demo`
on a later day read it, so all demo data tells one year and a re-run adds nothing. A table without
a model, like layers_reference_version: nothing in the product reads it, so it has no place among
the domain models or in the admin.
"""

from django.db import migrations

CREATE = """
CREATE TABLE layers_demo_clock (
    id smallint PRIMARY KEY CHECK (id = 1),
    first_day date NOT NULL,
    last_day date NOT NULL CHECK (last_day >= first_day),
    as_of timestamptz NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
"""
DROP = "DROP TABLE IF EXISTS layers_demo_clock;"


class Migration(migrations.Migration):
    dependencies = [("layers", "0018_callback_records")]

    operations = [migrations.RunSQL(CREATE, DROP)]
