"""Intake: layers_locate also answers each layer's id; layers_place answers what routing needs to know
about a place; Open311 email, device_id and media_url are kept;
a version counter that tells every process when cached reference data (categories, rules, holidays)
changed.

layers_locate keeps its signature and output columns (one json per layer, CREATE OR REPLACE keeps
its callers working); each object gains an "id" key, so assigning a case no longer looks up each
of its six layers by code (six round trips per intake). /api/locate drops the ids (layers/locate.py).
It now declares ROWS 1 (it always answers one row): with the default estimate of 1,000 rows a query
joining it (the intake lookup) looked expensive enough for JIT compilation, ~300 ms per call.
"""

from django.db import migrations, models

NAME = "json_build_object('id', t.id, 'code', t.code, 'name', t.name)"
LAYERS = [
    ("subdistrict", "layers_subdistrict", NAME),
    ("community", "layers_community", NAME),
    (
        "grid_cell",
        "layers_gridcell",
        "json_build_object('id', t.id, 'code', t.code, 'name', COALESCE(NULLIF(t.responsible_party, ''), t.code))",
    ),
    ("housing_project", "layers_housingproject", NAME),
    (
        "building",
        "layers_building",
        "(SELECT json_build_object('id', t.id, 'code', t.code, 'name', e.name || t.number || '号楼',"
        " 'number', t.number) FROM layers_housingproject e WHERE e.id = t.estate_id)",
    ),
    (
        "military_zone",
        "layers_militaryzone",
        "json_build_object('id', t.id, 'code', t.code, 'name', t.name, 'kind', t.kind)",
    ),
]


def _function(layers, rows: int) -> str:
    columns = ", ".join(f"{key} json" for key, _, _ in layers)
    selects = ",\n           ".join(
        f"(SELECT {answer} FROM {table} t WHERE ST_Covers(t.geom, pt) ORDER BY t.code LIMIT 1)"
        for _, table, answer in layers
    )
    return f"""
CREATE OR REPLACE FUNCTION layers_locate(lon double precision, lat double precision)
RETURNS TABLE ({columns})
LANGUAGE plpgsql STABLE ROWS {rows} AS $$
DECLARE
    pt geometry := ST_SetSRID(ST_MakePoint(lon, lat), 4326);
BEGIN
    RETURN QUERY
    SELECT {selects};
END
$$;
"""


def _without_ids(layers):
    return [(key, table, answer.replace("'id', t.id, ", "")) for key, table, answer in layers]


# layers_place(ids): what routing needs to know about a case's place (layers/services/routing_place.py),
# one json object per layer, without geometry: the community's 包片 department and first cadre, the
# grid cell's worker, the estate's owner units (with liaisons), property company, military property
# and the zone it overlaps, the building's cadre and owner units, the zone's liaison, and each
# person's display name. A PL/pgSQL function for the reason layers_locate is one: its plan (about
# twenty subqueries, ~1 ms to plan, less to run) is cached per connection.
def _person(user_id: str) -> str:
    return (
        "(SELECT json_build_object('id', u.id, 'username', u.username,"
        " 'name', COALESCE(NULLIF(s.display_name, ''), u.username))"
        f" FROM auth_user u LEFT JOIN layers_staffprofile s ON s.user_id = u.id WHERE u.id = {user_id})"
    )


def _units(link_table: str, owner_column: str, owner_id: str) -> str:
    return (
        "(SELECT COALESCE(json_agg(json_build_object('name', o.name, 'kind', o.kind, 'liaison',"
        f" {_person('o.liaison_id')}) ORDER BY o.name), '[]'::json)"
        f" FROM {link_table} l JOIN layers_ownerunit o ON o.id = l.ownerunit_id WHERE l.{owner_column} = {owner_id})"
    )


def _zone(alias: str) -> str:
    return (
        f"json_build_object('id', {alias}.id, 'code', {alias}.code, 'name', {alias}.name, 'kind', {alias}.kind,"
        f" 'liaison_id', {alias}.liaison_id, 'liaison', {_person(f'{alias}.liaison_id')})"
    )


PLACE = f"""
CREATE OR REPLACE FUNCTION layers_place(
    p_community bigint, p_grid_cell bigint, p_housing_project bigint, p_building bigint, p_military_zone bigint)
RETURNS TABLE (community json, grid_cell json, housing_project json, building json, military_zone json)
LANGUAGE plpgsql STABLE ROWS 1 AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY SELECT
     (SELECT json_build_object('id', c.id, 'code', c.code, 'name', c.name, 'department_id', c.department_id,
             'department', (SELECT json_build_object('id', d.id, 'code', d.code, 'name', d.name)
                              FROM layers_department d WHERE d.id = c.department_id),
             'cadre', (SELECT {_person("s2.user_id")} FROM layers_staffprofile s2
                        WHERE s2.role = 'cadre' AND s2.community_id = c.id ORDER BY s2.id LIMIT 1))
        FROM layers_community c WHERE c.id = p_community),
     (SELECT json_build_object('id', g.id, 'code', g.code, 'grid_worker_id', g.grid_worker_id,
             'worker', {_person("g.grid_worker_id")})
        FROM layers_gridcell g WHERE g.id = p_grid_cell),
     (SELECT json_build_object('id', e.id, 'code', e.code, 'name', e.name, 'community_id', e.community_id,
             'is_military_property', e.is_military_property, 'property_company', e.property_company,
             'units', {_units("layers_housingproject_owner_units", "housingproject_id", "e.id")},
             'zone', CASE WHEN e.is_military_property THEN
                       (SELECT {_zone("z2")} FROM layers_militaryzone z2 WHERE ST_Intersects(z2.geom, e.geom)
                         ORDER BY z2.kind, z2.code LIMIT 1) END)
        FROM layers_housingproject e WHERE e.id = p_housing_project),
     (SELECT json_build_object('id', b.id, 'code', b.code, 'number', b.number, 'estate_id', b.estate_id,
             'cadre_id', b.cadre_id, 'estate_name', be.name, 'cadre', {_person("b.cadre_id")},
             'units', {_units("layers_building_owner_units", "building_id", "b.id")})
        FROM layers_building b JOIN layers_housingproject be ON be.id = b.estate_id WHERE b.id = p_building),
     (SELECT {_zone("z")} FROM layers_militaryzone z WHERE z.id = p_military_zone);
END
$$;
"""
DROP_PLACE = "DROP FUNCTION IF EXISTS layers_place(bigint, bigint, bigint, bigint, bigint);"


# Cached reference data (layers/services/reference.py): any write to these tables, by any process
# and by any means (admin, QuerySet.update, raw SQL, flush), bumps one counter row in the same
# transaction, so the new version becomes visible exactly when the new data does.
WATCHED = ["layers_category", "layers_department", "layers_sishirule", "layers_sishirule_departments", "layers_holiday"]
VERSION = """
CREATE TABLE layers_reference_version (id smallint PRIMARY KEY CHECK (id = 1), version bigint NOT NULL);
INSERT INTO layers_reference_version VALUES (1, 1);
CREATE FUNCTION layers_reference_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE layers_reference_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END
$$;
""" + "".join(
    f"CREATE TRIGGER {table}_reference_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
    " FOR EACH STATEMENT EXECUTE FUNCTION layers_reference_bump();\n"
    for table in WATCHED
)
DROP_VERSION = "".join(f"DROP TRIGGER IF EXISTS {table}_reference_version ON {table};\n" for table in WATCHED) + (
    "DROP FUNCTION IF EXISTS layers_reference_bump(); DROP TABLE IF EXISTS layers_reference_version;"
)


class Migration(migrations.Migration):
    dependencies = [("layers", "0009_renovation_dates")]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="complainant_email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="电子邮箱"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="device_id",
            field=models.CharField(blank=True, max_length=128, verbose_name="设备标识"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="media_url",
            field=models.CharField(blank=True, max_length=1024, verbose_name="媒体链接"),
        ),
        migrations.RunSQL(_function(LAYERS, 1), _function(_without_ids(LAYERS), 1000)),
        migrations.RunSQL(PLACE, DROP_PLACE),
        migrations.RunSQL(VERSION, DROP_VERSION),
    ]
