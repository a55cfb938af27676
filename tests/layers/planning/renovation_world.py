"""A hand-built set of four estates and their complaints for the renovation ranking, worked by hand.

Period 2026-01-01..2026-04-30 (months of 31, 28, 31, 30 days). Infrastructure complaints
(房屋修缮/漏雨 and 道路/路面) per estate and month, and what else is on record:

| estate | households | Jan Feb Mar Apr | repeats | open | built | owners | property | renovation |
|---|---|---|---|---|---|---|---|---|
| A | 200 | 1 2 3 4 (10) | 3 (2 marked, 1 later case of a related link) | 4 | 1976 | 2, multi | none | none |
| B | 100 | 2 1 0 0 (3)  | 0 | 1 | 2001 | 1 | 物业甲 | none |
| C | 400 | 4 4 0 0 (8)  | 0 | 0 | 1986 | 1, military | 营房物业 | done |
| D |  50 | 0 0 0 0 (0)  | 0 | 0 | unknown | none | 物业乙 | none |

Must not count: A's confirmed duplicate, A's noise complaint, A's case of 2025-12-31 23:30 and of
2026-05-01 00:10 (Beijing time); A's last April case at 2026-04-30 23:30 counts (the end day is included).
"""

from datetime import date, datetime, timedelta

import pytest

from layers.models import Category, Complaint, ComplaintLink, HousingProject, OwnerUnit
from tests.geometry import point, rect

PERIOD = (date(2026, 1, 1), date(2026, 4, 30))
WEIGHTS = {
    "infra_rate": 0.30,
    "trend": 0.10,
    "repeat": 0.15,
    "unresolved": 0.10,
    "age": 0.15,
    "ownership": 0.10,
    "no_management": 0.10,
}
MONTH_STARTS = [datetime.fromisoformat(f"2026-{m:02d}-05T10:00:00+08:00") for m in (1, 2, 3, 4)]


def local(text: str) -> datetime:
    return datetime.fromisoformat(f"{text}+08:00")


def _estate(world, code, box, households, **fields):
    owners = fields.pop("owners", [])
    estate = HousingProject.objects.create(
        code=code,
        name=f"测试{code}号院",
        community=world["west"] if box[0] < 500 else world["east"],
        households=households,
        geom=rect(*box),
        **fields,
    )
    estate.owner_units.set([OwnerUnit.objects.get_or_create(name=name)[0] for name in owners])
    return estate


def case(estate, category, received_at, status="closed", **fields) -> Complaint:
    where = estate.geom.point_on_surface if estate is not None else point(950, 950)
    return Complaint.objects.create(
        channel="hotline_12345",
        description="屋顶漏雨，楼道路面破损",
        category=category,
        sishi_type="difficult",
        location=where,
        housing_project=estate,
        received_at=received_at,
        status=status,
        **fields,
    )


ESTATE_BOXES = {
    "A": (20, 20, 180, 180),
    "B": (220, 20, 380, 180),
    "C": (520, 20, 680, 180),
    "D": (720, 20, 880, 180),
}
OPEN = ["received", "in_progress", "ledger", "escalated"]


def _monthly(estate, categories, per_month, statuses=None):
    statuses = list(statuses or [])
    made = []
    for month_start, n in zip(MONTH_STARTS, per_month, strict=True):
        for i in range(n):
            status = statuses.pop(0) if statuses else "closed"
            made.append(case(estate, categories[i % 2], month_start + timedelta(days=i), status))
    return made


@pytest.fixture
def renovation_world(small_world):
    repair, roads = Category.objects.get(code="housing_repair"), Category.objects.get(code="roads")
    noise = Category.objects.get(code="noise")
    a = _estate(small_world, "A", ESTATE_BOXES["A"], 200, ownership="multi", build_year=1976, owners=["甲厂", "乙厂"])
    b = _estate(
        small_world, "B", ESTATE_BOXES["B"], 100, ownership="single", build_year=2001, owners=["甲厂"],
        property_company="物业甲",
    )  # fmt: skip
    c = _estate(
        small_world, "C", ESTATE_BOXES["C"], 400, ownership="single", build_year=1986, owners=["营房处"],
        property_company="营房物业", is_military_property=True, renovation="done",
        renovation_start=date(2026, 3, 1), renovation_end=date(2026, 4, 30),
    )  # fmt: skip
    d = _estate(small_world, "D", ESTATE_BOXES["D"], 50, ownership="single", property_company="物业乙")
    # A: the last case of April is late on the 30th (Beijing time), inside the period.
    a_cases = _monthly(a, [repair, roads], [1, 2, 3, 3], OPEN + ["returned"])
    a_cases.append(case(a, repair, local("2026-04-30T23:30:00")))
    Complaint.objects.filter(pk__in=[a_cases[3].pk, a_cases[6].pk]).update(is_repeat=True)
    ComplaintLink.objects.create(primary=a_cases[0], other=a_cases[4], days_apart=40)
    case(a, repair, local("2026-02-10T09:00:00"), duplicate_of=a_cases[1])
    case(a, noise, local("2026-02-11T09:00:00"))
    case(a, repair, local("2025-12-31T23:30:00"))
    case(a, repair, local("2026-05-01T00:10:00"))
    _monthly(b, [repair, roads], [2, 1, 0, 0], ["received"])
    _monthly(c, [repair, roads], [4, 4, 0, 0])
    return {"A": a, "B": b, "C": c, "D": d}
