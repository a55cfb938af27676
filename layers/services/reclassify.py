"""Re-classifying the cases that wait under 其他: one action once the mapping table knows their name.

A case whose category name was unknown at intake landed under 其他 with the name kept
(source_category) and a review item. When staff add the name to the mapping table (CategoryMapping,
in the admin), reclassify_cases moves every such case to the category the name now finds, with an
event on each, and recomputes what intake derived from the category:
- the deadline, while the case is open, unless the 12345 centre set it (due_set_by_centre);
- routing and the 四事四办 suggestion, while the case is not yet dispatched (as relocating does:
  work a person has started is not moved by a table edit);
- related-case links (same category nearby), in one INSERT for all the cases.
Closed cases move too, so the statistics by category are right, but keep their history.

Set-based where the work allows: one SELECT of the distinct waiting names, one UPDATE of all the
changed rows and one INSERT of their events; only routing, which reads each case's place, runs per
case, and only for the cases not yet dispatched.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from layers.models import Complaint, ComplaintEvent
from layers.models.complaint import UNFINISHED_STATUSES
from layers.permissions import OFFICE_ROLES, role_of
from layers.services import reference
from layers.services.category_match import FALLBACK_CODE, match_category
from layers.services.deadlines import due_at
from layers.services.related import link_related
from layers.services.review import redo_routing
from layers.services.review_flags import CATEGORY, unflag
from layers.services.sishi import summon

_FIELDS = [
    "category",
    "due_at",
    "assigned_department",
    "assignee",
    "routing_reason",
    "sishi_type",
    "sishi_reason",
    "sishi_overridden",
    "is_repeat",
    "review_items",
    "needs_review",
    "review_reason",
    "updated_at",
]


@dataclass
class ReclassifyResult:
    changed: int = 0
    by_category: dict[str, int] = field(default_factory=dict)  # category name -> cases moved there
    ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        """What moved, in the active language (the admin's message; the command's output)."""
        if not self.changed:
            return gettext("没有可重新分类的诉求：暂归“其他”的诉求的12345分类名称都还不在映射表中")
        parts = gettext("、").join(
            gettext("%(category)s %(count)d 件") % {"category": name, "count": count}
            for name, count in sorted(self.by_category.items())
        )
        return ngettext(
            "已重新分类 %(count)d 件诉求：%(parts)s", "已重新分类 %(count)d 件诉求：%(parts)s", self.changed
        ) % {
            "count": self.changed,
            "parts": parts,
        }


def waiting_names() -> list[str]:
    """The distinct source names of the cases waiting under 其他 (one query)."""
    return list(
        Complaint.objects.filter(category__code=FALLBACK_CODE)
        .exclude(source_category="")
        .order_by()
        .values_list("source_category", flat=True)
        .distinct()
    )


def _targets(mapping_names) -> dict:
    """waiting name -> the category it now finds (only names leaving 其他; with mapping_names, only
    those the given mapping rows decide)."""
    known = reference.current()
    targets = {}
    for name in waiting_names():
        found = match_category(name, known)
        if found.category is None or found.category.code == FALLBACK_CODE:
            continue
        if mapping_names is not None and found.mapping not in mapping_names:
            continue
        targets[name] = found
    return targets


def _move(case: Complaint, found, calendar, now) -> tuple[str, list[int]]:
    """Set the new category and what follows from it on the locked case; returns the event note and
    the departments to summon (吹哨) when the new 四事四办 suggestion calls for it."""
    old = case.category.name
    case.category, case.updated_at = found.category, now  # bulk_update does not stamp auto_now
    unflag(case, CATEGORY)
    note = f"重新分类：{old} → {found.category.name}（12345分类“{case.source_category}”，{found.how}）"
    # A deadline still counts for an unfinished case (a resolved or closed case's deadline is history).
    if case.status in UNFINISHED_STATUSES and not case.due_set_by_centre:
        category = found.category
        case.due_at = due_at(
            case.received_at, category.time_limit_amount, category.time_limit_base, calendar.holidays, calendar.workdays
        )
        note += f"；办理时限按新分类为 {case.due_at:%Y-%m-%d %H:%M}"
    routed, suggestion = redo_routing(case)
    return f"{note}；{routed}", (suggestion.summon_department_ids if suggestion is not None else [])


def _check_actor(actor) -> None:
    # The 接诉即办 office re-classifies (as it dispatches); actor None is the command run on the server.
    if actor is not None and role_of(actor) not in OFFICE_ROLES:
        raise PermissionDenied(f"role {role_of(actor)!r} may not re-classify cases")


def reclassify_cases(*, actor=None, mapping_names=None) -> ReclassifyResult:
    """Move every case waiting under 其他 whose source name now maps to a category (see the module
    docstring), all in one transaction; returns what moved. mapping_names: only the names these
    mapping rows decide (the admin action on selected rows). actor None: the management command.

    Raises PermissionDenied for a role outside the office. Running it again changes nothing."""
    _check_actor(actor)
    result = ReclassifyResult()
    with transaction.atomic():
        targets = _targets(set(mapping_names) if mapping_names is not None else None)
        if not targets:
            return result
        calendar = reference.current()
        cases = list(
            Complaint.objects.select_for_update(of=("self",))
            .select_related("category")
            .filter(category__code=FALLBACK_CODE, source_category__in=targets)
            .order_by("id")
        )
        events, summons, now = [], [], timezone.now()
        for case in cases:
            note, departments = _move(case, targets[case.source_category], calendar, now)
            if departments:
                summons.append((case, departments))
            # A case not yet dispatched was routed again (redo_routing): the event names its new
            # handler, as intake's and a relocation's do, so the notify worker can tell them.
            holder = ComplaintEvent.handover(case) if case.status == Complaint.Status.RECEIVED else {}
            events.append(
                ComplaintEvent(
                    complaint=case, actor=actor, from_status=case.status, to_status=case.status, note=note, **holder
                )
            )
            result.by_category[case.category.name] = result.by_category.get(case.category.name, 0) + 1
        Complaint.objects.bulk_update(cases, _FIELDS)
        ComplaintEvent.objects.bulk_create(events)
        for case, departments in summons:
            summon(case, departments, actor, reason=case.sishi_reason)
        result.ids = [case.pk for case in cases]
        result.changed = len(cases)
        link_related(result.ids)
    return result
