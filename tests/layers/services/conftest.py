"""A small world with every layer, and categories with known time limits, for the service tests."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from layers.models import Building, Category, GridCell, HousingProject, MilitaryZone
from tests.geometry import lonlat, rect


@pytest.fixture
def world(small_world):
    """small_world (west …001 / east …002) plus an estate with a building, four grid cells and a
    military zone. The sub-district ring carries the vertex (500, 1000) that both communities and
    the two northern grid cells share, so a point there lies exactly on their common border."""
    ring = [lonlat(x, y) for x, y in [(0, 0), (500, 0), (1000, 0), (1000, 1000), (500, 1000), (0, 1000), (0, 0)]]
    small_world["subdistrict"].geom = MultiPolygon(Polygon(ring), srid=4326)
    small_world["subdistrict"].save()
    west, east = small_world["west"], small_world["east"]
    estate = HousingProject.objects.create(
        code="E01", name="丰西路45号院", community=west, ownership="multi", geom=rect(10, 10, 200, 200)
    )
    building = Building.objects.create(code="E01-3", estate=estate, number="3", geom=rect(50, 50, 80, 80))
    cells = {
        "sw": GridCell.objects.create(code="110106021001001", community=west, geom=rect(0, 0, 500, 500)),
        "nw": GridCell.objects.create(code="110106021001002", community=west, geom=rect(0, 500, 500, 1000)),
        "se": GridCell.objects.create(code="110106021002001", community=east, geom=rect(500, 0, 1000, 500)),
        "ne": GridCell.objects.create(code="110106021002002", community=east, geom=rect(500, 500, 1000, 1000)),
    }
    zone = MilitaryZone.objects.create(code="M01", name="某部营区", kind="unit", geom=rect(600, 10, 900, 300))
    return {**small_world, "estate": estate, "building": building, "cells": cells, "zone": zone}


@pytest.fixture
def categories(db):
    """Test categories, independent of the data migration (a transactional test flushes it)."""
    specs = {
        "t_urgent": ("测试急事", "urgent", 2, "natural_hours"),
        "t_general": ("测试一般", "difficult", 7, "natural_days"),
        "t_workdays": ("测试工作日", "worrying", 3, "working_days"),
    }
    return {
        code: Category.objects.update_or_create(
            code=code,
            defaults={"name": name, "default_sishi_type": kind, "time_limit_amount": n, "time_limit_base": base},
        )[0]
        for code, (name, kind, n, base) in specs.items()
    }
