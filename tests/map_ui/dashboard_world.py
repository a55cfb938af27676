"""A hand-built fortnight of cases over the analytics tests' 4 x 4 grid world, for the dashboard tests.

Every expected figure is computed in Python from the complaints planted here (their stored fields
read back), never typed in as a number.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from layers.models import Complaint
from layers.services.complaints import complaint_create
from tests.geometry import lonlat
from tests.layers.analytics.conftest import at, grid_world  # noqa: F401 (a fixture: this module is a plugin)

WINDOW = {"start": "2026-11-16", "end": "2026-11-30"}
START, END = at(16, 0), at(30, 0)
PREVIOUS = START - (END - START)


@dataclass
class World:
    cells: dict
    estates: dict
    communities: dict
    complaints: list

    def select(self, start=START, end=END, **fields) -> list[Complaint]:
        """The planted in-window complaints whose fields equal (or are in, for lists) the given values."""

        def matches(c):
            for name, wanted in fields.items():
                value = getattr(c, name)
                if value not in (wanted if isinstance(wanted, list) else [wanted]):
                    return False
            return start <= c.received_at < end

        return [c for c in self.complaints if matches(c)]


def _plant(x, y, received_at, category, channel, name="", **history) -> Complaint:
    lon, lat = lonlat(x, y)
    c, _created = complaint_create(
        actor=None,
        channel=channel,
        description=f"{category} 测试诉求",
        category_code=category,
        lon=lon,
        lat=lat,
        received_at=received_at,
        complainant_name=name,
        complainant_phone="13812345678" if name else "",
    )
    if history:
        Complaint.objects.filter(pk=c.pk).update(**history)
        c.refresh_from_db()
    return c


@pytest.fixture
def dashboard_world(grid_world):  # noqa: F811 (the fixture imported above, requested by name)
    hotline, patrol, wechat = (
        Complaint.Channel.HOTLINE_12345,
        Complaint.Channel.GRID_PATROL,
        Complaint.Channel.WECHAT_GROUP,
    )
    planted = []
    # A cluster of parking cases over the four south-west cells (estate E1 in the corner), hotline.
    for i in range(48):
        x, y = 60 + (i % 2) * 250 + (i % 8) * 10, 60 + (i // 2 % 2) * 250 + (i % 5) * 10
        planted.append(_plant(x, y, at(16 + i % 10), "a_parking", hotline, name="张三"))
    # Noise reported on patrol, one in each of six cells across the sub-district.
    for x, y in [(400, 400), (600, 600), (900, 100), (100, 900), (650, 350), (350, 650)]:
        planted.append(_plant(x, y, at(18), "a_noise", patrol))
    # Leaks in estate E2 from the WeChat group: two resolved fast and rated, two overdue.
    long_ago = timezone.now() - timedelta(days=1)
    for i in range(4):
        done = i < 2
        history = (
            {
                "status": Complaint.Status.RESOLVED,
                "responded_at": at(20, 11),
                "resolved_at": at(20, 15),
                "satisfaction": Complaint.Satisfaction.SATISFIED,
            }
            if done
            else {"status": Complaint.Status.DISPATCHED, "due_at": long_ago}
        )
        planted.append(_plant(850 + i * 10, 850, at(20), "a_leak", wechat, **history))
    # The previous fortnight: five cases, for the change against the previous window.
    for i in range(5):
        planted.append(_plant(300 + i * 10, 300, at(5 + i), "a_noise", hotline))
    return World(
        cells=grid_world["cells"],
        estates=grid_world["estates"],
        communities={"west": grid_world["west"], "east": grid_world["east"]},
        complaints=planted,
    )


def percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


def as_param(moment: datetime) -> str:
    return moment.date().isoformat()
