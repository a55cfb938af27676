"""The page of one 协商议题: /topics/<code>/ (timeline, meetings, actions, summonses, outcome).

The places are drawn as an inline SVG sketch rather than a tiled map: the page must work
offline and print on one sheet for the 议事厅 notice board.
"""

import math

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from layers.analytics.topic_outcome import DEFAULT_DAYS, topic_outcome
from layers.i18n import localized, source_text
from layers.models import Category, TopicParticipant
from layers.selectors.cogovernance import topic_timeline, topics_visible

SKETCH_SIZE = 320
# What the outcome's before/after split is: TopicOutcome.pivot_source.
PIVOT_SOURCES = {
    "action_done": gettext_lazy("首个落实事项完成"),
    "first_meeting": gettext_lazy("第一次议事会"),
    "opened": pgettext_lazy("outcome split", "立项时间"),
    "given": gettext_lazy("指定日期"),
}


def _rings(geom):
    for polygon in geom:
        yield from polygon


def sketch(geom, points=(), size: int = SKETCH_SIZE) -> dict | None:
    """SVG path data of a WGS84 MultiPolygon (and dots for points) in a size x size box.

    Longitude is scaled by cos(latitude) so shapes keep their proportions at Beijing's latitude.
    """
    if geom is None or geom.empty:
        return None
    points = [p for p in points if p is not None]
    xs = [geom.extent[0], geom.extent[2], *(p.x for p in points)]
    ys = [geom.extent[1], geom.extent[3], *(p.y for p in points)]
    xmin, ymin, xmax, ymax = min(xs), min(ys), max(xs), max(ys)
    scale_x = math.cos(math.radians((ymin + ymax) / 2))
    span = max((xmax - xmin) * scale_x, ymax - ymin) or 1e-9
    pad = size * 0.05
    unit = (size - 2 * pad) / span

    def xy(lon, lat):
        return round(pad + (lon - xmin) * scale_x * unit, 1), round(pad + (ymax - lat) * unit, 1)

    parts = []
    for ring in _rings(geom):
        parts.append("M" + " L".join(f"{x},{y}" for x, y in (xy(lon, lat) for lon, lat in ring.coords)) + " Z")
    return {"size": size, "path": " ".join(parts), "dots": [dict(zip("xy", xy(p.x, p.y), strict=True)) for p in points]}


def _votes(votes: dict) -> str:
    counts = {"for": votes.get("for", 0), "against": votes.get("against", 0), "abstain": votes.get("abstain", 0)}
    return _("表决：赞成%(for)s 反对%(against)s 弃权%(abstain)s") % counts


def _attendee_type(value: str) -> str:
    """An attendee's type as recorded (a TopicParticipant.Type code or its Chinese label), in the reader's language."""
    types = TopicParticipant.Type
    if value in types.values:
        return str(types(value).label)
    by_source = {source_text(label): label for _code, label in types.choices}
    return str(by_source.get(value, value))


def _attendee(attendee: dict) -> str:
    if not attendee.get("type"):
        return attendee["name"]
    return _("%(type)s：%(name)s") % {"type": _attendee_type(attendee["type"]), "name": attendee["name"]}


def _meetings(topic) -> list[dict]:
    meetings = []
    for number, meeting in enumerate(topic.meetings.order_by("held_at", "id"), start=1):
        decisions = [
            {"text": d["text"], "votes": _votes(d["votes"]) if d.get("votes") else ""} for d in meeting.decisions
        ]
        attendees = _("、").join(_attendee(a) for a in meeting.attendees)
        meetings.append(
            {"title": _("第%(n)s次") % {"n": number}, "m": meeting, "decisions": decisions, "attendees": attendees}
        )
    return meetings


def _percent_change(comparison) -> float | None:
    if comparison is None or comparison.rate_ratio is None:
        return None
    return round((comparison.rate_ratio - 1) * 100)


def _verdict(comparison) -> str:
    if not comparison.significant:
        return _("变化在偶然波动范围内")
    if comparison.change == "decrease":
        return _("显著下降（超出偶然波动）")
    return _("显著上升（超出偶然波动）")


def _outcome_rows(outcome) -> list[dict]:
    english = dict(
        Category.objects.filter(code__in=[c.code for c in outcome.categories]).values_list("code", "name_en")
    )
    rows = [(localized(c.name, english.get(c.code)), c.comparison) for c in outcome.categories]
    if len(rows) > 1:
        rows.append((_("合计"), outcome.total))
    return [
        {"name": name, "c": c, "percent": _percent_change(c), "verdict": _verdict(c), "significant": c.significant}
        for name, c in rows
    ]


@login_required
def topic_page(request, code):
    topic = get_object_or_404(topics_visible(request.user), code=code)
    outcome = topic_outcome(topic, days=DEFAULT_DAYS)
    cases = list(topic.complaints.select_related("category").order_by("received_at"))
    after_days = (outcome.end - outcome.pivot).days
    context = {
        "topic": topic,
        "timeline": topic_timeline(topic),
        "meetings": _meetings(topic),
        "actions": topic.actions.select_related("owner_department", "meeting").order_by("due_date", "id"),
        "summonses": topic.summonses.select_related("department").order_by("summoned_at"),
        "participants": topic.participants.all(),
        "cases": cases,
        "sketch": sketch(topic.geom, [c.location for c in cases]),
        "outcome": outcome,
        "outcome_rows": _outcome_rows(outcome) if outcome.total is not None else [],
        "outcome_text": _(
            "以%(source)s（%(pivot)s）为界，比较前%(days)s天与后%(after_days)s天内，议题范围内同类诉求的数量。"
        )
        % {
            "source": PIVOT_SOURCES[outcome.pivot_source],
            "pivot": timezone.localtime(outcome.pivot).strftime("%Y-%m-%d"),
            "days": DEFAULT_DAYS,
            "after_days": after_days,
        },
        "now": timezone.now(),
    }
    return render(request, "map_ui/topic.html", context)
