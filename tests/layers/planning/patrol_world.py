"""A world for patrol plans: small_world cut into 100 m grid cells, three grid workers, a planted
cluster of complaints in worker 李's cells, and estates with overdue and repeat cases.

Layout (metres east/north of the anchor): the west community (x < 500) is split between 李 (y < 500)
and 王 (y >= 500); 张 has the whole east community. The cluster: 12 complaints in each of the 3 x 3
cells from (100, 100) to (400, 400); every other cell has one, so the counts vary and Gi* has a
baseline. Plan date Friday 2026-11-27; the hotspot window is the 28 days before it.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from layers.models import Category, Complaint, GridCell, HousingProject
from tests.geometry import point, rect

BEIJING = ZoneInfo("Asia/Shanghai")
PLAN_DAY = date(2026, 11, 27)
IN_WINDOW = datetime(2026, 11, 20, 10, tzinfo=BEIJING)
CLUSTER = {(c, r) for c in (1, 2, 3) for r in (1, 2, 3)}


def cell_code(world, col: int, row: int) -> str:
    community = world["west"] if col < 5 else world["east"]
    # Sequence west -> east, then north -> south inside the community (DB11/T 2157).
    return f"{community.code}{(9 - row) * 5 + col % 5 + 1:03d}"


def _complaint(category, cell, x, y, received_at, **fields) -> Complaint:
    return Complaint(
        channel="hotline",
        description="测试诉求",
        category=category,
        sishi_type="hoped",
        location=point(x, y),
        received_at=received_at,
        grid_cell=cell,
        community=cell.community,
        **fields,
    )


def _estates(world, category, cells) -> list[Complaint]:
    west, east = world["west"], world["east"]
    e1 = HousingProject.objects.create(
        code="E1", name="丰西路45号院", community=west, ownership="multi", geom=rect(10, 410, 90, 490)
    )
    e2 = HousingProject.objects.create(
        code="E2", name="东安街小区", community=east, ownership="single", geom=rect(810, 810, 890, 890)
    )
    e3 = HousingProject.objects.create(
        code="E3", name="岳各庄小区", community=east, ownership="single", geom=rect(610, 110, 690, 190)
    )
    late = datetime(2026, 11, 20, 10, tzinfo=BEIJING)
    rows = [
        # E1 (李): two open cases past their limit -> three times a week.
        *(
            _complaint(
                category,
                cells[(0, 4)],
                50,
                450,
                late - timedelta(days=9),
                housing_project=e1,
                status="dispatched",
                due_at=late - timedelta(days=2),
            )
            for _ in range(2)
        ),
        # E1: a resolved late case does not count.
        _complaint(
            category,
            cells[(0, 4)],
            50,
            450,
            late - timedelta(days=9),
            housing_project=e1,
            status="resolved",
            due_at=late - timedelta(days=2),
        ),
        # E2 (张): three repeat cases in the window -> weekly.
        *(
            _complaint(category, cells[(8, 8)], 850, 850, IN_WINDOW, housing_project=e2, is_repeat=True)
            for _ in range(3)
        ),
        # E3 (张): one repeat case only -> not flagged; an overdue case due after the plan day -> not late yet.
        _complaint(category, cells[(6, 1)], 650, 150, IN_WINDOW, housing_project=e3, is_repeat=True),
        _complaint(
            category,
            cells[(6, 1)],
            650,
            150,
            IN_WINDOW,
            housing_project=e3,
            status="dispatched",
            due_at=datetime(2026, 11, 30, tzinfo=BEIJING),
        ),
    ]
    return rows


@pytest.fixture
def patrol_world(small_world, make_user):
    west, east = small_world["west"], small_world["east"]
    li = make_user("grid_worker", username="li", display_name="李网格", community=west)
    wang = make_user("grid_worker", username="wang", display_name="王网格", community=west)
    zhang = make_user("grid_worker", username="zhang", display_name="张网格", community=east)
    cells = {}
    for col in range(10):
        for row in range(10):
            worker = zhang if col >= 5 else (li if row < 5 else wang)
            cells[(col, row)] = GridCell.objects.create(
                code=cell_code(small_world, col, row),
                community=west if col < 5 else east,
                grid_worker=worker,
                geom=rect(col * 100, row * 100, (col + 1) * 100, (row + 1) * 100),
            )
    category = Category.objects.order_by("code").first()
    rows = []
    for (col, row), cell in cells.items():
        n = 12 if (col, row) in CLUSTER else 1
        rows += [
            _complaint(category, cell, col * 100 + 50, row * 100 + 50, IN_WINDOW, status="closed") for _ in range(n)
        ]
    # Outside the window (a month earlier): must not make cells in 王's area hot.
    rows += [
        _complaint(category, cells[(2, 7)], 250, 750, IN_WINDOW - timedelta(days=40), status="closed")
        for _ in range(30)
    ]
    rows += _estates(small_world, category, cells)
    Complaint.objects.bulk_create(rows)
    return {**small_world, "cells": cells, "li": li, "wang": wang, "zhang": zhang}
