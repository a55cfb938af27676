"""What masking personal data in SQL costs an export (issue 16, part 4): the complaints layer's two
masked columns (description, address) read through COPY, as the file exports read them, with

- none: the columns as stored (the floor);
- before: the masking the exports had before layers/privacy (the complainant's name and phone
  replaced, any 7+ digit run starred), frozen here;
- after: layers_mask_personal() (layers/privacy/sql.py, migration 0020).

Interleaved rounds on the same rows, so the machine's load falls on all three alike; wall time of the
COPY as received by this process (PostgreSQL's work, no GDAL). Run on bench/export.py's database
after it has generated the complaints (e.g. `--parts gpkg --large 600000 --personal-every 20`):

    DATABASE_URL=postgis://geo_gov:geo_gov@127.0.0.1:5432/geo_gov_bench_privacy .venv/bin/python bench/privacy_mask.py
Options: --rounds N (default 5).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_gov.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from layers.privacy.sql import masked_sql  # noqa: E402


def _before(column: str) -> str:
    # layers/exporters/fields.py masked() before this change.
    own = (
        f"CASE WHEN char_length(t.complainant_name) >= 2 THEN replace({column}, t.complainant_name, '***') "
        f"ELSE {column} END"
    )
    own = f"CASE WHEN t.complainant_phone <> '' THEN replace({own}, t.complainant_phone, '***') ELSE {own} END"
    phone_like = "'[0-9][0-9 -]{5,}[0-9]'"
    return f"(CASE WHEN {column} ~ {phone_like} THEN regexp_replace({own}, {phone_like}, '***', 'g') ELSE {own} END)"


def _after(column: str) -> str:
    return masked_sql(column, "t.complainant_name", "t.complainant_phone")


VARIANTS = {
    "none": lambda column: column,
    "before": _before,
    "after": _after,
}


def copy_seconds(expression) -> tuple[float, int]:
    columns = f"t.id, {expression('t.description')}, {expression('t.address')}"
    sql = f"COPY (SELECT {columns} FROM layers_complaint t) TO STDOUT"
    start = time.perf_counter()
    size = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for block in copy:
            size += len(block)
    return time.perf_counter() - start, size


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if "bench" not in settings.DATABASES["default"]["NAME"]:
        sys.exit("Refusing: DATABASE_URL must name a bench database (see bench/export.py).")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE description ~ '139[0-9]{8}') FROM layers_complaint")
        rows, with_phone = cursor.fetchone()
    print(f"{rows:,} complaints, {with_phone:,} with a phone number in the description; load {os.getloadavg()}")
    times = {name: [] for name in VARIANTS}
    for round_ in range(1, args.rounds + 1):
        for name, expression in VARIANTS.items():
            seconds, size = copy_seconds(expression)
            times[name].append(seconds)
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"round {round_} {name:6} {seconds:6.2f} s ({size / 1e6:.0f} MB; load {load})", flush=True)
    floor = min(times["none"])
    for name, runs in times.items():
        best, median = min(runs), statistics.median(runs)
        per_text = (best - floor) / (2 * rows) * 1e6  # two masked columns a row
        print(
            f"{name:6} best {best:.2f} s, median {median:.2f} s; "
            f"best above none {best - floor:.2f} s = {per_text:.2f} µs a text"
        )


if __name__ == "__main__":
    main()
