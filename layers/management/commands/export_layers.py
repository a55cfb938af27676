"""export_layers: write a layer (or filtered complaints) to a GIS file for a district agency."""

from django.core.management.base import BaseCommand, CommandError

from layers.exporters import FORMATS, LAYERS, OUTPUT_CRS, ComplaintFilters, LayerQuery, export_layer


class Command(BaseCommand):
    help = "导出图层/诉求为GIS文件 · Export a layer or complaints (GPKG, Shapefile, GeoJSON, KML, CSV, FlatGeobuf)"

    def add_arguments(self, parser):
        parser.add_argument("--layer", required=True, choices=list(LAYERS))
        parser.add_argument("--format", required=True, choices=list(FORMATS))
        parser.add_argument("--srid", default="4326", choices=list(OUTPUT_CRS))
        parser.add_argument("--out", required=True, help="output file (.zip for Shapefile)")
        parser.add_argument("--since", help="complaints received from (date or ISO date-time)")
        parser.add_argument("--until", help="complaints received before (date or ISO date-time)")
        parser.add_argument("--category", help="category codes, comma-separated (a parent includes its children)")
        parser.add_argument("--status", help="status values, comma-separated")
        parser.add_argument("--community", help="community code")
        parser.add_argument("--area", help="area (片区) code")

    def handle(self, *args, **options):
        try:
            query = LayerQuery(complaints=ComplaintFilters.parse(options))
            result = export_layer(options["layer"], options["format"], options["srid"], options["out"], query)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{result.layer}: {result.count} features -> {result.path} ({result.format}, {result.srid})")
