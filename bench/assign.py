"""Re-assign 1,000,000 complaints to all six layers after a boundary change: our reassign_all (one
UPDATE … FROM with a LATERAL GiST lookup per layer) vs the pipeline a GIS analyst would write
(geopandas.read_postgis -> geopandas.sjoin per layer -> COPY to a table -> UPDATE from it).

Run against a separate bench database (it rewrites the layers and complaints there):
    su postgres -c "createdb -O geo_gov -T template_postgis geo_gov_bench"
    export DATABASE_URL=postgis://geo_gov:geo_gov@127.0.0.1:5432/geo_gov_bench
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo
    .venv/bin/python bench/assign.py [--rows 1000000] [--rounds 2]

Steps: restore the demo layers (load_demo), make --rows complaints with one INSERT … SELECT
generate_series (seeded random points in the sub-district's bounding box, so some lie outside it),
assign them, then change a boundary (a 150 m strip of one community moves to its neighbour, with the
grid cells inside it). Each round times both methods from the same pre-change assignment (restored
and VACUUMed, untimed, before each run; the order alternates between rounds) and compares a checksum
over (id, six layer codes, out_of_area). Border rule in both: closed containment (ST_Covers /
shapely covered_by), smallest code wins, nothing below the sub-district for points outside it.
"""

import argparse
import io
import os
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_gov.settings")

import django  # noqa: E402

django.setup()

import geopandas as gpd  # noqa: E402
import pandas as pd  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.assign_setup import BOUNDARY_CHANGE_SQL, fill_complaints  # noqa: E402
from layers.services.assignment import _LAYERS, reassign_all  # noqa: E402

COLUMNS = [f"{key}_id" for key in _LAYERS]
CHECKSUM_SQL = (
    "SELECT md5(string_agg(concat_ws(',', c.id, "
    + ", ".join(f"{key}.code" for key in _LAYERS)
    + ", c.out_of_area), ';' ORDER BY c.id)) FROM layers_complaint c "
    + " ".join(f"LEFT JOIN {table} {key} ON {key}.id = c.{key}_id" for key, (_m, table) in _LAYERS.items())
)


def sql(statement, params=None):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


def vacuum():
    connection.ensure_connection()
    raw = connection.connection
    autocommit = raw.autocommit
    raw.autocommit = True
    raw.execute("VACUUM ANALYZE layers_complaint")
    raw.autocommit = autocommit


def save_before():
    sql("DROP TABLE IF EXISTS bench_assign_before")
    sql(f"CREATE TABLE bench_assign_before AS SELECT id, {', '.join(COLUMNS)}, out_of_area FROM layers_complaint")
    sql("ALTER TABLE bench_assign_before ADD PRIMARY KEY (id)")


def restore_before():
    assignments = ", ".join(f"{column} = b.{column}" for column in COLUMNS)
    sql(
        f"UPDATE layers_complaint c SET {assignments}, out_of_area = b.out_of_area "
        "FROM bench_assign_before b WHERE c.id = b.id"
    )
    vacuum()


def ours():
    started = time.perf_counter()
    changed = reassign_all()
    return {"total": time.perf_counter() - started, "changed": changed}


def _raw_connection():
    connection.ensure_connection()
    return connection.connection


def _layer(key, table):
    frame = gpd.read_postgis(f"SELECT id, code, geom FROM {table}", _raw_connection(), geom_col="geom")
    return frame.set_crs(4326, allow_override=True)


def _join(points, layer, key):
    """One sjoin; a point covered by several features (a shared border) keeps the smallest code."""
    hits = gpd.sjoin(points, layer, how="inner", predicate="covered_by")
    hits = hits.sort_values("code", kind="stable")
    first = hits[~hits.index.duplicated(keep="first")]
    return first["id_right"].rename(f"{key}_id")


def analyst():
    """read_postgis -> sjoin per layer (border rule applied after each join) -> COPY -> UPDATE."""
    phases, started = {}, time.perf_counter()
    with warnings.catch_warnings():
        # pandas warns that it only tests SQLAlchemy connections; psycopg reads the rows fine.
        warnings.simplefilter("ignore", UserWarning)
        points = gpd.read_postgis(
            "SELECT id, location FROM layers_complaint WHERE location IS NOT NULL",
            _raw_connection(),
            geom_col="location",
        ).set_crs(4326, allow_override=True)
        layers = {key: _layer(key, table) for key, (_m, table) in _LAYERS.items()}
    phases["read"] = time.perf_counter() - started
    result = pd.DataFrame(index=points.index)
    result["id"] = points["id"]
    result["subdistrict_id"] = _join(points, layers["subdistrict"], "subdistrict")
    inside = points[result["subdistrict_id"].notna()]
    for key in COLUMNS[1:]:
        layer_key = key.removesuffix("_id")
        result[key] = _join(inside, layers[layer_key], layer_key)
    result["out_of_area"] = result["subdistrict_id"].isna()
    phases["sjoin"] = time.perf_counter() - started - phases["read"]
    changed = _copy_and_update(result)
    phases["copy_update"] = time.perf_counter() - started - phases["read"] - phases["sjoin"]
    phases["total"] = time.perf_counter() - started
    return phases | {"changed": changed}


def _copy_and_update(result):
    buffer = io.StringIO()
    frame = result[["id", *COLUMNS, "out_of_area"]].astype({c: "Int64" for c in COLUMNS})
    frame.to_csv(buffer, index=False, header=False, na_rep="")
    sql("DROP TABLE IF EXISTS bench_assign_new")
    sql(
        "CREATE UNLOGGED TABLE bench_assign_new (id bigint PRIMARY KEY, "
        + ", ".join(f"{column} bigint" for column in COLUMNS)
        + ", out_of_area boolean)"
    )
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy("COPY bench_assign_new FROM STDIN WITH (FORMAT csv)") as copy,
    ):
        copy.write(buffer.getvalue())
    sql("ANALYZE bench_assign_new")
    assignments = ", ".join(f"{column} = n.{column}" for column in COLUMNS)
    current = ", ".join(f"c.{column}" for column in COLUMNS)
    new = ", ".join(f"n.{column}" for column in COLUMNS)
    # The same "write only what changed" predicate reassign_all uses, so both write the same rows.
    return sql(
        f"UPDATE layers_complaint c SET {assignments}, out_of_area = n.out_of_area, updated_at = now() "
        f"FROM bench_assign_new n WHERE c.id = n.id "
        f"AND ({current}, c.out_of_area) IS DISTINCT FROM ({new}, n.out_of_area)"
    )


METHODS = {"ours": ours, "analyst": analyst}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    call_command("load_demo", stdout=io.StringIO())  # restores any boundary a previous run changed
    made = fill_complaints(args.rows)
    vacuum()
    print(f"complaints: {args.rows} ({'inserted' if made else 'already there'})")
    print(f"initial assignment: {reassign_all()} rows changed")
    save_before()
    print(f"boundary change: {sql(BOUNDARY_CHANGE_SQL)[0][0]} layer rows edited")
    runs = {name: [] for name in METHODS}
    for round_no in range(args.rounds):
        order = list(METHODS) if round_no % 2 == 0 else list(reversed(METHODS))
        for name in order:
            restore_before()
            timing = METHODS[name]()
            timing["checksum"] = sql(CHECKSUM_SQL)[0][0]
            runs[name].append(timing)
            print(
                f"round {round_no + 1} {name:8s} "
                + "  ".join(f"{k}={v:.2f}s" if isinstance(v, float) else f"{k}={v}" for k, v in timing.items())
            )
    report(runs, args.rows)


def report(runs, rows):
    checksums = {t["checksum"] for name in runs for t in runs[name]}
    best = {name: min(t["total"] for t in runs[name]) for name in runs}
    print(f"identical answers: {len(checksums) == 1} ({', '.join(sorted(checksums))})")
    for name in runs:
        print(f"{name:8s} best {best[name]:.2f} s = {rows / best[name]:,.0f} complaints/s")
    print(f"ours / analyst throughput: {best['analyst'] / best['ours']:.2f}x")
    if len(checksums) != 1:
        sys.exit("checksums differ: the two methods disagree")


if __name__ == "__main__":
    main()
