"""What counts as "the database is unavailable", and discarding a connection it broke.

When PostgreSQL restarts (a crash, a failover, an upgrade), the requests in flight lose their
connection and those arriving until it accepts connections again cannot connect ("the database
system is starting up", "connection refused"). Django raises OperationalError or InterfaceError for
all of these; psycopg's own classes come through where code holds a raw connection. A statement
cancelled by statement_timeout (a web request's limit, settings.py) is an OperationalError too. None
of them is the client's fault or the code's: the same request will work in a few seconds, so the
answer is 503 with Retry-After (map_ui/errors.py), never 500.
"""

import psycopg
from django.db import InterfaceError, OperationalError, connections

_UNAVAILABLE = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether exc, or an exception it was raised from, says the database cannot answer now."""
    while exc is not None:
        if isinstance(exc, _UNAVAILABLE):
            return True
        exc = exc.__cause__
    return False


def discard_broken_connections() -> None:
    """Close every connection of this thread that no longer works, so that the next request (this
    worker lives on) connects afresh instead of failing on a socket the server closed. A connection
    that still answers (a cancelled statement, a deadlock) is kept."""
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and not connection.is_usable():
            connection.close()
