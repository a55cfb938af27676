"""A database for one benchmark run, cloned from a pristine copy that has the demo loaded.

Benchmarks that write (intake) change what the next run measures; cloning the same copy for every
run (CREATE DATABASE … TEMPLATE, a file copy: seconds) makes runs comparable. The copy is named
after the run's database + "_base"; it is built under a temporary name and renamed only once
loaded, so a failed build never leaves a half-loaded copy behind. Uses psycopg and manage.py
only: call it before django.setup(), then point DATABASE_URL at the answer.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = os.environ.get("TEST_DB_TEMPLATE") or "template_postgis"


def _with_name(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _maintenance(url: str) -> psycopg.Connection:
    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    )


def _manage(url: str, *command: str) -> None:
    print(f"  manage.py {' '.join(command)}", file=sys.stderr)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *command],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        stdout=sys.stderr,
        check=True,
    )


def database_for_run(url: str, loaders: list[list[str]], rebuild_base: bool = False, migrate_base: bool = True) -> str:
    """Drop and re-create url's database as a clone of its "_base" copy (built with migrate and
    the loaders' manage.py commands when missing or when rebuild_base); returns url. An existing copy
    is migrated first (new migrations since it was built) unless migrate_base is False (a second
    clone in the same run)."""
    name = urlsplit(url).path.lstrip("/")
    base, building = f"{name}_base", f"{name}_base_building"
    with _maintenance(url) as conn:
        missing = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [base]).fetchone() is None
        if missing or rebuild_base:
            print(f"building {base} (once; --rebuild-base to redo)", file=sys.stderr)
            conn.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{building}" TEMPLATE "{TEMPLATE}"')
            _manage(_with_name(url, building), "migrate", "-v0")
            for command in loaders:
                _manage(_with_name(url, building), *command)
            conn.execute(f'DROP DATABASE IF EXISTS "{base}" WITH (FORCE)')
            conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{base}"')
        elif migrate_base:
            _manage(_with_name(url, base), "migrate", "-v0")  # new migrations since it was built
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{base}" STRATEGY FILE_COPY')
    return url
