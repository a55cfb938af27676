"""District-scale data for bench/planning_packages.py, built in SQL (generate_series), not row by row.

600 estates on a 30 x 20 lattice with a 320 m pitch (9.6 km x 6.4 km east of the Wulidian anchor),
each a rectangle of 140-260 m a side whose centre is jittered by up to 25 m: gaps between
neighbours of 10-180 m, so at the default 300 m each estate has about eight candidates for a
package (its ring of neighbours) and the second ring lies beyond reach. 10 sub-districts of 6 x 10
estates, 40 communities of 3 x 5. Estates differ in age, households, ownership and management.
300,000 complaints over 2026: 40 % inside estates (half of those at 60 "problem" estates), the
rest spread over the area; a third of the categories are infrastructure. Seeded (setseed).
Everything in its own database: the build TRUNCATEs the layers.
"""

from django.db import connection

from bench.hotspots_data import column_defaults, ensure_categories
from layers import crs
from layers.models import Complaint

ESTATES_X, ESTATES_Y, PITCH = 30, 20, 320
ROWS = 300_000
ANCHOR = (116.2533, 39.8595)

LAYERS_SQL = """
-- The bench's own database: the trail's TRUNCATE guard (migration 0014) is lifted for this statement.
ALTER TABLE layers_complaintevent DISABLE TRIGGER layers_complaintevent_no_truncate;
TRUNCATE layers_complaint, layers_housingproject, layers_gridcell, layers_community, layers_subdistrict CASCADE;
ALTER TABLE layers_complaintevent ENABLE TRIGGER layers_complaintevent_no_truncate;
CREATE TEMP TABLE bench_estate AS
SELECT e, e %% {nx} AS i, e / {nx} AS j,
       %(x0)s + (e %% {nx}) * {pitch} + {pitch} / 2.0 + (random() - 0.5) * 50 AS cx,
       %(y0)s + (e / {nx}) * {pitch} + {pitch} / 2.0 + (random() - 0.5) * 50 AS cy,
       70 + random() * 60 AS hw, 70 + random() * 60 AS hh
FROM generate_series(0, {nx} * {ny} - 1) e;
INSERT INTO layers_subdistrict (code, name, geom)
SELECT '1101069' || lpad(s::text, 2, '0'), '基准街道' || s,
       ST_Multi(ST_Transform(ST_MakeEnvelope(%(x0)s + (s %% 5) * 6 * {pitch}, %(y0)s + (s / 5) * 10 * {pitch},
                                             %(x0)s + (s %% 5 + 1) * 6 * {pitch}, %(y0)s + (s / 5 + 1) * 10 * {pitch},
                                             {srid}), 4326))
FROM generate_series(0, 9) s;
INSERT INTO layers_community (code, name, name_is_placeholder, households, residents, floating_population,
                              subdistrict_id, geom)
SELECT '1101069' || lpad((i / 6 + (j / 10) * 5)::text, 2, '0')
       || lpad(((i %% 6) / 3 + ((j %% 10) / 5) * 2)::text, 3, '0'),
       '基准社区', true, 0, 0, 0, sd.id,
       ST_Multi(ST_Transform(ST_MakeEnvelope(%(x0)s + i * {pitch}, %(y0)s + j * {pitch},
                                             %(x0)s + (i + 3) * {pitch}, %(y0)s + (j + 5) * {pitch}, {srid}), 4326))
FROM generate_series(0, {nx} - 1, 3) i CROSS JOIN generate_series(0, {ny} - 1, 5) j
JOIN layers_subdistrict sd ON sd.code = '1101069' || lpad((i / 6 + (j / 10) * 5)::text, 2, '0');
INSERT INTO layers_housingproject (code, name, name_is_placeholder, aliases, address, community_id, ownership,
                                   housing_types, build_year, households, property_company, is_old_estate,
                                   renovation, is_military_property, geom)
SELECT 'PKGB-' || lpad(e::text, 3, '0'), '基准小区' || e || '号院', true, '{{}}', '', cm.id,
       (ARRAY['single','single','multi','private'])[1 + floor(random() * 4)::int], '{{}}',
       1960 + floor(random() * 60)::int, 150 + floor(random() * 1350)::int,
       CASE WHEN random() < 0.25 THEN '' ELSE '某物业公司' END, random() < 0.5, 'none', random() < 0.1,
       ST_Multi(ST_Transform(ST_MakeEnvelope(cx - hw, cy - hh, cx + hw, cy + hh, {srid}), 4326))
FROM bench_estate b
JOIN layers_community cm
  ON ST_Covers(cm.geom, ST_Transform(ST_SetSRID(ST_MakePoint(b.cx, b.cy), {srid}), 4326));
"""

# Complaints: a point inside a chosen estate (its rectangle in metres) or anywhere in the area.
COMPLAINTS_SQL = """
WITH cats AS (SELECT array_agg(id ORDER BY code) AS ids FROM layers_category),
infra AS (SELECT array_agg(id ORDER BY code) AS ids FROM layers_category
          WHERE code IN ('housing_repair', 'roads', 'drainage', 'utilities', 'heating')),
raw AS (
    SELECT g, random() AS r_in, random() AS r_hot, random() AS r_est, random() AS r_cat, random() AS r_infra,
           random() AS r_res, random() AS u, random() AS v, random() AS r_time
    FROM generate_series(1, {rows}) g
),
placed AS (
    SELECT r.*, CASE WHEN r.r_in < 0.4 THEN
               CASE WHEN r.r_hot < 0.5 THEN (floor(r.r_est * 60)::int * 10) %% ({nx} * {ny})
                    ELSE floor(r.r_est * {nx} * {ny})::int END END AS e
    FROM raw r
),
located AS (
    SELECT p.*, COALESCE(b.cx - b.hw + p.u * 2 * b.hw, %(x0)s + p.u * {nx} * {pitch}) AS x,
           COALESCE(b.cy - b.hh + p.v * 2 * b.hh, %(y0)s + p.v * {ny} * {pitch}) AS y,
           timestamptz '2026-01-01 00:00+08' + p.r_time * interval '365 days' AS at
    FROM placed p LEFT JOIN bench_estate b ON b.e = p.e
)
INSERT INTO layers_complaint ({columns})
SELECT 'hotline_12345', 'bench', c.id, c.default_sishi_type,
       CASE WHEN l.r_res < 0.85 THEN 'closed' ELSE 'in_progress' END,
       l.at, l.at + interval '7 days',
       CASE WHEN l.r_res < 0.85 THEN l.at + l.r_res * interval '10 days' END,
       CASE WHEN l.r_res < 0.85 THEN l.at + l.r_res * interval '12 days' END,
       ST_Transform(ST_SetSRID(ST_MakePoint(l.x, l.y), {srid}), 4326),
       h.id, l.r_res > 0.9, false, now(), now(){default_values}
FROM located l CROSS JOIN cats CROSS JOIN infra
JOIN layers_category c ON c.id = CASE
    WHEN (l.e IS NOT NULL AND l.r_cat < 0.6) OR l.r_cat < 0.2
    THEN infra.ids[1 + floor(l.r_infra * array_length(infra.ids, 1))::int]
    ELSE cats.ids[1 + floor(l.r_infra * array_length(cats.ids, 1))::int] END
LEFT JOIN layers_housingproject h ON h.code = 'PKGB-' || lpad(l.e::text, 3, '0')
"""
_SET = [
    "channel", "description", "category_id", "sishi_type", "status", "received_at", "due_at", "resolved_at",
    "closed_at", "location", "housing_project_id", "is_repeat", "out_of_area", "created_at", "updated_at",
]  # fmt: skip


def loaded() -> bool:
    from layers.models import HousingProject

    return HousingProject.objects.filter(code__startswith="PKGB-").count() == ESTATES_X * ESTATES_Y and (
        Complaint.objects.count() == ROWS
    )


def build(seed: float = 0.6) -> None:
    """Replace every layer and complaint of the bench database with the 600-estate year."""
    x0, y0 = crs.from_wgs84(*ANCHOR, crs.CGCS2000_GK_CM117)
    fmt = {"nx": ESTATES_X, "ny": ESTATES_Y, "pitch": PITCH, "srid": crs.CGCS2000_GK_CM117, "rows": ROWS}
    extra, params = column_defaults(_SET)
    sql = COMPLAINTS_SQL.format(
        **fmt, columns=", ".join(_SET + extra), default_values="".join(f", %(d_{c})s" for c in extra)
    )
    ensure_categories()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed])
        cursor.execute(LAYERS_SQL.format(**fmt), {"x0": x0, "y0": y0})
        cursor.execute(sql, {"x0": x0, "y0": y0, **params})
        cursor.execute("DROP TABLE bench_estate")
        cursor.execute("ANALYZE")
