"""/desk/cases/<id>/: one case on the desk, and /desk/cases/<id>/print/: its printable A4 sheet.

Thin: what the case carries, as this user may read it (personal data and free text masked for a
reader who does not handle the case), comes from layers.selectors.desk_case; which actions this
user may take now from layers.services.case_actions (derived from the services' own transition and
role tables). The actions post from static/map_ui/desk/case.js to the case API — transition (with
ledger_owner and ledger_target_date for 挂账), photos, call-backs — and to /api/desk/assign/.
A case the user may not read answers 404, as the API does: its existence is not confirmed.
"""

import json

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from layers.models import Complaint, Department
from layers.models.complaint import RUNNING_STATUSES
from layers.selectors.desk import handlers
from layers.selectors.desk_case import case_callbacks, case_photos, case_texts, case_trail, desk_case, related_cases
from layers.services.case_actions import allowed_actions
from layers.services.review_flags import KINDS
from map_ui.desk_chrome import desk_chrome, require_desk, time_left
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
    case = desk_case(request.user, pk)
    if case is None:
        raise Http404("no such case")
    return case


def _place(case: Complaint) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(_PLACE_SQL, [case.pk])
        point, cell, estate = cursor.fetchone()
    return {"point": json.loads(point) if point else None, "cell": json.loads(cell) if cell else None,
            "estate": json.loads(estate) if estate else None}  # fmt: skip


def _review_items(shown: dict) -> list[dict]:
    """What a person has to check on the case (the review queue), each with its kind's label."""
    return [
        {"label": KINDS[item["kind"]].label if item.get("kind") in KINDS else item.get("kind"), **item}
        for item in shown["review_items"]
    ]


def _common(request, case: Complaint) -> dict:
    now = timezone.now()
    running = case.status in RUNNING_STATUSES and case.due_at is not None
    shown = case_texts(request.user, case)
    return desk_chrome(request) | {
        "case": case,
        "shown": shown,
        "personal": shown["personal"],
        "review_items": _review_items(shown),
        "time_left": time_left((case.due_at - now).total_seconds() if running else None),
        "trail": case_trail(request.user, case),
        "callbacks": case_callbacks(request.user, case),
        "photos": [(photo, reverse("complaint-photo-file", args=[case.pk, photo.pk])) for photo in case_photos(case)],
        "related": related_cases(request.user, case),
    }


@login_required
@require_GET
def desk_case_page(request, pk: int):
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
        "callbacksUrl": reverse("complaint-callbacks", args=[case.pk]),
        "assignUrl": reverse("desk-assign"),
    }
    return render(request, "map_ui/desk/case.html", context)


@login_required
@require_GET
def desk_case_print(request, pk: int):
    case = _case(request, pk)
    context = _common(request, case) | {"printed_at": timezone.localtime(), "svg": case_svg(case)}
    return render(request, "map_ui/desk/print.html", context)
