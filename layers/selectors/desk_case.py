"""One case on the desk (/desk/cases/<id>/ and its printable sheet), as `user` may read it.

Every text a reader sees goes through the one rule of layers.selectors.cases: the complainant's
name and phone by personal_data(), the free text (description, address, reasons, the ledger owner,
the trail's notes, call-back remarks) by case_text() — whole for those who handle the case, masked
(layers/privacy) for the others. A related case's text follows that case's own rule. What the user
may do with the case is layers.services.case_actions.
"""

from django.db.models import Q

from layers.models import CallbackRecord, Complaint, ComplaintLink, ComplaintPhoto
from layers.models.staff import person_name
from layers.selectors.cases import case_text, personal_data

# The case's own text fields a page shows (each through case_text).
TEXT_FIELDS = ("description", "address", "sishi_reason", "routing_reason", "review_reason", "ledger_owner")
# A layer's geometry is never needed to show a case (the maps read it in SQL).
_NO_GEOMETRY = ("community__geom", "grid_cell__geom", "housing_project__geom", "building__geom", "military_zone__geom")


def desk_case(user, pk: int) -> Complaint | None:
    """The case with what its page shows, if `user` may read it (else None: the page answers 404)."""
    related = ("category", "community__department", "grid_cell", "housing_project", "building", "military_zone")
    return (
        Complaint.objects.visible_to(user)
        .select_related(*related, "assigned_department", "assignee__staff", "duplicate_of")
        .defer(*_NO_GEOMETRY)
        .filter(pk=pk)
        .first()
    )


def case_texts(user, complaint: Complaint) -> dict:
    """The case's free text and its complainant as `user` may read them: {field: text} for
    TEXT_FIELDS, "review_items" (their reasons read the same way) and "personal" (personal_data)."""
    text = case_text(user, complaint)
    shown = {field: text(getattr(complaint, field)) for field in TEXT_FIELDS}
    shown["review_items"] = [{**item, "reason": text(item.get("reason"))} for item in complaint.review_items or []]
    shown["personal"] = personal_data(user, complaint)
    return shown


def case_trail(user, complaint: Complaint) -> list[dict]:
    """The whole event trail, oldest first: who, when, the step and its note as `user` reads it."""
    text = case_text(user, complaint)
    events = complaint.events.select_related("actor__staff").order_by("at", "id")
    return [
        {
            "at": event.at,
            "actor": person_name(event.actor) if event.actor_id else None,
            "from_label": event.get_from_status_display() if event.from_status != event.to_status else "",
            "to_label": event.get_to_status_display(),
            "note": text(event.note),
        }
        for event in events
    ]


def case_callbacks(user, complaint: Complaint) -> list[dict]:
    """The call-back attempts (回访), oldest first, remarks as `user` reads the case's free text."""
    text = case_text(user, complaint)
    records = CallbackRecord.objects.filter(complaint=complaint).select_related("caller__staff")
    return [
        {
            "called_at": record.called_at,
            "caller": person_name(record.caller) if record.caller_id else None,
            "reached": record.reached,
            "satisfaction": record.get_satisfaction_display() if record.satisfaction else "",
            "remark": text(record.remark),
        }
        for record in records.order_by("called_at", "id")
    ]


def case_photos(complaint: Complaint):
    return ComplaintPhoto.objects.filter(complaint=complaint).order_by("uploaded_at", "id")


def related_cases(user, complaint: Complaint) -> list[dict]:
    """Linked cases (疑似相关, 确认重复: 回头件 among them) that user may read, with the link's facts;
    each one's description as `user` may read that case."""
    links = ComplaintLink.objects.filter(Q(primary=complaint) | Q(other=complaint))
    others = {
        (link.other_id if link.primary_id == complaint.pk else link.primary_id): link
        for link in links.order_by("created_at", "id")
    }
    readable = (
        Complaint.objects.visible_to(user)
        .filter(pk__in=others)
        .select_related("category", "community", "grid_cell")
        .defer("community__geom", "grid_cell__geom")
        .order_by("-received_at")
    )
    return [
        {"case": case, "link": others[case.pk], "description": case_text(user, case)(case.description)}
        for case in readable
    ]
