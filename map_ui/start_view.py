"""Where a page's map starts and which of its layers show first, by role.

The start view is the sub-district's own extent (fitted by the scripts with a margin, on any screen),
never a fixed centre and zoom: a fixed zoom that suits a 1280 px screen cuts the east of the
sub-district off on a laptop and shows a quarter of it on a phone. The first layers are a calm set
per role, chosen for the question that role opens the map with; every other layer stays one click
away in the layer control.
"""

from django.conf import settings
from django.contrib.gis.db.models import Extent

from layers.models import Community, Role, Subdistrict
from layers.permissions import role_of

# Layer keys: map_ui/static/map_ui/layers/draw.js SPECS ids, then the dashboard's overlays.
BASE_LAYERS = ("subdistrict", "communities", "military-zones", "housing-projects", "grid-cells", "buildings")
OVERLAYS = ("renovation", "heat", "hotspots", "topics")
LAYER_KEYS = BASE_LAYERS + OVERLAYS

_LEADER = ("subdistrict", "communities", "heat", "hotspots")
_OFFICE = ("subdistrict", "communities", "grid-cells", "hotspots")
# (desktop, phone): a phone shows less at once, so its set is the smaller one where they differ.
START_LAYERS = {
    # Where the problems are this month: communities coloured by rate, the heat and the hot cells.
    Role.LEADER: (_LEADER, _LEADER),
    Role.ADMIN: (_LEADER, _LEADER),
    # Their communities' cells (scoped by role) and which of them are hot.
    Role.DEPARTMENT: (_OFFICE, _OFFICE),
    Role.CADRE: (_OFFICE, _OFFICE),
    # Own cells and the estates in them: whose building a case is in decides who takes it.
    Role.GRID_WORKER: (
        ("subdistrict", "communities", "grid-cells", "housing-projects"),
        ("subdistrict", "grid-cells", "housing-projects"),
    ),
    # Estates by ownership and where renovation stands.
    Role.PLANNER: (
        ("subdistrict", "communities", "housing-projects", "renovation"),
        ("subdistrict", "housing-projects", "renovation"),
    ),
    # The base layers they export; no case figures.
    Role.AGENCY: (
        ("subdistrict", "communities", "housing-projects", "military-zones", "grid-cells"),
        ("subdistrict", "communities", "housing-projects"),
    ),
}
_NO_ROLE = ("subdistrict", "communities")


def start_layers(user) -> dict:
    """{"desktop": [...], "phone": [...]}: the layer keys shown on the first view, for the user's role."""
    desktop, phone = START_LAYERS.get(role_of(user), (_NO_ROLE, _NO_ROLE))
    return {"desktop": list(desktop), "phone": list(phone)}


def subdistrict_bounds() -> list | None:
    """[[south, west], [north, east]] (WGS84, as Leaflet takes them) of the configured sub-district,
    else of every community; None when there is neither (an empty database)."""
    extent = Subdistrict.objects.filter(code=settings.SUBDISTRICT_CODE).aggregate(e=Extent("geom"))["e"]
    if extent is None:
        extent = Community.objects.aggregate(e=Extent("geom"))["e"]
    if extent is None:
        return None
    west, south, east, north = extent
    return [[south, west], [north, east]]


def start_config(user) -> dict:
    """The page config's start view: the bounds to fit and the first layers."""
    return {"startBounds": subdistrict_bounds(), "startLayers": start_layers(user)}
