"""The review queue's way out: a person confirms or corrects where a case is.

Unmatched or doubtful addresses put a case in the review queue (needs_review). complaint_relocate
sets the place a person confirmed (a map pick, a GPS fix on site, or the matched point as it is),
then does what intake would have done with that place: spatial assignment, and, while the case
has not been dispatched yet, routing, the 四事四办 suggestion (unless staff overrode it) and
related-case links. A case already dispatched keeps its department and person: moving work away
from someone who has started it is a dispatcher's decision, not a side effect of a map click.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from layers.models import Complaint, ComplaintEvent
from layers.permissions import HANDLER_ROLES, role_of
from layers.services.assignment import assign_location
from layers.services.complaint_input import check_choice, clean_text, parse_accuracy, parse_point
from layers.services.related import link_related
from layers.services.review_flags import LOCATION_KINDS, unflag
from layers.services.routing import apply_route
from layers.services.sishi import apply_suggestion, summon

_SOURCES = {Complaint.LocationSource.GPS, Complaint.LocationSource.MAP_PICK, Complaint.LocationSource.MANUAL}


def _new_place(lon, lat, crs, location_source, accuracy):
    point = parse_point(lon, lat, crs)
    if point is None:
        return None, None, None
    source = check_choice(location_source, "location_source", Complaint.LocationSource)
    if source not in _SOURCES:
        raise ValidationError({"location_source": f"a confirmed place comes from {', '.join(sorted(_SOURCES))}"})
    return point, source, parse_accuracy(accuracy)


def redo_routing(locked: Complaint):
    """Routing and 四事四办 again for a case not yet dispatched (not saved); returns (note, suggestion).

    What intake decides from the place and the category: used when either changes (relocating here,
    reclassifying in reclassify.py). A dispatched case keeps its department and person."""
    if locked.status != Complaint.Status.RECEIVED:
        return "已派单，承办不变", None
    apply_route(locked)
    if locked.sishi_overridden:
        return f"重新派单：{locked.routing_reason}", None
    suggestion = apply_suggestion(locked)
    return f"重新派单：{locked.routing_reason} 四事四办：{locked.sishi_reason}", suggestion


def complaint_relocate(
    *, complaint, actor, lon=None, lat=None, crs="wgs84", location_source="map_pick", accuracy=None, note=""
) -> Complaint:
    """Confirm (no coordinates) or correct (lon/lat in `crs`) a case's place and settle the review
    items about it (coordinates, address; others stay in the queue), re-assigning and, if not yet
    dispatched, re-routing it. Logged in the event trail.

    Raises PermissionDenied for roles that do not handle cases; ValidationError (changing nothing)
    for bad coordinates, a confirmation of a case that has no place, or a source that is not a
    person's (address_match is the geocoder's).
    """
    role = role_of(actor) if actor is not None else None
    # Grid workers and cadres confirm places on site; the office does it from the map.
    if role not in HANDLER_ROLES:
        raise PermissionDenied(f"role {role!r} may not confirm where a case is")
    point, source, accuracy_m = _new_place(lon, lat, crs, location_source, accuracy)
    note = clean_text(note, "note")
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if point is None and locked.location is None:
            raise ValidationError({"lon": "this case has no place yet: give lon and lat to set one"})
        if point is not None:
            locked.location, locked.location_source, locked.location_accuracy_m = point, source, accuracy_m
        # Only the place is settled here: a doubtful category or deadline stays in the queue.
        unflag(locked, *LOCATION_KINDS)
        assign_location(locked)
        done, suggestion = redo_routing(locked)
        locked.save()
        if suggestion is not None and suggestion.summon_department_ids:
            summon(locked, suggestion.summon_department_ids, actor, reason=suggestion.reason)
        link_related([locked.pk])
        what = "更正位置" if point is not None else "确认位置"
        place = "非本辖区" if locked.out_of_area else "本辖区"
        ComplaintEvent.record_step(
            locked,
            actor,
            f"{what}（{place}）；{done}" + (f"；{note}" if note else ""),
            handed_over=locked.status == Complaint.Status.RECEIVED,  # routed again (redo_routing)
        )
    complaint.refresh_from_db()
    return complaint
