"""Database helpers shared by the analytics queries."""

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def without_jit():
    """Run the enclosed queries in one transaction with PostgreSQL's JIT off.

    The analytics queries cross PostgreSQL's JIT cost threshold on a district's data, and then
    spend 0.3-0.7 s each compiling code for a query that runs in a fraction of that (measured on
    bench/hotspots.py's data). SET LOCAL ends with the transaction, so nothing else is affected.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield
