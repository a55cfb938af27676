"""Mapbox vector tiles made by PostGIS in one statement: ST_TileEnvelope + ST_AsMVTGeom + ST_AsMVT.

The tile layers carry a few properties each (what a map styles and labels by), taken from the
export registry so nothing personal can appear: complaints never carry a name or phone.
"""

from dataclasses import dataclass

from django.db import connection

from layers import crs
from layers.exporters import LAYERS, ExportLayer

EXTENT, BUFFER = 4096, 64  # tile units; the buffer keeps symbols and outlines whole across tile edges
MAX_ZOOM = 22


@dataclass(frozen=True)
class TileLayer:
    layer: ExportLayer
    properties: tuple[str, ...]
    # MVT feature ids are integers: only complaints have one; the others carry their code.
    feature_id: str | None = None

    def sql(self) -> str:
        """SQL taking (z, x, y) params and returning one bytea (empty when no feature is in the tile)."""
        layer = self.layer
        columns = ", ".join(f'{x.sql} AS "{x.name}"' for x in layer.fields if x.name in self.properties)
        feature_id = f"'{self.feature_id}'" if self.feature_id else "NULL"
        return (
            f"WITH bounds AS (SELECT ST_TileEnvelope(%s, %s, %s) AS env), "
            f"rows AS (SELECT ST_AsMVTGeom(ST_Transform({layer.geom}, {crs.WEB_MERCATOR}), bounds.env, "
            f"{EXTENT}, {BUFFER}, true) AS mvt_geom, {columns} FROM {layer.from_sql}, bounds "
            f"WHERE ({layer.where}) AND {layer.geom} && ST_Transform(bounds.env, {crs.WGS84})) "
            f"SELECT ST_AsMVT(rows, '{layer.table_name}', {EXTENT}, 'mvt_geom', {feature_id}) "
            f"FROM rows WHERE mvt_geom IS NOT NULL"
        )


TILE_LAYERS = {
    tile.layer.name: tile
    for tile in (
        TileLayer(
            LAYERS["complaints"],
            ("id", "category_code", "category_name", "status", "status_label", "sishi_type", "received_at"),
            "id",
        ),
        TileLayer(LAYERS["grid-cells"], ("code", "community_code", "community_name", "responsible_party")),
        TileLayer(
            LAYERS["housing-projects"], ("code", "name", "community_code", "ownership", "is_old_estate", "renovation")
        ),
    )
}


def valid_tile(z: int, x: int, y: int) -> bool:
    return 0 <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z


def tile_bytes(layer_name: str, z: int, x: int, y: int) -> bytes:
    """The MVT of one layer for tile z/x/y (b"" when it holds no feature)."""
    with connection.cursor() as cursor:
        cursor.execute(TILE_LAYERS[layer_name].sql(), [z, x, y])
        return bytes(cursor.fetchone()[0] or b"")
