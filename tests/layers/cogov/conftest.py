"""A world for co-governance tests: two communities (west …001, east …002), an estate
(丰西路45号院) in the south-west cell, four grid cells, two departments and one user per role.

    north  nw (west, worker "nw")  | ne (east)
    south  sw (west, worker "sw")  | se (east)
    estate E01 at 10..200 m in sw; the sub-district is 0..1000 m square.
"""

import pytest

from layers.models import Category, Complaint, Department, GridCell, HousingProject, Role
from layers.services.complaints import complaint_create, complaint_transition
from tests.geometry import lonlat, rect


@pytest.fixture
def departments(db):
    return {
        "cgb": Department.objects.create(code="CGB", name="城市管理办公室"),
        "pajs": Department.objects.create(code="PAJS", name="平安建设办公室"),
    }


@pytest.fixture
def world(small_world, departments, make_user):
    west, east = small_world["west"], small_world["east"]
    west.department = departments["cgb"]
    west.save()
    east.department = departments["pajs"]
    east.save()
    estate = HousingProject.objects.create(
        code="E01", name="丰西路45号院", community=west, ownership="multi", geom=rect(10, 10, 200, 200)
    )
    workers = {
        "sw": make_user(Role.GRID_WORKER, "sw", community=west),
        "nw": make_user(Role.GRID_WORKER, "nw", community=west),
    }
    cells = {
        "sw": GridCell.objects.create(
            code="110106021001001", community=west, geom=rect(0, 0, 500, 500), grid_worker=workers["sw"]
        ),
        "nw": GridCell.objects.create(
            code="110106021001002", community=west, geom=rect(0, 500, 500, 1000), grid_worker=workers["nw"]
        ),
        "se": GridCell.objects.create(code="110106021002001", community=east, geom=rect(500, 0, 1000, 500)),
        "ne": GridCell.objects.create(code="110106021002002", community=east, geom=rect(500, 500, 1000, 1000)),
    }
    users = {
        "leader": make_user(Role.LEADER, "leader"),
        "planner": make_user(Role.PLANNER, "planner"),
        "cadre_west": make_user(Role.CADRE, "cadre_w", community=west),
        "cadre_east": make_user(Role.CADRE, "cadre_e", community=east),
        "dept_cgb": make_user(Role.DEPARTMENT, "dept_cgb", department=departments["cgb"]),
        "dept_pajs": make_user(Role.DEPARTMENT, "dept_pajs", department=departments["pajs"]),
        **workers,
    }
    return {**small_world, "estate": estate, "cells": cells, "users": users, "departments": departments}


@pytest.fixture
def categories(db):
    """Own test categories, independent of the data migration's (a transactional test flushes it)."""
    specs = {"t_parking": ("测试停车", "hoped"), "t_noise": ("测试噪音", "worrying")}
    return {
        code: Category.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "default_sishi_type": kind,
                "time_limit_amount": 7,
                "time_limit_base": "natural_days",
            },
        )[0]
        for code, (name, kind) in specs.items()
    }


@pytest.fixture
def make_case(world, categories):
    """make_case(east_m, north_m, category="t_parking", status="responded") through the product's
    intake and workflow, so cases carry their community, cell and estate as in production."""
    leader = world["users"]["leader"]

    def _make(east_m, north_m, category="t_parking", status=Complaint.Status.RESPONDED, **extra):
        lon, lat = lonlat(east_m, north_m)
        case, _created = complaint_create(
            actor=None, channel="hotline_12345", description="停车难", category_code=category, lon=lon, lat=lat, **extra
        )
        path = [Complaint.Status.DISPATCHED, Complaint.Status.RESPONDED, Complaint.Status.IN_PROGRESS]
        for step in path[: path.index(status) + 1] if status in path else []:
            complaint_transition(complaint=case, actor=leader, to_status=step)
        return case

    return _make
