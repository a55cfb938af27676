"""District-scale data for bench/hotspots.py, built in SQL (generate_series), not row by row.

26 sub-districts laid out 6 x 5 (3.2 km squares) east of the Wulidian anchor, each with 16
communities (800 m), 64 grid cells per community (100 m, the nominal 万米单元网格) and 4 estates per
community; 600,000 complaints over 2026: 35 % clustered around 60 "problem" estates, the rest
spread evenly; heating complaints in winter; most resolved within ten days. Seeded (setseed).
Spatial assignment is arithmetic on the regular lattice (exact here, and far faster than a join).
"""

from importlib import import_module

from django.db import connection

from layers import crs
from layers.models import Category, Complaint

ROWS = 600_000
SUBDISTRICTS = 26
CELL, COMMUNITY, SUB = 100, 800, 3200
ANCHOR = (116.2533, 39.8595)
# Columns set by the complaint SELECT below; other NOT NULL columns get the model's default.
_SET = {
    "channel",
    "description",
    "category_id",
    "sishi_type",
    "status",
    "satisfaction",
    "received_at",
    "due_at",
    "responded_at",
    "resolved_at",
    "closed_at",
    "ledger_at",
    "location",
    "subdistrict_id",
    "community_id",
    "grid_cell_id",
    "housing_project_id",
    "assigned_department_id",
    "out_of_area",
    "created_at",
    "updated_at",
}

LAYERS_SQL = """
-- The bench's own database: the trail's TRUNCATE guard (migration 0014) is lifted for this statement.
ALTER TABLE layers_complaintevent DISABLE TRIGGER layers_complaintevent_no_truncate;
TRUNCATE layers_complaint, layers_housingproject, layers_gridcell, layers_community, layers_subdistrict CASCADE;
ALTER TABLE layers_complaintevent ENABLE TRIGGER layers_complaintevent_no_truncate;
UPDATE layers_category SET department_id = NULL;
DELETE FROM layers_department;
INSERT INTO layers_department (code, name, name_en)
SELECT 'D' || lpad(d::text, 2, '0'), '科室' || lpad(d::text, 2, '0'), '' FROM generate_series(1, 12) d;
CREATE TEMP TABLE bench_sub AS
SELECT s, '110106' || lpad((s + 1)::text, 3, '0') AS code,
       %(x0)s + (s %% 6) * {sub} AS x, %(y0)s + (s / 6) * {sub} AS y
FROM generate_series(0, {subs} - 1) s;
INSERT INTO layers_subdistrict (code, name, geom)
SELECT code, '街道' || (s + 1), ST_Multi(ST_Transform(ST_MakeEnvelope(x, y, x + {sub}, y + {sub}, {srid}), 4326))
FROM bench_sub;
CREATE TEMP TABLE bench_comm AS
SELECT b.s, c, b.code || lpad((c + 1)::text, 3, '0') AS code, b.x + (c %% 4) * {comm} AS x, b.y + (c / 4) * {comm} AS y
FROM bench_sub b, generate_series(0, 15) c;
INSERT INTO layers_community (code, name, name_is_placeholder, households, residents, floating_population,
                              subdistrict_id, department_id, geom)
SELECT m.code, '社区' || m.code, true, 1500 + ((m.s * 16 + m.c) * 7919) %% 2500, 0, 0, sd.id,
       (SELECT id FROM layers_department ORDER BY code OFFSET (m.s * 16 + m.c) %% 12 LIMIT 1),
       ST_Multi(ST_Transform(ST_MakeEnvelope(m.x, m.y, m.x + {comm}, m.y + {comm}, {srid}), 4326))
FROM bench_comm m JOIN bench_sub b USING (s) JOIN layers_subdistrict sd ON sd.code = b.code;
INSERT INTO layers_gridcell (code, community_id, responsible_party, geom)
SELECT m.code || lpad(((7 - k / 8) * 8 + k %% 8 + 1)::text, 3, '0'), cm.id, '',
       ST_Multi(ST_Transform(ST_MakeEnvelope(m.x + (k %% 8) * {cell}, m.y + (k / 8) * {cell},
                                             m.x + (k %% 8 + 1) * {cell}, m.y + (k / 8 + 1) * {cell}, {srid}), 4326))
FROM bench_comm m JOIN layers_community cm ON cm.code = m.code, generate_series(0, 63) k;
INSERT INTO layers_housingproject (code, name, name_is_placeholder, aliases, address, community_id, ownership,
                                   housing_types, households, property_company, is_old_estate, renovation,
                                   is_military_property, geom)
SELECT m.code || '-' || e,
       (ARRAY['丰西路','东安街','岳各庄','北大地','五里店','卢沟桥路','小井','大井','青塔','张仪村'])
         [1 + (m.s + m.c + e) %% 10] || (1 + (m.s * 64 + m.c * 4 + e) %% 97) || '号院',
       true, '{{}}', '', cm.id, 'single', '{{}}', 100 + ((m.s * 64 + m.c * 4 + e) * 31) %% 500, '', e %% 2 = 0,
       'none', false,
       ST_Multi(ST_Transform(ST_MakeEnvelope(m.x + (e %% 2) * 400 + 50, m.y + (e / 2) * 400 + 50,
                                             m.x + (e %% 2) * 400 + 350, m.y + (e / 2) * 400 + 350, {srid}), 4326))
FROM bench_comm m JOIN layers_community cm ON cm.code = m.code, generate_series(0, 3) e;
"""

COMPLAINTS_SQL = """
WITH cats AS (SELECT array_agg(id ORDER BY code) AS ids, array_agg(default_sishi_type ORDER BY code) AS kinds,
                     (SELECT id FROM layers_category WHERE code = 'heating') AS heating FROM layers_category),
hot AS (SELECT row_number() OVER (ORDER BY h.code) AS i, m.x + (right(h.code, 1)::int %% 2) * 400 + 200 AS hx,
               m.y + (right(h.code, 1)::int / 2) * 400 + 200 AS hy
        FROM layers_housingproject h JOIN bench_comm m ON m.code = left(h.code, 12)
        WHERE abs(hashtext(h.code)) %% 25 = 0 ORDER BY h.code LIMIT 60),
raw AS (
    SELECT g, random() AS r_kind, random() AS r_cat, random() AS r_cat2, random() AS r_time, random() AS r_resp,
           random() AS r_res, random() AS r_sat, random() AS r_text, random() AS r_chan,
           CASE WHEN random() < 0.35 THEN 1 + floor(random() * 60)::int END AS hot_i,
           floor(random() * {subs})::int AS s, random() * {sub} AS ux, random() * {sub} AS uy,
           (random() + random() + random() - 1.5) * 120 AS ox, (random() + random() + random() - 1.5) * 120 AS oy
    FROM generate_series(1, {rows}) g
),
placed AS (
    SELECT r.*, COALESCE(h.hx + r.ox, b.x + r.ux) AS x, COALESCE(h.hy + r.oy, b.y + r.uy) AS y,
           timestamptz '2026-01-01 00:00+08' + r.r_time * interval '365 days' AS at
    FROM raw r JOIN bench_sub b ON b.s = r.s LEFT JOIN hot h ON h.i = r.hot_i
),
located AS (
    SELECT p.*, floor((p.x - %(x0)s) / {comm})::int AS mx, floor((p.y - %(y0)s) / {comm})::int AS my,
           CASE WHEN extract(month FROM p.at) IN (11, 12, 1, 2, 3) AND p.r_cat2 < 0.3 THEN cats.heating
                ELSE cats.ids[1 + floor(p.r_cat * array_length(cats.ids, 1))::int] END AS category_id
    FROM placed p, cats
),
keyed AS (
    SELECT l.*, b.code || lpad(((l.my %% 4) * 4 + (l.mx %% 4) + 1)::text, 3, '0') AS comm_code,
           floor((l.x - %(x0)s) / {cell})::int %% 8 AS gx, floor((l.y - %(y0)s) / {cell})::int %% 8 AS gy,
           (l.x - %(x0)s) - l.mx * {comm} AS lx, (l.y - %(y0)s) - l.my * {comm} AS ly
    FROM located l JOIN bench_sub b ON b.s = (l.my / 4) * 6 + (l.mx / 4)
    WHERE l.mx >= 0 AND l.my >= 0 AND l.mx < 24 AND l.my < 20
)
INSERT INTO layers_complaint ({columns})
SELECT (ARRAY['hotline_12345','hotline_12345','hotline_12345','grid_patrol','wechat_group','official_account',
              'volunteer','visit'])[1 + floor(k.r_chan * 8)::int],
       COALESCE(h.name, '') || (ARRAY['楼道漏水请尽快维修','屋顶漏雨严重','小区停车难车辆乱停','夜间施工噪音扰民',
           '暖气不热室温低','路面坑洼积水','垃圾清运不及时','违建搭建占道','物业服务不到位','下水道堵塞反味',
           '路灯不亮存在安全隐患','电动车飞线充电','楼下商户油烟扰民','绿地被占用停车','电梯经常故障'])
           [1 + floor(k.r_text * 15)::int],
       k.category_id, cat.default_sishi_type,
       CASE WHEN k.r_res < 0.01 THEN 'ledger' WHEN k.r_res < 0.86 THEN 'closed' ELSE 'in_progress' END,
       CASE WHEN k.r_res >= 0.86 OR k.r_res < 0.01 THEN '' WHEN k.r_sat < 0.72 THEN 'satisfied'
            WHEN k.r_sat < 0.88 THEN 'basically_satisfied' WHEN k.r_sat < 0.97 THEN 'dissatisfied' ELSE '' END,
       k.at, k.at + CASE WHEN cat.default_sishi_type = 'urgent' THEN interval '1 day' ELSE interval '7 days' END,
       CASE WHEN k.r_resp < 0.92 THEN k.at + k.r_resp * interval '30 hours' END,
       CASE WHEN k.r_res >= 0.01 AND k.r_res < 0.86 THEN k.at + k.r_res * interval '10 days' END,
       CASE WHEN k.r_res >= 0.01 AND k.r_res < 0.86 THEN k.at + k.r_res * interval '12 days' END,
       CASE WHEN k.r_res < 0.01 THEN k.at + interval '5 days' END,
       ST_Transform(ST_SetSRID(ST_MakePoint(k.x, k.y), {srid}), 4326),
       cm.subdistrict_id, cm.id, gc.id, h.id, cm.department_id, false, now(), now(){default_values}
FROM keyed k
JOIN layers_community cm ON cm.code = k.comm_code
JOIN layers_category cat ON cat.id = k.category_id
JOIN layers_gridcell gc ON gc.code = k.comm_code || lpad(((7 - k.gy) * 8 + k.gx + 1)::text, 3, '0')
LEFT JOIN layers_housingproject h
  ON h.code = k.comm_code || '-' || ((floor(k.ly / 400)::int) * 2 + floor(k.lx / 400)::int)
 AND (k.lx::numeric %% 400) >= 50 AND (k.lx::numeric %% 400) < 350
 AND (k.ly::numeric %% 400) >= 50 AND (k.ly::numeric %% 400) < 350
"""


def ensure_categories() -> None:
    """The categories of the data migration (a TRUNCATE ... CASCADE elsewhere may have emptied them)."""
    for code, name, kind, amount, base in import_module("layers.migrations.0003_categories").CATEGORIES:
        Category.objects.get_or_create(
            code=code,
            defaults={"name": name, "default_sishi_type": kind, "time_limit_amount": amount, "time_limit_base": base},
        )


def column_defaults(set_columns) -> tuple[list[str], dict]:
    """The NOT NULL complaint columns a bench INSERT does not set, with the model's defaults as parameters,
    so the bench's INSERT ... SELECT survives new model fields."""
    names, params = [], {}
    for field in Complaint._meta.concrete_fields:
        if field.primary_key or field.column in set_columns:
            continue
        if not field.null and field.get_default() is not None:
            names.append(field.column)
            params[f"d_{field.column}"] = field.get_db_prep_value(field.get_default(), connection)
    return names, params


def loaded() -> bool:
    return Complaint.objects.count() >= ROWS * 0.95


def build(seed: float = 0.2026) -> None:
    """Replace every layer and complaint of the bench database with the district-scale year."""
    x0, y0 = crs.from_wgs84(*ANCHOR, crs.CGCS2000_GK_CM117)
    fmt = {
        "sub": SUB,
        "comm": COMMUNITY,
        "cell": CELL,
        "subs": SUBDISTRICTS,
        "srid": crs.CGCS2000_GK_CM117,
        "rows": ROWS,
    }
    extra, params = column_defaults(_SET)
    columns = [
        "channel", "description", "category_id", "sishi_type", "status", "satisfaction", "received_at", "due_at",
        "responded_at", "resolved_at", "closed_at", "ledger_at", "location", "subdistrict_id", "community_id",
        "grid_cell_id", "housing_project_id", "assigned_department_id", "out_of_area", "created_at", "updated_at",
    ]  # fmt: skip
    sql = COMPLAINTS_SQL.format(
        **fmt,
        columns=", ".join(columns + extra),
        default_values="".join(f", %(d_{c})s" for c in extra),
    )
    ensure_categories()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed])
        cursor.execute(LAYERS_SQL.format(**fmt), {"x0": x0, "y0": y0})
        cursor.execute(sql, {"x0": x0, "y0": y0, **params})
        cursor.execute("ANALYZE")
