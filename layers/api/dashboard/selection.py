"""The complaints a dashboard request covers: the reader's scope (四包), the window and the filters.

Every dashboard figure starts from one of these querysets, so the cards, the heatmap, the hotspots,
the choropleth and a unit's case list always agree on what "the filter" means.
"""

from datetime import datetime

from django.db.models import QuerySet
from rest_framework.permissions import BasePermission

from layers.models import Complaint, GridCell
from layers.permissions import has_role, scope_grid_cells

# Filter parameter -> Complaint lookup ("any of" for the comma lists).
LOOKUPS = {
    "category": "category__code",
    "sishi_type": "sishi_type__in",
    "channel": "channel__in",
    "status": "status__in",
}


class SeesDashboard(BasePermission):
    """Every staff role sees the dashboard; what it covers is scoped per role (grid workers: their cells)."""

    message = "需要员工角色 / a staff role is required"

    def has_permission(self, request, view):
        return has_role(request.user)


def filtered(user, q: dict, queryset: QuerySet | None = None, window: tuple[datetime, datetime] | None = None):
    """In-area complaints `user` may read that match the filters q (params.Filters), received in
    window (default: q's start and end)."""
    start, end = window or (q["start"], q["end"])
    qs = Complaint.objects.all() if queryset is None else queryset
    qs = qs.filter(received_at__gte=start, received_at__lt=end, out_of_area=False)
    qs = qs.filter(**{lookup: q[name] for name, lookup in LOOKUPS.items() if q.get(name)})
    return qs.visible_to(user)


def grid_cells_for(user) -> QuerySet:
    """The grid cells the user works on (all of them for sub-district roles)."""
    return scope_grid_cells(user, GridCell.objects.all())
