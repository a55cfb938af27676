"""GeoJSON assembled in PostgreSQL and streamed: the fast path for big layer and complaint responses.

Each feature is built as text by the database (ST_AsGeoJSON for the geometry, json_build_object
for the properties) and read through a server-side cursor in batches, so Python only joins
strings: no model instances, no serializer per object. bench/export.py measures it against
djangorestframework-gis' GeoFeatureModelSerializer.
"""

import json
from collections.abc import Iterator

from django.db import connection, transaction

from layers.exporters.filters import LayerQuery
from layers.exporters.registry import ExportLayer

BATCH_ROWS = 5_000
# 7 decimals of a degree is ~1 cm: finer digits only add bytes (RFC 7946, section 11.2).
PRECISION = 7
MEDIA_TYPE = "application/geo+json"


def feature_sql(layer: ExportLayer, query: LayerQuery | None = None) -> tuple[str, list]:
    """SELECT returning one GeoJSON Feature (text) per row, in id order, with its params."""
    where, params = layer.where_sql(query)
    properties = ", ".join(f"'{x.name}', {x.sql}" for x in layer.fields)
    feature = (
        f"""'{{"type":"Feature","id":' || to_json({layer.id_sql})::text"""
        f""" || ',"geometry":' || COALESCE(ST_AsGeoJSON({layer.geom}, {PRECISION}), 'null')"""
        f""" || ',"properties":' || json_build_object({properties})::text || '}}'"""
    )
    page = (query or LayerQuery()).page_sql()
    return f"SELECT {feature} FROM {layer.from_sql} WHERE {where} ORDER BY {layer.id_sql}{page}", params


def count(layer: ExportLayer, query: LayerQuery | None = None) -> int:
    """How many features match query, ignoring its limit and offset (OGC numberMatched)."""
    where, params = layer.where_sql(query)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {layer.from_sql} WHERE {where}", params)
        return cursor.fetchone()[0]


def single_feature(layer: ExportLayer, fid: str) -> str | None:
    """One Feature as GeoJSON text, or None when no feature has that id."""
    sql, params = feature_sql(layer, LayerQuery(fid=fid))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


def stream_features(layer: ExportLayer, query: LayerQuery | None = None, members=None) -> Iterator[str]:
    """A FeatureCollection as text chunks; members(number_returned) adds top-level members at the end.

    The count of returned features is only known once they have streamed, which is why extra
    members (numberReturned, links) follow the features array; JSON member order carries no meaning.
    """
    yield '{"type":"FeatureCollection","features":['
    sql, params = feature_sql(layer, query)
    returned = 0
    # In a transaction the server-side cursor needs no WITH HOLD, which would make PostgreSQL
    # materialise the whole result at the first commit before the first row is fetched.
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(BATCH_ROWS):
            yield ("," if returned else "") + ",".join(row[0] for row in rows)
            returned += len(rows)
    tail = members(returned) if members else {}
    yield "]" + "".join(f",{json.dumps(k)}:{json.dumps(v, ensure_ascii=False)}" for k, v in tail.items()) + "}"
