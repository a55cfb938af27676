"""/desk/cases/<id>/: one case on the desk, and /desk/cases/<id>/print/: its printable A4 sheet.

Thin: what the case carries and which actions this user may take come from layers.selectors.desk_case
(derived from the services' own transition and role tables); the actions post from
static/map_ui/desk/case.js to the case API (transition, photos, call-backs) and /api/desk/assign/.
A case the user may not read answers 404, as the API does: its existence is not confirmed.
"""

import json

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from layers.models import Complaint, Department
from layers.models.complaint import RUNNING_STATUSES
from layers.selectors.cases import personal_data
from layers.selectors.desk import handlers, visible_cases
from layers.selectors.desk_case import allowed_actions, case_photos, case_trail, related_cases
from map_ui.desk import desk_chrome, require_desk, time_left
from map_ui.desk_svg import case_svg

# The case's place as GeoJSON for the page's small map: the point, its grid cell and its estate,
# our own layers only (no tiles). One query.
_PLACE_SQL = """
SELECT ST_AsGeoJSON(c.location, 7), ST_AsGeoJSON(g.geom, 7), ST_AsGeoJSON(h.geom, 7)
FROM layers_complaint c
LEFT JOIN layers_gridcell g ON g.id = c.grid_cell_id
LEFT JOIN layers_housingproject h ON h.id = c.housing_project_id
WHERE c.id = %s
"""


def _case(request, pk: int) -> Complaint:
    require_desk(request.user)
    related = ("category", "community__department", "grid_cell", "housing_project", "building", "military_zone")
    case = (
        visible_cases(request.user)
        .select_related(*related, "assigned_department", "assignee__staff", "duplicate_of")
        .defer("community__geom", "grid_cell__geom", "housing_project__geom", "building__geom", "military_zone__geom")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404("no such case")
    return case


def _place(case: Complaint) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(_PLACE_SQL, [case.pk])
        point, cell, estate = cursor.fetchone()
    return {"point": json.loads(point) if point else None, "cell": json.loads(cell) if cell else None,
            "estate": json.loads(estate) if estate else None}  # fmt: skip


def _common(request, case: Complaint) -> dict:
    now = timezone.now()
    running = case.status in RUNNING_STATUSES and case.due_at is not None
    return desk_chrome(request) | {
        "case": case,
        "personal": personal_data(request.user, case),
        "time_left": time_left((case.due_at - now).total_seconds() if running else None),
        "trail": case_trail(case),
        "photos": [(photo, reverse("complaint-photo-file", args=[case.pk, photo.pk])) for photo in case_photos(case)],
        "related": related_cases(request.user, case),
    }


@login_required
@require_GET
def desk_case(request, pk: int):
    case = _case(request, pk)
    context = _common(request, case)
    actions = allowed_actions(request.user, case)
    context |= {
        "actions": actions,
        "handlers": handlers() if any(a.form == "handler" for a in actions) else [],
        "departments": Department.objects.order_by("code"),
        "satisfactions": Complaint.Satisfaction.choices,
        "today": timezone.localdate().isoformat(),
    }
    context["config"] = {
        "case": case.pk,
        "place": _place(case),
        "transitionUrl": reverse("complaint-transition", args=[case.pk]),
        "photosUrl": reverse("complaint-photos", args=[case.pk]),
        # The call-back records endpoint of the intake work (POST {reached, satisfaction, remark, called_at}).
        "callbacksUrl": reverse("complaint-callbacks", args=[case.pk]),
        "assignUrl": reverse("desk-assign"),
    }
    context["words"] = {"saved": _("已保存。"), "network": _("网络错误，请稍后再试。")}
    return render(request, "map_ui/desk/case.html", context)


@login_required
@require_GET
def desk_case_print(request, pk: int):
    case = _case(request, pk)
    context = _common(request, case) | {"printed_at": timezone.localtime(), "svg": case_svg(case)}
    return render(request, "map_ui/desk/print.html", context)
