"""Fixtures for the case APIs (REST and Open311): a two-community world with staff of every kind.

Imported by the test modules that need them (a conftest here would be shared with other APIs);
the functions carry a _fixture suffix so the import does not shadow the tests' arguments.
West community (…001) has cells sw and nw, worked by alice; east (…002) has se and ne, worked by
bob. 城管科 (dept "D1") 包s the west community.
"""

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from rest_framework.test import APIClient

from layers.models import Building, Category, Department, GridCell, HousingProject, Role
from tests.geometry import lonlat, rect


@pytest.fixture(name="categories")
def categories_fixture(db):
    # update_or_create: a transactional test flushes the data migration's categories.
    specs = {
        "t_urgent": ("测试急事", "urgent", 2, "natural_hours"),
        "t_general": ("测试一般", "difficult", 7, "natural_days"),
    }
    return {
        code: Category.objects.update_or_create(
            code=code,
            defaults={"name": name, "default_sishi_type": kind, "time_limit_amount": n, "time_limit_base": base},
        )[0]
        for code, (name, kind, n, base) in specs.items()
    }


@pytest.fixture(name="cases_world")
def cases_world_fixture(small_world, categories, make_user):
    ring = [lonlat(x, y) for x, y in [(0, 0), (500, 0), (1000, 0), (1000, 1000), (500, 1000), (0, 1000), (0, 0)]]
    small_world["subdistrict"].geom = MultiPolygon(Polygon(ring), srid=4326)
    small_world["subdistrict"].save()
    west, east = small_world["west"], small_world["east"]
    department = Department.objects.create(code="D1", name="城管科")
    west.department = department
    west.save()
    users = {
        "alice": make_user(Role.GRID_WORKER, "alice", community=west),
        "bob": make_user(Role.GRID_WORKER, "bob", community=east),
        "cadre_east": make_user(Role.CADRE, "cadre_east", community=east),
        "dept": make_user(Role.DEPARTMENT, "dept", department=department),
        "leader": make_user(Role.LEADER, "leader"),
        "planner": make_user(Role.PLANNER, "planner"),
        "agency": make_user(Role.AGENCY, "agency"),
    }
    cells = {
        "sw": GridCell.objects.create(
            code="110106021001001", community=west, grid_worker=users["alice"], geom=rect(0, 0, 500, 500)
        ),
        "nw": GridCell.objects.create(
            code="110106021001002", community=west, grid_worker=users["alice"], geom=rect(0, 500, 500, 1000)
        ),
        "se": GridCell.objects.create(
            code="110106021002001", community=east, grid_worker=users["bob"], geom=rect(500, 0, 1000, 500)
        ),
        "ne": GridCell.objects.create(
            code="110106021002002", community=east, grid_worker=users["bob"], geom=rect(500, 500, 1000, 1000)
        ),
    }
    estate = HousingProject.objects.create(
        code="E01", name="丰西路45号院", community=west, ownership="multi", geom=rect(10, 10, 200, 200)
    )
    building = Building.objects.create(code="E01-3", estate=estate, number="3", geom=rect(50, 50, 80, 80))
    return {**small_world, **users, "cells": cells, "department": department, "estate": estate, "building": building}


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# Points (metres from the anchor) inside each grid cell.
WEST_POINT = (60, 60)  # sw cell, inside 丰西路45号院 building 3
EAST_POINT = (700, 300)  # se cell
