"""Reads of co-governance: which topics and summonses a user may see, overdue summonses, and a
topic's timeline. Scoping follows layers/permissions.py (四包):
- leader, planner, agency, admin: everything;
- department staff: topics in the communities their department takes, or where their department
  sits at the table, owns an action or was summoned; summonses of their department;
- community cadre: topics touching their community (its places or its cases);
- grid worker: topics touching their cells (a topic's places intersect one of their cells, or one
  of its cases lies in one of their cells);
- anyone else: nothing.
"""

from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from layers.models import Complaint, GridCell, Role, Summons, Topic
from layers.permissions import WHOLE_SUBDISTRICT_ROLES, role_of


def _grid_worker_topics(user, queryset: QuerySet) -> QuerySet:
    cells = GridCell.objects.filter(grid_worker=user, geom__intersects=OuterRef("geom"))
    cases = Complaint.objects.filter(topics=OuterRef("pk"), grid_cell__grid_worker=user)
    return queryset.filter(Exists(cells) | Exists(cases))


def topics_visible(user, queryset: QuerySet | None = None) -> QuerySet:
    """Topics `user` may see (module docstring), without duplicates."""
    queryset = Topic.objects.all() if queryset is None else queryset
    role = role_of(user)
    if role in WHOLE_SUBDISTRICT_ROLES:
        return queryset
    if role == Role.GRID_WORKER:
        return _grid_worker_topics(user, queryset)
    if role == Role.CADRE:
        community = user.staff.community_id
        cases = Complaint.objects.filter(topics=OuterRef("pk"), community_id=community)
        places = Topic.communities.through.objects.filter(topic=OuterRef("pk"), community_id=community)
        return queryset.filter(Exists(places) | Exists(cases))
    if role == Role.DEPARTMENT:
        department = user.staff.department_id
        places = Topic.communities.through.objects.filter(topic=OuterRef("pk"), community__department_id=department)
        involved = Topic.objects.filter(
            Q(participants__department_id=department)
            | Q(actions__owner_department_id=department)
            | Q(summonses__department_id=department),
            pk=OuterRef("pk"),
        )
        return queryset.filter(Exists(places) | Exists(involved))
    return queryset.none()


def summonses_visible(user, queryset: QuerySet | None = None) -> QuerySet:
    """Summonses `user` may see: their department's, or those of cases and topics they may see."""
    queryset = Summons.objects.all() if queryset is None else queryset
    role = role_of(user)
    if role in WHOLE_SUBDISTRICT_ROLES:
        return queryset
    if role is None:
        return queryset.none()
    topics = topics_visible(user).filter(pk=OuterRef("topic_id"))
    if role == Role.DEPARTMENT:
        return queryset.filter(Q(department_id=user.staff.department_id) | Exists(topics))
    if role == Role.CADRE:
        return queryset.filter(Q(complaint__community_id=user.staff.community_id) | Exists(topics))
    if role == Role.GRID_WORKER:
        return queryset.filter(Q(complaint__grid_cell__grid_worker=user) | Exists(topics))
    return queryset.none()


def summonses_overdue(queryset: QuerySet | None = None, now: datetime | None = None) -> QuerySet:
    """Summonses whose department has not reported by the due time (逾期未报到)."""
    queryset = Summons.objects.all() if queryset is None else queryset
    return queryset.filter(reported_at__isnull=True, due_at__lt=now or timezone.now())


def _meeting_entries(topic: Topic) -> list[dict]:
    entries = []
    for number, meeting in enumerate(topic.meetings.order_by("held_at", "id"), start=1):
        place = meeting.place or _("地点未记录")
        text = _("第%(number)s次协商议事会（%(place)s）") % {"number": number, "place": place}
        entries.append({"at": meeting.held_at, "kind": "meeting", "text": text, "ref": meeting.pk})
    return entries


def _action_entries(topic: Topic) -> list[dict]:
    entries = []
    for action in topic.actions.all():
        if action.completed_at is not None:
            text = _("完成：%(action)s") % {"action": action.description}
            entries.append({"at": action.completed_at, "kind": "action_done", "text": text})
    return entries


def _summons_entries(topic: Topic) -> list[dict]:
    entries = []
    for summons in topic.summonses.select_related("department"):
        department = summons.department.localized_name
        text = _("吹哨：%(department)s") % {"department": department}
        entries.append({"at": summons.summoned_at, "kind": "summons", "text": text})
        if summons.reported_at is not None:
            text = _("报到：%(department)s（%(action)s）") % {"department": department, "action": summons.action}
            entries.append({"at": summons.reported_at, "kind": "report", "text": text})
    return entries


def topic_timeline(topic: Topic) -> list[dict]:
    """Everything that happened to a topic, oldest first: opened, meetings, actions done,
    summonses and reports, done. Each entry: at, kind, text (in the active language; the topic's own
    words, such as its title, as recorded)."""
    entries = [{"at": topic.opened_at, "kind": "opened", "text": _("立项：%(title)s") % {"title": topic.title}}]
    entries += _meeting_entries(topic) + _action_entries(topic) + _summons_entries(topic)
    if topic.done_at is not None:
        entries.append({"at": topic.done_at, "kind": "done", "text": _("议题办结")})
    return sorted(entries, key=lambda e: (e["at"], e["kind"] != "opened"))
