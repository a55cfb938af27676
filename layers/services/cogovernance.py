"""Writes of co-governance (issue 8): open a topic, record its meetings, complete its actions.

Completing an action that resolves cases moves each case through complaint_transition, so the
case workflow, its role checks and its event log stay the only way a case changes status; the
topic is named in every event note ("议题 <code>: <action>"). 吹哨报到 lives in cogovernance_summons.py.
"""

from datetime import datetime

from django.contrib.gis.geos import MultiPolygon
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from layers.crs import CGCS2000_GK_CM117
from layers.models import Action, Category, Community, Complaint, Meeting, Topic, TopicParticipant
from layers.permissions import COGOV_WRITER_ROLES, role_of
from layers.services.cogovernance_actions import Completion, action_cases_resolve, action_complete
from layers.services.cogovernance_input import attendees_checked, clean, decisions_checked
from layers.services.complaint_input import check_choice

# Completing actions lives in cogovernance_actions.py; re-exported here as part of this module's API.
__all__ = [
    "Completion",
    "action_cases_resolve",
    "action_complete",
    "intake_source_link",
    "meeting_record",
    "participant_add",
    "topic_add_cases",
    "topic_open_for_area",
    "topic_open_from_cases",
]

# A case that is not inside an estate concerns the place around its point; 50 m is the default
# "same problem" radius of the case categories (Category.duplicate_radius_m).
CASE_RADIUS_M = 50

# Estates of the cases, and discs around the points of cases outside any estate, as one
# MultiPolygon. Buffers are drawn in metres (CGCS2000 Gauss-Krüger) and stored in WGS84.
_CASES_GEOM_SQL = f"""
SELECT ST_AsEWKT(ST_Multi(ST_CollectionExtract(ST_Union(g), 3))) FROM (
    SELECT hp.geom AS g FROM layers_complaint c
    JOIN layers_housingproject hp ON hp.id = c.housing_project_id
    WHERE c.id = ANY(%(ids)s)
    UNION ALL
    SELECT ST_Transform(ST_Buffer(ST_Transform(c.location, {CGCS2000_GK_CM117}), %(radius)s, 16), 4326)
    FROM layers_complaint c
    WHERE c.id = ANY(%(ids)s) AND c.housing_project_id IS NULL AND c.location IS NOT NULL
) AS places
"""


def _writer(actor) -> str:
    role = role_of(actor) if actor is not None else None
    if role not in COGOV_WRITER_ROLES:
        raise PermissionDenied(f"role {role!r} may not open topics or record meetings")
    return role


def _next_code(year: int) -> str:
    prefix = f"YT{year}-"
    codes = Topic.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    numbers = [int(c[len(prefix) :]) for c in codes if c[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _insert_topic(fields: dict) -> Topic:
    """Insert with the given code, or the next free YT<year>-NNN; a race for a number retries."""
    if fields.get("code"):
        if Topic.objects.filter(code=fields["code"]).exists():
            raise ValidationError({"code": f"topic {fields['code']} already exists"})
        return Topic.objects.create(**fields)
    for _ in range(5):
        fields["code"] = _next_code(fields["opened_at"].year)
        try:
            with transaction.atomic():
                return Topic.objects.create(**fields)
        except IntegrityError:
            continue
    raise ValidationError({"code": "could not allocate a topic code; try again"})


def _common_fields(actor, title, kind, code, description, opened_at) -> dict:
    return {
        "code": clean(code, "code", 32) or None,
        "title": clean(title, "title", 256, required=True),
        "kind": check_choice(kind, "kind", Topic.Kind),
        "description": clean(description, "description", 4000),
        "opened_by": actor,
        "opened_at": opened_at or timezone.now(),
    }


def _link_places(topic: Topic) -> None:
    """Communities the topic's places lie in (more than touching a border)."""
    if topic.geom is None:
        return
    inside = Community.objects.filter(geom__intersects=topic.geom).exclude(geom__touches=topic.geom)
    topic.communities.add(*inside)


def topic_open_from_cases(
    *, actor, cases, title, kind, code=None, categories=None, description="", opened_at=None, radius_m=CASE_RADIUS_M
) -> Topic:
    """Open a topic (议题) from one or more cases and carry them.

    The topic's places are the cases' estates plus a radius_m disc around each case outside any
    estate; its communities and estates are those of the cases; its categories (for the outcome)
    are the given ones, else the cases'. Raises ValidationError naming the field for no cases, an
    unknown kind or a blank title, PermissionDenied for a role that may not open topics.
    """
    _writer(actor)
    ids = sorted({c.pk if isinstance(c, Complaint) else int(c) for c in cases or []})
    if not ids:
        raise ValidationError({"cases": "at least one case is required"})
    found = Complaint.objects.filter(pk__in=ids)
    missing = sorted(set(ids) - set(found.values_list("pk", flat=True)))
    if missing:
        raise ValidationError({"cases": f"no such case: {', '.join(map(str, missing))}"})
    fields = _common_fields(actor, title, kind, code, description, opened_at)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_CASES_GEOM_SQL, {"ids": ids, "radius": float(radius_m)})
            fields["geom"] = cursor.fetchone()[0]
        topic = _insert_topic(fields)
        topic.complaints.add(*ids)
        topic.housing_projects.add(*found.exclude(housing_project=None).values_list("housing_project", flat=True))
        topic.communities.add(*found.exclude(community=None).values_list("community", flat=True))
        chosen = categories if categories is not None else Category.objects.filter(complaints__in=ids).distinct()
        topic.categories.add(*chosen)
        _link_places(topic)
    topic.refresh_from_db()
    return topic


def topic_open_for_area(
    *, actor, title, kind, geom=None, housing_projects=(), code=None, categories=(), description="", opened_at=None
) -> Topic:
    """Open a topic for an estate or an area drawn on the map (no case needed, e.g. a 盼事).

    geom is a WGS84 (Multi)Polygon; without it the estates' outlines are the topic's places.
    The communities are those the places lie in.
    """
    _writer(actor)
    housing_projects = list(housing_projects)
    if geom is None and not housing_projects:
        raise ValidationError({"geom": "give an area or at least one estate"})
    if geom is not None and geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise ValidationError({"geom": f"expected a Polygon or MultiPolygon, got {geom.geom_type}"})
    fields = _common_fields(actor, title, kind, code, description, opened_at)
    with transaction.atomic():
        if geom is None:
            union = housing_projects[0].geom
            for estate in housing_projects[1:]:
                union = union.union(estate.geom)
            geom = union
        if geom.srid is None:
            geom.srid = 4326
        if geom.geom_type == "Polygon":
            geom = MultiPolygon(geom, srid=geom.srid)
        fields["geom"] = geom
        topic = _insert_topic(fields)
        topic.housing_projects.add(*housing_projects)
        topic.categories.add(*categories)
        _link_places(topic)
    topic.refresh_from_db()
    return topic


def topic_add_cases(*, topic, cases) -> int:
    """Link more cases to a topic (e.g. later complaints about the same matter); returns how many
    were new. The topic's places are not redrawn: they are what the consultation covered."""
    ids = {c.pk if isinstance(c, Complaint) else int(c) for c in cases}
    before = topic.complaints.count()
    topic.complaints.add(*ids)
    return topic.complaints.count() - before


def intake_source_link(*, complaint, partner=None, volunteer_team=None) -> None:
    """Record that a partner unit or volunteer team reported a case (they are intake sources too);
    the directory counts these. Exactly one of partner and volunteer_team."""
    if (partner is None) == (volunteer_team is None):
        raise ValidationError({"partner": "give exactly one of partner and volunteer_team"})
    (partner or volunteer_team).reported_complaints.add(complaint)


def participant_add(*, topic, type, name, partner=None, volunteer_team=None, department=None) -> TopicParticipant:
    """Seat a participant at the topic's table; the same (type, name) twice is one participant."""
    check_choice(type, "type", TopicParticipant.Type)
    name = clean(name or (partner or volunteer_team or department or ""), "name", 128, required=True)
    participant, _ = TopicParticipant.objects.get_or_create(
        topic=topic,
        type=type,
        name=name,
        defaults={"partner": partner, "volunteer_team": volunteer_team, "department": department},
    )
    return participant


def _action_fields(spec: dict, index: int) -> dict:
    where = f"actions[{index}]"
    unknown = set(spec) - {"description", "owner_name", "owner_user", "owner_department", "due_date", "resolves_cases"}
    if unknown:
        raise ValidationError({where: f"unknown fields {sorted(unknown)}"})
    return {
        "description": clean(spec.get("description"), f"{where}.description", 512, required=True),
        "owner_name": clean(spec.get("owner_name"), f"{where}.owner_name", 128),
        "owner_user": spec.get("owner_user"),
        "owner_department": spec.get("owner_department"),
        "due_date": spec.get("due_date"),
        "resolves_cases": bool(spec.get("resolves_cases", False)),
    }


def meeting_record(
    *, topic, actor, held_at: datetime, place="", attendees=(), minutes="", decisions=(), actions=()
) -> Meeting:
    """Record a 协商议事 meeting with its decisions (votes where taken) and the actions it set.

    decisions: [{"text": ..., "votes": {"for": n, "against": n, "abstain": n}}] (votes optional);
    actions: [{"description", "owner_name", "owner_user", "owner_department", "due_date",
    "resolves_cases"}]. Idempotent: a meeting of the topic at the same time is returned unchanged.
    Bad input raises ValidationError naming the entry (e.g. decisions[1].votes.for) and writes
    nothing. The topic moves to 落实中 once it has an action.
    """
    _writer(actor)
    if held_at is None:
        raise ValidationError({"held_at": "is required"})
    existing = Meeting.objects.filter(topic=topic, held_at=held_at).first()
    if existing is not None:
        return existing
    fields = {
        "place": clean(place, "place", 128),
        "attendees": attendees_checked(attendees),
        "minutes": clean(minutes, "minutes", 20000),
        "decisions": decisions_checked(decisions),
    }
    specs = [_action_fields(spec, i) for i, spec in enumerate(actions)]
    with transaction.atomic():
        meeting = Meeting.objects.create(topic=topic, held_at=held_at, recorded_by=actor, **fields)
        for spec in specs:
            Action.objects.create(topic=topic, meeting=meeting, **spec)
        if specs and topic.status == Topic.Status.OPEN:
            Topic.objects.filter(pk=topic.pk).update(status=Topic.Status.ACTING)
    topic.refresh_from_db()
    return meeting
