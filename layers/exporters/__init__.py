"""Every file the service writes: the layer registry and the GIS file writers for district agencies,
and the planning and report files (renovation.py, patrols.py, weekly_report.py, monthly_report.py), which
their commands and pages call with figures computed elsewhere.

`export_layer("complaints", "gpkg", "4548", path, LayerQuery(complaints=ComplaintFilters.parse(...)))`
serves the export_layers command and the /api/export/ download alike.
"""

from layers.exporters.fetch import OUTPUT_CRS, output_crs
from layers.exporters.filters import COMPLAINT_PARAMS, ComplaintFilters, LayerQuery
from layers.exporters.registry import LAYERS, ExportLayer, get_layer
from layers.exporters.writers import FORMATS, ExportResult, export_layer, file_name, get_format

__all__ = [
    "COMPLAINT_PARAMS",
    "FORMATS",
    "LAYERS",
    "OUTPUT_CRS",
    "ComplaintFilters",
    "ExportLayer",
    "ExportResult",
    "LayerQuery",
    "export_layer",
    "file_name",
    "get_format",
    "get_layer",
    "output_crs",
]
