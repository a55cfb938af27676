"""Cursors whose statements PostgreSQL parses and plans once per connection.

Django binds parameters on the client (the SQL text carries the values), so the server parses and
plans every statement again: 0.5-0.7 ms for each of intake's two statements, a third of their time.
A server-binding psycopg cursor with prepare=True sends the text once per connection (connections
live CONN_MAX_AGE seconds) and then only the values. Django leaves prepared statements off by
default so that transaction poolers such as PgBouncer keep working; we connect to PostgreSQL
directly, allow them in settings (prepare_threshold) and use them only where code asks, here.

The cursor is wrapped as Django wraps its own, so execute_wrappers, connection.queries and
CaptureQueriesContext see these statements like any other.
"""

from django.db import connection
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper


class _PreparingCursor(ServerBindingCursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


class _DebugCursor(CursorDebugWrapper):
    """Logs the SQL as written (placeholders, not values): psycopg keeps no text for a statement
    it runs by name, which Django's wrapper would log as None."""

    def execute(self, sql, params=None):
        with self.debug_sql(sql, params):
            return CursorWrapper.execute(self, sql, params)


def prepared_cursor():
    """A Django cursor (use it in a with block) that prepares every statement it executes.

    Statements are prepared on the connection they run on; psycopg keeps the list per connection,
    so a new connection (after a database restart, or CONN_MAX_AGE) prepares them again by itself.
    The health check comes first, as Django's own cursors have it (CONN_HEALTH_CHECKS): intake's
    first statement is often this one (tokens are cached), and without it a connection the server
    closed during a restart would fail the first request of each worker after the restart."""
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = _PreparingCursor(connection.connection)
    return _DebugCursor(raw, connection) if connection.queries_logged else connection.make_cursor(raw)
