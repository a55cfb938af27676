"""Content negotiation for the export and feed views, which answer in formats DRF does not know."""

from rest_framework.negotiation import BaseContentNegotiation


class FirstRenderer(BaseContentNegotiation):
    """Errors as JSON whatever the request says. `format` names the file format of an export,
    whereas DRF would read ?format= as its renderer override and answer 404 for gpkg; and GDAL
    asks the OGC API for application/geo+json, which DRF would answer with 406."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
