"""The browsable API (HTML for a person opening an /api/ address in a browser), for every view.

DRF's BrowsableAPIRenderer draws a form for each write the view allows, and asks a GenericAPIView
for its serializer to do so. Views that read and answer JSON themselves (the complaint endpoints
check the body field by field against the one intake service, layers/api/cases/complaints.py)
have no serializer class, and DRF's assertion about that made every GET of /api/complaints/ from
a browser a 500. Such views get the raw form only: a JSON body to type in and send.
"""

from rest_framework import renderers, serializers


class _NoFields(serializers.Serializer):
    """Stands in for the serializer class a view does not have: an empty body to start from."""


def _without_serializer(view) -> bool:
    # Told by duck typing: importing rest_framework.generics here would be circular (DRF's views
    # module reads this renderer from the settings while it is being imported).
    if getattr(view, "serializer_class", False) is not None:
        return False
    owner = next((c for c in type(view).__mro__ if "get_serializer_class" in vars(c)), None)
    return owner is not None and owner.__module__ == "rest_framework.generics"


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    def get_context(self, data, accepted_media_type, renderer_context):
        view = renderer_context["view"]
        if _without_serializer(view):
            view.serializer_class = _NoFields  # this request's view instance only
        return super().get_context(data, accepted_media_type, renderer_context)

    def render_form_for_serializer(self, serializer):
        # A form of no fields would post an empty body: leave the raw JSON form alone.
        if isinstance(serializer, _NoFields):
            return None
        return super().render_form_for_serializer(serializer)
