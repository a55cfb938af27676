"""Data for bench/assign.py: a million complaints in one INSERT … SELECT, and one boundary change."""

from django.db import connection

from layers.models import Category, Complaint, Subdistrict

# Every NOT NULL column without an expression below gets the model's default as a parameter, so
# the INSERT keeps working when the cases-core model gains fields.
_EXPRESSIONS = {
    "channel": "'hotline_12345'",
    "description": "'bench ' || g",
    "category_id": "%(category)s",
    "sishi_type": "'difficult'",
    "status": "'received'",
    "received_at": "now() - (g %% 365) * interval '1 day'",
    # Seeded random points in the sub-district's bounding box: the corners lie outside it.
    "location": "ST_SetSRID(ST_MakePoint(%(x0)s + random() * %(dx)s, %(y0)s + random() * %(dy)s), 4326)",
    "created_at": "now()",
    "updated_at": "now()",
}


def _columns() -> tuple[list[str], list[str], dict]:
    names, values, params = [], [], {}
    for field in Complaint._meta.concrete_fields:
        if field.primary_key:
            continue
        column = field.column
        if column in _EXPRESSIONS:
            names.append(column)
            values.append(_EXPRESSIONS[column])
        elif not field.null and field.get_default() is not None:
            # get_default() is "" for a blank text field without an explicit default.
            names.append(column)
            values.append(f"%({column})s")
            params[column] = field.get_db_prep_value(field.get_default(), connection)
    return names, values, params


def fill_complaints(rows: int, seed: float = 0.42) -> bool:
    """Make exactly `rows` complaints (True), or leave them if that many are there (False)."""
    if Complaint.objects.count() == rows:
        return False
    x0, y0, x1, y1 = Subdistrict.objects.get().geom.extent
    names, values, params = _columns()
    params |= {"category": Category.objects.order_by("code").first().id, "x0": x0, "y0": y0}
    params |= {"dx": x1 - x0, "dy": y1 - y0, "rows": rows, "seed": seed}
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE layers_complaint CASCADE")
        cursor.execute("SELECT setseed(%(seed)s)", params)
        cursor.execute(
            f"INSERT INTO layers_complaint ({', '.join(names)}) "
            f"SELECT {', '.join(values)} FROM generate_series(1, %(rows)s) g",
            params,
        )
    return True


# A boundary change as the district would send it: a 150 m strip of the lowest-coded community that
# has a neighbour passes to that neighbour, with the grid cells whose centre lies in the strip (their
# shapes unchanged). Done in EPSG:4548 metres, stored back in 4326.
BOUNDARY_CHANGE_SQL = """
WITH pair AS (
    SELECT a.id AS giver, b.id AS taker
    FROM layers_community a JOIN layers_community b
      ON a.id <> b.id AND ST_Length(ST_Intersection(a.geom, b.geom)::geography) > 100
    ORDER BY a.code, b.code LIMIT 1
), strip AS (
    SELECT ST_Transform(ST_Intersection(ST_Transform(a.geom, 4548),
               ST_Buffer(ST_Transform(b.geom, 4548), 150)), 4326) AS geom, pair.giver, pair.taker
    FROM pair JOIN layers_community a ON a.id = pair.giver JOIN layers_community b ON b.id = pair.taker
), giver AS (
    UPDATE layers_community c SET geom = ST_Multi(ST_CollectionExtract(ST_Difference(c.geom, s.geom), 3))
    FROM strip s WHERE c.id = s.giver RETURNING c.id
), taker AS (
    UPDATE layers_community c SET geom = ST_Multi(ST_CollectionExtract(ST_Union(c.geom, s.geom), 3))
    FROM strip s WHERE c.id = s.taker RETURNING c.id
), cells AS (
    UPDATE layers_gridcell g SET community_id = s.taker
    FROM strip s WHERE g.community_id = s.giver AND ST_Covers(s.geom, ST_PointOnSurface(g.geom))
    RETURNING g.id
)
SELECT (SELECT count(*) FROM giver) + (SELECT count(*) FROM taker) + (SELECT count(*) FROM cells)
"""
