"""Which rows an export or feed returns: complaint filters, bbox, datetime interval, paging.

Shared by the export command, the download API, the OGC API and the fast GeoJSON endpoints, so
`status=closed` means the same thing everywhere. Bad values raise ValueError naming the
parameter and what was expected; nothing is queried with a half-understood filter.
"""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from layers.crs import WGS84
from layers.models import Area, Category, Community, Complaint
from layers.moments import local_moment

COMPLAINT_PARAMS = ("since", "until", "category", "status", "community", "area")


def _instant(name: str, value: str) -> datetime:
    """RFC 3339 date-time, or a plain date meaning its local midnight (what a person types)."""
    parsed = parse_datetime(value)
    if parsed is None and parse_date(value) is not None:
        parsed = datetime.combine(parse_date(value), time.min)
    if parsed is None:
        raise ValueError(f"{name}: {value!r} is not a date (2026-01-31) or date-time (2026-01-31T08:00:00+08:00)")
    return _in_range(name, parsed)


def _in_range(name: str, moment: datetime) -> datetime:
    try:
        return local_moment(moment)
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from None


def _codes(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _known(name: str, wanted: list[str], known: set[str]) -> list[str]:
    unknown = [v for v in wanted if v not in known]
    if unknown:
        raise ValueError(f"{name}: unknown {', '.join(unknown)}; expected one of: {', '.join(sorted(known))}")
    return wanted


@dataclass(frozen=True)
class ComplaintFilters:
    """Complaint filters: received in [since, until), category (or its parent), status, community, area."""

    since: datetime | None = None
    until: datetime | None = None
    categories: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    community: str | None = None
    area: str | None = None

    @classmethod
    def parse(cls, params) -> "ComplaintFilters":
        """From strings (a QueryDict or the command's options); comma-separated lists allowed."""
        get = params.get
        since = _instant("since", get("since")) if get("since") else None
        until = _instant("until", get("until")) if get("until") else None
        if since and until and since >= until:
            raise ValueError(f"since ({get('since')}) must be before until ({get('until')})")
        categories = _known("category", _codes(get("category")), set(Category.objects.values_list("code", flat=True)))
        statuses = _known("status", _codes(get("status")), set(Complaint.Status.values))
        community = get("community") or None
        if community and not Community.objects.filter(code=community).exists():
            raise ValueError(f"community: no community with code {community!r}")
        area = get("area") or None
        if area and not Area.objects.filter(code=area).exists():
            raise ValueError(f"area: no area (片区) with code {area!r}")
        return cls(since, until, tuple(categories), tuple(statuses), community, area)

    def clauses(self):
        if self.since:
            yield "t.received_at >= %s", [self.since]
        if self.until:
            yield "t.received_at < %s", [self.until]
        if self.categories:
            yield "cat.code = ANY(%s) OR pcat.code = ANY(%s)", [list(self.categories), list(self.categories)]
        if self.statuses:
            yield "t.status = ANY(%s)", [list(self.statuses)]
        if self.community:
            yield "c.code = %s", [self.community]
        if self.area:
            yield (
                "t.community_id IN (SELECT ac.community_id FROM layers_area_communities ac "
                "JOIN layers_area a ON a.id = ac.area_id WHERE a.code = %s)",
                [self.area],
            )


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """bbox=minlon,minlat,maxlon,maxlat (CRS84), as in OGC API Features."""
    try:
        numbers = [float(v) for v in value.split(",")]
    except ValueError:
        numbers = []
    if len(numbers) != 4 or numbers[0] > numbers[2] or numbers[1] > numbers[3]:
        raise ValueError(f"bbox: {value!r} is not minlon,minlat,maxlon,maxlat")
    return tuple(numbers)


def parse_interval(value: str) -> tuple[datetime | None, datetime | None, bool]:
    """RFC 3339 instant or interval with open ends ("..", or empty): (start, end, is_instant)."""
    if "/" not in value:
        instant = _strict("datetime", value)
        return instant, instant, True
    start, _, end = value.partition("/")
    start = None if start in ("", "..") else _strict("datetime", start)
    end = None if end in ("", "..") else _strict("datetime", end)
    if start is None and end is None:
        raise ValueError("datetime: an interval needs at least one end ('../..' means no filter: omit it)")
    if start and end and start > end:
        raise ValueError(f"datetime: {value!r} ends before it starts")
    return start, end, False


def _strict(name: str, value: str) -> datetime:
    parsed = parse_datetime(value)
    if parsed is None or timezone.is_naive(parsed):
        raise ValueError(f"{name}: {value!r} is not an RFC 3339 date-time with offset (2026-01-31T08:00:00Z)")
    return _in_range(name, parsed)


@dataclass(frozen=True)
class LayerQuery:
    """Everything that narrows a layer read; empty means the whole layer."""

    complaints: ComplaintFilters | None = None
    bbox: tuple[float, float, float, float] | None = None
    interval: tuple[datetime | None, datetime | None, bool] | None = None
    fid: str | None = None
    limit: int | None = None
    offset: int = 0
    extra: dict = field(default_factory=dict)

    def clauses(self, layer):
        if self.complaints and layer.complaint:
            yield from self.complaints.clauses()
        if self.bbox:
            yield f"ST_Intersects({layer.geom}, ST_MakeEnvelope(%s, %s, %s, %s, {WGS84}))", list(self.bbox)
        if self.interval and layer.temporal:
            start, end, instant = self.interval
            if instant:
                yield f"{layer.temporal} = %s", [start]
            else:
                if start:
                    yield f"{layer.temporal} >= %s", [start]
                if end:
                    yield f"{layer.temporal} <= %s", [end]
        if self.fid is not None:
            yield f"{layer.id_sql}::text = %s", [self.fid]

    def page_sql(self) -> str:
        limit = f" LIMIT {int(self.limit)}" if self.limit is not None else ""
        return f"{limit} OFFSET {int(self.offset)}" if self.offset else limit
