"""pg_dump / pg_restore against the configured database, and the row counts both sides compare.

The counts and the dump share one snapshot (pg_export_snapshot → pg_dump --snapshot), so what the
manifest says is exactly what the dump holds, even while the service keeps taking cases.
PostGIS belongs to the database, not to the dump: the restore skips the extension's own entries
(creating or commenting on it, filling spatial_ref_sys, need a superuser) and requires it to be there.
"""

import os
import re
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

TABLES_SQL = """
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'spatial_ref_sys'
ORDER BY c.relname
"""


class DatabaseError(Exception):
    pass


def _client_env() -> dict:
    db = settings.DATABASES["default"]
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[name] = str(db[key])
    return env


def _major(text: str) -> int:
    return int(re.search(r"(\d+)(?:\.\d+)?", text)[1])


def check_client_version(tool: str) -> None:
    """pg_dump and pg_restore must be the server's major version (15 on Debian 12)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = _major(cursor.fetchone()[0])
    done = subprocess.run([tool, "--version"], capture_output=True, text=True, env=_client_env())
    client = _major(done.stdout.split("(PostgreSQL)", 1)[-1])  # "pg_dump (PostgreSQL) 15.18 (Debian …)"
    if client != server:
        raise DatabaseError(f"{tool} {client} ≠ PostgreSQL server {server}: install postgresql-client-{server}")


def row_counts(cursor) -> dict[str, int]:
    cursor.execute(TABLES_SQL)
    tables = [name for (name,) in cursor.fetchall()]
    if not tables:
        return {}
    counts = " UNION ALL ".join(f"SELECT %s, count(*) FROM {connection.ops.quote_name(t)}" for t in tables)
    cursor.execute(counts, tables)
    return dict(cursor.fetchall())


def dump(path: Path) -> dict[str, int]:
    """Dump the database to `path` (custom format); the row counts of the same snapshot."""
    check_client_version("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = row_counts(cursor)
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
        command += ["--file", str(path), settings.DATABASES["default"]["NAME"]]
        done = subprocess.run(command, capture_output=True, text=True, env=_client_env())
    if done.returncode != 0:
        raise DatabaseError(f"pg_dump failed: {done.stderr.strip()}")
    return counts


def current_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return row_counts(cursor)


def has_postgis() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
        return cursor.fetchone() is not None


def restore(path: Path, work: Path, clean: bool) -> None:
    """pg_restore into the configured database in one transaction (all or nothing)."""
    check_client_version("pg_restore")
    if not has_postgis():
        raise DatabaseError("the database has no PostGIS: as a superuser, CREATE EXTENSION postgis (make deploy does)")
    listing = subprocess.run(["pg_restore", "--list", str(path)], capture_output=True, text=True, env=_client_env())
    if listing.returncode != 0:
        raise DatabaseError(f"pg_restore cannot read {path}: {listing.stderr.strip()}")
    # spatial_ref_sys belongs to PostGIS too (only its owner may write it); our SRIDs are all standard.
    skipped = (" EXTENSION ", "spatial_ref_sys")
    entries = [line for line in listing.stdout.splitlines() if not any(word in line for word in skipped)]
    (work / "restore.list").write_text("\n".join(entries) + "\n")
    command = ["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
    command += ["--use-list", str(work / "restore.list"), "--dbname", settings.DATABASES["default"]["NAME"]]
    if clean:
        command += ["--clean", "--if-exists"]
    connection.close()  # the restore replaces tables this process may have open
    done = subprocess.run([*command, str(path)], capture_output=True, text=True, env=_client_env())
    if done.returncode != 0:
        raise DatabaseError(f"pg_restore failed, nothing restored: {done.stderr.strip()}")
