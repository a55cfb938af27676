"""四事四办: the suggested handling type of a case, from the rules kept as data (SishiRule).

Active rules are tried in priority order and the first that matches decides; a case no rule
matches keeps its category's default type. The reason is always written (sishi_reason), and a
staff override (complaint_set_sishi) keeps the suggestion it replaced beside its own reason.
A repeat (回头件) is marked whichever rule wins: an urgent repeat is still a repeat.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from layers.i18n import source_text
from layers.models import Complaint, ComplaintEvent, SishiRule, SishiType, Summons
from layers.models.staff import person_name
from layers.permissions import OFFICE_ROLES, role_of
from layers.services import reference
from layers.services.complaint_input import check_choice, clean_text

# How long a summoned department has to report (吹哨报到), unless a caller says otherwise.
SUMMONS_HOURS = 24


@dataclass
class Suggestion:
    """The outcome of the rules for one case: type, reason, 回头件, departments to summon."""

    sishi_type: str
    reason: str
    is_repeat: bool = False
    summon_department_ids: list[int] = field(default_factory=list)


def _keyword(rule: SishiRule, text: str) -> str | None:
    return next((word for word in rule.keywords if word and word in text), None)


def _window(rule: SishiRule) -> int:
    return rule.window_days or 30


def repeat_windows(rules) -> list[int]:
    """The windows (days) the repeat rules count over, for a caller that counts them in advance."""
    return sorted({_window(rule) for rule in rules if rule.kind == SishiRule.Kind.REPEAT})


def _same_estate_count(complaint, rule: SishiRule, counted: dict[int, int] | None = None) -> int:
    """Cases of the same category at the same estate within the window, this one included.

    `counted` (window -> earlier cases, e.g. from the intake lookup) saves the query."""
    if complaint.housing_project_id is None:
        return 0
    if counted and _window(rule) in counted:
        return counted[_window(rule)] + 1
    since = complaint.received_at - timedelta(days=_window(rule))
    earlier = Complaint.objects.filter(
        category_id=complaint.category_id,
        housing_project_id=complaint.housing_project_id,
        received_at__gte=since,
        received_at__lte=complaint.received_at,
    )
    if complaint.pk is not None:
        earlier = earlier.exclude(pk=complaint.pk)
    return earlier.count() + 1


def involved_departments(complaint, rule: SishiRule | None = None) -> list[int]:
    """Departments a case involves: its category's, its community's 包片, its assigned one, the rule's."""
    community = complaint.community
    ids = [
        complaint.category.department_id,
        community.department_id if community is not None else None,
        complaint.assigned_department_id,
    ]
    if rule is not None and rule.pk is not None:
        ids += [department.id for department in rule.departments.all()]  # prefetched by suggest()
    return sorted({i for i in ids if i is not None})


def _match(rule: SishiRule, complaint, counted=None) -> tuple[str, list[int]] | None:
    """(why, departments to summon) when the rule matches the case, else None."""
    text = complaint.description
    if rule.kind in (SishiRule.Kind.KEYWORD, SishiRule.Kind.CO_GOVERNANCE):
        word = _keyword(rule, text)
        return (f"诉求含“{word}”", []) if word else None
    if rule.kind == SishiRule.Kind.REPEAT:
        count = _same_estate_count(complaint, rule, counted)
        if count >= (rule.threshold or 3):
            estate = complaint.housing_project.name
            return f"{estate}{_window(rule)}天内同类诉求第{count}次（回头件）", []
        return None
    word = _keyword(rule, text) if rule.keywords else ""
    if word is None:
        return None
    departments = involved_departments(complaint, rule)
    if len(departments) < (rule.threshold or 2):
        return None
    because = f"诉求含“{word}”，" if word else ""
    return f"{because}涉及{len(departments)}个科室，吹哨报到", departments


def suggest(complaint, rules=None, counted=None) -> Suggestion:
    """The suggested 四事四办 type for a case (not saved): first matching active rule, else the default.

    `counted`: the repeat counts already known (window days -> earlier cases at the estate)."""
    rules = reference.current().rules if rules is None else rules
    suggestion = None
    is_repeat = False
    for rule in rules:
        found = _match(rule, complaint, counted)
        if found is None:
            continue
        is_repeat = is_repeat or rule.kind == SishiRule.Kind.REPEAT
        if suggestion is None:
            why, departments = found
            label = source_text(SishiType(rule.target_type).label)
            suggestion = Suggestion(rule.target_type, f"规则「{rule.name}」：{why} → {label}", False, departments)
        elif rule.kind == SishiRule.Kind.REPEAT:
            suggestion.reason += f"；另：{found[0]}"
    if suggestion is None:
        category = complaint.category
        default = SishiType(category.default_sishi_type)
        label = source_text(default.label)
        suggestion = Suggestion(default.value, f"未命中规则，按分类「{category.name}」默认：{label}")
    suggestion.is_repeat = is_repeat
    return suggestion


def apply_suggestion(complaint, rules=None, counted=None) -> Suggestion:
    """Set sishi_type, sishi_reason and is_repeat on the complaint (not saved)."""
    found = suggest(complaint, rules, counted)
    complaint.sishi_type = found.sishi_type
    complaint.sishi_reason = found.reason
    complaint.is_repeat = found.is_repeat
    complaint.sishi_overridden = False
    return found


def summon(complaint, department_ids, actor=None, reason: str = "", hours: int = SUMMONS_HOURS) -> int:
    """吹哨: summon each department to report for the case; a department already summoned is not
    summoned twice. Returns how many summonses were created."""
    now = timezone.now()
    rows = [
        Summons(
            complaint=complaint,
            department_id=department_id,
            reason=reason,
            summoned_by=actor,
            summoned_at=now,
            due_at=now + timedelta(hours=hours),
        )
        for department_id in department_ids
    ]
    before = Summons.objects.filter(complaint=complaint).count()
    Summons.objects.bulk_create(rows, ignore_conflicts=True)
    return Summons.objects.filter(complaint=complaint).count() - before


def complaint_set_sishi(*, complaint, actor, sishi_type, reason) -> Complaint:
    """Staff override of the 四事四办 type, with the reason shown beside the suggestion it replaces.

    Raises PermissionDenied for roles that do not dispatch, ValidationError for an unknown type or
    a missing reason (nothing is changed). Setting 愁事 summons every department the case involves.
    The change is recorded in the event log (status unchanged).
    """
    sishi_type = check_choice(sishi_type, "sishi_type", SishiType)
    reason = clean_text(reason, "reason", required=True)
    role = role_of(actor) if actor is not None else None
    # The handling type is the 接诉即办 office's decision, as dispatch is.
    if role not in OFFICE_ROLES:
        raise PermissionDenied(f"role {role!r} may not change the 四事四办 type")
    label = source_text(SishiType(sishi_type).label)
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        previous = locked.sishi_reason
        locked.sishi_type = sishi_type
        locked.sishi_overridden = True
        locked.sishi_reason = f"{person_name(actor)}调整为{label}：{reason}（原：{previous}）"
        locked.save(update_fields=["sishi_type", "sishi_overridden", "sishi_reason", "updated_at"])
        if sishi_type == SishiType.WORRYING:
            summon(locked, involved_departments(locked), actor, reason=f"愁事吹哨：{reason}")
        ComplaintEvent.record_step(locked, actor, f"四事四办调整为{label}：{reason}")
    complaint.refresh_from_db()
    return complaint
