"""The exportable layers: each one's SQL, fields, geometry and identifier, described once.

File exports, the OGC API, the fast GeoJSON endpoints and the vector tiles all read from here,
so a field added (or withheld) in one place is added (or withheld) everywhere. Geometry is read
in storage CRS (EPSG:4326); file exports convert it to what the agency asked for in
layers.exporters.wkb through layers.crs.
"""

from dataclasses import dataclass, field

from layers.exporters import fields as f
from layers.exporters.filters import ComplaintFilters, LayerQuery


@dataclass(frozen=True)
class ExportLayer:
    name: str  # URL / CLI key, e.g. "housing-projects"
    title: str  # 中文
    title_en: str
    fields: tuple[f.Field, ...]
    from_sql: str  # FROM clause with the layer table aliased as t
    geom: str  # geometry column (EPSG:4326)
    geometry_type: str  # OGR type name written to files
    id_field: str  # the property used as feature id (OGC items/{fid}, GeoJSON id)
    where: str = "TRUE"
    temporal: str | None = None  # timestamp column behind OGC datetime and the time filters
    complaint: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def table_name(self) -> str:
        """A layer name that is safe in GeoPackage/SQL (no hyphen)."""
        return self.name.replace("-", "_")

    @property
    def id_sql(self) -> str:
        return next(x.sql for x in self.fields if x.name == self.id_field)

    def model_ids(self) -> list:
        """Identifiers of every row the layer exports (tests and reports compare against it)."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {self.id_sql} FROM {self.from_sql} WHERE {self.where}")
            return [row[0] for row in cursor.fetchall()]

    def where_sql(self, query: LayerQuery | None = None) -> tuple[str, list]:
        """The WHERE clause (layer condition, complaint filters, bbox, datetime, id) and its params."""
        query = query or LayerQuery()
        clauses, params = [self.where], []
        for clause, values in query.clauses(self):
            clauses.append(clause)
            params.extend(values)
        return " AND ".join(f"({c})" for c in clauses), params


_COMPLAINT_FROM = (
    "layers_complaint t JOIN layers_category cat ON cat.id = t.category_id "
    "LEFT JOIN layers_category pcat ON pcat.id = cat.parent_id "
    "LEFT JOIN layers_community c ON c.id = t.community_id "
    "LEFT JOIN layers_gridcell g ON g.id = t.grid_cell_id "
    "LEFT JOIN layers_housingproject hp ON hp.id = t.housing_project_id "
    "LEFT JOIN layers_building b ON b.id = t.building_id "
    "LEFT JOIN layers_militaryzone mz ON mz.id = t.military_zone_id"
)

LAYERS: dict[str, ExportLayer] = {
    layer.name: layer
    for layer in (
        ExportLayer(
            "subdistrict",
            "街道",
            "Sub-district",
            f.SUBDISTRICT,
            "layers_subdistrict t",
            "t.geom",
            "MultiPolygon",
            "code",
        ),
        ExportLayer(
            "communities",
            "社区",
            "Communities",
            f.COMMUNITIES,
            "layers_community t LEFT JOIN layers_department d ON d.id = t.department_id",
            "t.geom",
            "MultiPolygon",
            "code",
        ),
        ExportLayer(
            "housing-projects",
            "住宅项目",
            "Housing projects",
            f.HOUSING_PROJECTS,
            "layers_housingproject t JOIN layers_community c ON c.id = t.community_id",
            "t.geom",
            "MultiPolygon",
            "code",
        ),
        ExportLayer(
            "buildings",
            "楼栋",
            "Buildings",
            f.BUILDINGS,
            "layers_building t JOIN layers_housingproject e ON e.id = t.estate_id",
            "t.geom",
            "MultiPolygon",
            "code",
        ),
        ExportLayer(
            "military-zones",
            "涉军单位/军产",
            "Military units and property",
            f.MILITARY_ZONES,
            "layers_militaryzone t",
            "t.geom",
            "MultiPolygon",
            "code",
        ),
        ExportLayer(
            "grid-cells",
            "单元网格",
            "Grid cells",
            f.GRID_CELLS,
            "layers_gridcell t JOIN layers_community c ON c.id = t.community_id",
            "t.geom",
            "MultiPolygon",
            "code",
        ),
        # Complaints without a location cannot be drawn; they are left out of every spatial output.
        ExportLayer(
            "complaints",
            "诉求",
            "Complaints",
            f.COMPLAINTS,
            _COMPLAINT_FROM,
            "t.location",
            "Point",
            "id",
            where="t.location IS NOT NULL",
            temporal="t.received_at",
            complaint=True,
        ),
    )
}


def get_layer(name: str) -> ExportLayer:
    """The layer called name, or ValueError listing the names that exist."""
    try:
        return LAYERS[name]
    except KeyError:
        raise ValueError(f"Unknown layer {name!r}; expected one of: {', '.join(LAYERS)}") from None


__all__ = ["LAYERS", "ComplaintFilters", "ExportLayer", "LayerQuery", "get_layer"]
