"""The event trail refuses TRUNCATE too (migration 0002's row trigger refuses UPDATE and DELETE).

A row trigger never fires on TRUNCATE, so `TRUNCATE layers_complaintevent` (or a TRUNCATE ... CASCADE
of the cases, or `manage.py flush`) emptied the "append-only" trail in one statement. A statement-level
BEFORE TRUNCATE trigger with the same function refuses it. As with the row trigger, the table owner can
still DISABLE TRIGGER on purpose (the test runner does so in its own throw-away database, which it
flushes with TRUNCATE after each live-server test: tests/conftest.py); nothing does it by accident.
"""

from django.db import migrations

SQL = """
CREATE TRIGGER layers_complaintevent_no_truncate
    BEFORE TRUNCATE ON layers_complaintevent
    FOR EACH STATEMENT EXECUTE FUNCTION layers_complaintevent_append_only();
"""
REVERSE = "DROP TRIGGER IF EXISTS layers_complaintevent_no_truncate ON layers_complaintevent;"


class Migration(migrations.Migration):
    dependencies = [("layers", "0013_access_version")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
