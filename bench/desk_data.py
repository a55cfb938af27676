"""The district-scale year of bench/hotspots_data.py, dressed as an office's case load for the desk.

hotspots_data gives 600,000 placed complaints with 15 fixed texts and no people; the desk searches
what an office's cases carry, so on top of it, in SQL (seeded):
- the year is moved to end now, so "overdue", "due soon" and date ranges mean what they mean today;
- texts from the demo's templates (layers/demo/complaint_text.py) for the case's category, with
  the estate or road named as residents do and, for most, one of a dozen follow-up phrases;
- 12345 ticket numbers on hotline cases; a phone on 95 % of cases (5 % landlines, and 3,000
  frequent callers with ~20 cases each); a name; an address (estate + 楼/单元/室, or road + 号);
- statuses: the last 20 days a working mix of every status; older cases mostly closed, 3 % still
  in progress (long overdue), 1 % on the ledger;
- staff: 5 per department (12), a grid worker and a cadre per community (416), a leader; the
  handlers assigned by department (65 %) or grid worker (35 %); one intake event per case.
The desk's indexes (migration 0021_desk) are dropped while the rows are written and built again after,
and the table is put in received order (CLUSTER), as cases arriving one after another lie on disk.
"""

from importlib import import_module

from django.db import connection

from bench.hotspots_data import build as build_year
from layers.demo.complaint_text import TEMPLATES

DESK_MIGRATION = import_module("layers.migrations.0021_desk")
PREFIX = "deskbench-"
FOLLOW_UPS = [
    "，已反映多次",
    "，希望尽快解决",
    "，家中有老人",
    "，影响出行",
    "，晚上无法休息",
    "，请相关部门处理",
    "，存在安全隐患",
    "，已经持续一周",
    "，物业推诿",
    "，孩子上学不方便",
    "，请尽快派人查看",
    "，之前打过电话没人管",
]
ROADS = ["卢沟桥路", "丰台北路", "岳各庄北路", "五里店路", "丰西路", "东安街", "小井村路", "青塔西路"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"

STAFF_SQL = """
DELETE FROM layers_staffprofile WHERE user_id IN (SELECT id FROM auth_user WHERE username LIKE %(prefix)s || '%%');
DELETE FROM auth_user WHERE username LIKE %(prefix)s || '%%';
INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined)
SELECT '!', false, %(prefix)s || name, '', '', '', false, true, now()
FROM (SELECT 'leader' AS name
      UNION ALL SELECT lower(d.code) || '-' || n FROM layers_department d, generate_series(1, 5) n
      UNION ALL SELECT 'g-' || code FROM layers_community
      UNION ALL SELECT 'c-' || code FROM layers_community) names;
INSERT INTO layers_staffprofile (user_id, role, display_name, department_id, community_id)
SELECT u.id,
       CASE WHEN u.username = %(prefix)s || 'leader' THEN 'leader' WHEN d.id IS NOT NULL THEN 'department'
            WHEN substr(u.username, length(%(prefix)s) + 1, 2) = 'g-' THEN 'grid_worker' ELSE 'cadre' END,
       u.username, d.id, c.id
FROM auth_user u
LEFT JOIN layers_department d ON u.username LIKE %(prefix)s || lower(d.code) || '-%%'
LEFT JOIN layers_community c ON u.username IN (%(prefix)s || 'g-' || c.code, %(prefix)s || 'c-' || c.code)
WHERE u.username LIKE %(prefix)s || '%%';
UPDATE layers_gridcell g SET grid_worker_id = u.id
FROM layers_community c, auth_user u
WHERE g.community_id = c.id AND u.username = %(prefix)s || 'g-' || c.code;
"""

DESK_SQL = """
CREATE TEMP TABLE desk_texts (category text, n int, template text);
INSERT INTO desk_texts SELECT * FROM unnest(%(categories)s::text[], %(numbers)s::int[], %(templates)s::text[]);
CREATE TEMP TABLE desk_handlers AS
SELECT p.department_id, (row_number() OVER (PARTITION BY p.department_id ORDER BY p.user_id) - 1)::int AS n, p.user_id
FROM layers_staffprofile p WHERE p.role = 'department';
CREATE TEMP TABLE desk_rows AS
SELECT c.id, c.channel, c.received_at + %(shift)s::interval AS at, cat.code AS category, h.name AS estate,
       g.grid_worker_id, c.assigned_department_id,
       random() AS r_status, random() AS r_phone, random() AS r_phone2, random() AS r_phone3, random() AS r_addr,
       random() AS r_text, random() AS r_follow, random() AS r_who, random() AS r_name,
       (%(roads)s::text[])[1 + floor(random() * 8)::int] AS road
FROM layers_complaint c
JOIN layers_category cat ON cat.id = c.category_id
JOIN layers_gridcell g ON g.id = c.grid_cell_id
LEFT JOIN layers_housingproject h ON h.id = c.housing_project_id;
ALTER TABLE desk_rows ADD COLUMN status text;
UPDATE desk_rows SET status = CASE
    WHEN at > now() - interval '20 days' THEN (CASE
        WHEN r_status < 0.04 THEN 'received' WHEN r_status < 0.14 THEN 'dispatched'
        WHEN r_status < 0.26 THEN 'responded' WHEN r_status < 0.50 THEN 'in_progress'
        WHEN r_status < 0.60 THEN 'resolved' WHEN r_status < 0.64 THEN 'callback'
        WHEN r_status < 0.66 THEN 'escalated' WHEN r_status < 0.67 THEN 'returned'
        WHEN r_status < 0.69 THEN 'ledger' ELSE 'closed' END)
    WHEN r_status < 0.01 THEN 'ledger' WHEN r_status < 0.04 THEN 'in_progress' ELSE 'closed' END;
UPDATE layers_complaint c SET
    received_at = r.at,
    due_at = c.due_at + %(shift)s::interval,
    responded_at = c.responded_at + %(shift)s::interval,
    resolved_at = CASE WHEN r.status IN ('resolved', 'callback', 'closed') THEN c.received_at + %(shift)s::interval
                                                                                 + interval '3 days' END,
    closed_at = CASE WHEN r.status = 'closed' THEN c.received_at + %(shift)s::interval + interval '5 days' END,
    ledger_at = CASE WHEN r.status = 'ledger' THEN c.received_at + %(shift)s::interval + interval '5 days' END,
    status = r.status,
    satisfaction = CASE WHEN r.status IN ('callback', 'closed') THEN
        CASE WHEN c.satisfaction = '' THEN 'satisfied' ELSE c.satisfaction END ELSE '' END,
    ticket_no = CASE WHEN r.channel = 'hotline_12345' THEN to_char(r.at, 'YYYYMMDD') || lpad(c.id::text, 7, '0') END,
    complainant_name = CASE WHEN r.r_phone < 0.05 THEN ''
        ELSE substr(%(surnames)s, 1 + floor(r.r_name * 20)::int, 1)
             || CASE WHEN floor(r.r_name * 40)::int %% 2 = 0 THEN '先生' ELSE '女士' END END,
    complainant_phone = CASE
        WHEN r.r_phone < 0.05 THEN ''
        WHEN r.r_phone < 0.10 THEN '010-' || (6 + floor(r.r_phone2 * 3))::text
                                   || lpad(floor(r.r_phone3 * 1e7)::text, 7, '0')
        WHEN r.r_phone < 0.20 THEN '139' || lpad(floor(r.r_phone2 * 3000)::text, 8, '0')
        ELSE '1' || (3 + floor(r.r_phone2 * 7))::text || lpad(floor(r.r_phone3 * 1e9)::text, 9, '0') END,
    address = CASE
        WHEN r.r_addr < 0.10 THEN ''
        WHEN r.estate IS NOT NULL THEN r.estate || (1 + floor(r.r_addr * 997)::int %% 20) || '号楼'
             || (1 + floor(r.r_addr * 887)::int %% 4) || '单元' || (1 + floor(r.r_addr * 773)::int %% 6)
             || lpad((1 + floor(r.r_addr * 661)::int %% 4)::text, 2, '0') || '室'
        ELSE r.road || (1 + floor(r.r_addr * 997)::int %% 200) || '号' END,
    description = replace(t.template, '{p}', COALESCE(r.estate, r.road))
        || CASE WHEN r.r_follow < 0.6 THEN (%(follow)s::text[])[1 + floor(r.r_follow / 0.6 * 12)::int %% 12]
                ELSE '' END,
    assignee_id = CASE WHEN r.status = 'received' THEN NULL
        WHEN r.r_who < 0.65 THEN (SELECT d.user_id FROM desk_handlers d WHERE d.department_id = r.assigned_department_id
                                  AND d.n = floor(r.r_who * 100)::int %% 5)
        ELSE r.grid_worker_id END
FROM desk_rows r JOIN desk_texts t ON t.category = r.category AND t.n = floor(r.r_text * 3)::int
WHERE c.id = r.id;
INSERT INTO layers_complaintevent (complaint_id, actor_id, at, from_status, to_status, note)
SELECT r.id, CASE WHEN r.channel = 'grid_patrol' THEN r.grid_worker_id END, r.at, '', 'received', '接诉'
FROM desk_rows r;
"""


def _texts() -> dict:
    rows = [(code, n, text) for code, texts in TEMPLATES.items() for n, text in enumerate(texts)]
    assert all(len(texts) == 3 for texts in TEMPLATES.values()), "DESK_SQL picks one of three texts"
    return {
        "categories": [code for code, _, _ in rows],
        "numbers": [n for _, n, _ in rows],
        "templates": [text for _, _, text in rows],
    }


def build(seed: float = 0.2026) -> None:
    """The district-scale year (hotspots_data.build), then the desk's people, texts and statuses."""
    with connection.cursor() as cursor:
        cursor.execute(DESK_MIGRATION.DROP_INDEXES)
    build_year(seed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed / 2])
        cursor.execute(STAFF_SQL, {"prefix": PREFIX})
        # hotspots_data's year is 2026; the desk's ends today.
        cursor.execute("SELECT (now() - timestamptz '2027-01-01 00:00+08')::text")
        shift = cursor.fetchone()[0]
        params = {"shift": shift, "surnames": SURNAMES, "roads": ROADS, "follow": FOLLOW_UPS, **_texts()}
        cursor.execute(DESK_SQL, params)
        cursor.execute(DESK_MIGRATION.INDEXES)
        # Cases arrive in time order, so a real table's rows lie roughly in received order on disk;
        # hotspots_data inserted them in random order. CLUSTER puts them as they would be.
        cursor.execute("CLUSTER layers_complaint USING complaint_received_window")
        cursor.execute("ANALYZE")
