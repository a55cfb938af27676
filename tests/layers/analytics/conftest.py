"""A 4 x 4 grid of 250 m cells over small_world, two estates, households, departments, categories.

Complaints are created through complaint_create (the one intake path); their later history
(responded, resolved, satisfaction …) is then set with QuerySet.update, because the workflow
service stamps timezone.now() and these tests need a month in the past with exact times.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from layers.models import Category, Complaint, Department, GridCell, HousingProject
from layers.services.complaints import complaint_create
from tests.geometry import lonlat, rect

BEIJING = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int = 10, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, tzinfo=BEIJING)


@pytest.fixture
def grid_world(small_world):
    west, east = small_world["west"], small_world["east"]
    dept_a = Department.objects.create(code="D1", name="城市管理办公室")
    dept_b = Department.objects.create(code="D2", name="社区建设办公室")
    west.households, west.department = 2000, dept_a
    east.households, east.department = 500, dept_b
    west.save()
    east.save()
    cells = {}
    for row in range(4):
        for col in range(4):
            community = west if col < 2 else east
            # Sequence numbered west -> east, then north -> south inside the community (DB11/T 2157).
            seq = (3 - row) * 2 + (col % 2) + 1
            code = f"{community.code}{seq:03d}"
            cells[(row, col)] = GridCell.objects.create(
                code=code, community=community, geom=rect(col * 250, row * 250, (col + 1) * 250, (row + 1) * 250)
            )
    estates = {
        "E1": HousingProject.objects.create(
            code="E1",
            name="丰西路45号院",
            community=west,
            ownership="multi",
            households=400,
            geom=rect(20, 20, 230, 230),
        ),
        "E2": HousingProject.objects.create(
            code="E2",
            name="东安街小区",
            community=east,
            ownership="single",
            households=100,
            geom=rect(770, 770, 980, 980),
        ),
    }
    categories = {
        code: Category.objects.update_or_create(
            code=code,
            defaults={"name": name, "default_sishi_type": kind, "time_limit_amount": n, "time_limit_base": base},
        )[0]
        for code, name, kind, n, base in [
            ("a_parking", "停车难", "hoped", 7, "natural_days"),
            ("a_leak", "房屋漏雨", "urgent", 24, "natural_hours"),
            ("a_noise", "噪音扰民", "difficult", 7, "natural_days"),
            ("a_unreasonable", "不合理诉求", "difficult", 7, "natural_days"),
        ]
    }
    return {**small_world, "cells": cells, "estates": estates, "categories": categories, "depts": (dept_a, dept_b)}


@pytest.fixture
def new_complaint(grid_world):
    """new_complaint(x, y, received_at, category="a_noise", description=..., **history) -> Complaint."""

    def _make(x, y, received_at, category="a_noise", description="楼下噪音扰民", **history):
        lon, lat = lonlat(x, y)
        c, _created = complaint_create(
            actor=None,
            channel=Complaint.Channel.HOTLINE_12345,
            description=description,
            category_code=category,
            lon=lon,
            lat=lat,
            received_at=received_at,
        )
        if history:
            Complaint.objects.filter(pk=c.pk).update(**history)
            c.refresh_from_db()
        return c

    return _make
