"""A hand-built world for the planners' pages in a browser: four estates with infrastructure cases.

一院 and 二院 lie 50 m apart in the south-west (one package under the default 300 m); 三院 and 四院
sit 650 m and more away from every other estate. Each estate gets its own number of roof-leak cases
(房屋修缮/漏雨) in the period, plus noise cases, which are not infrastructure and must not count.
renovated_world is one estate renovated in late 2025, with far fewer roof leaks after the works, and
one never worked on (the control) with as many after as before.
"""

import importlib
from datetime import date, datetime, timedelta

import pytest
from django.apps import apps
from django.contrib.gis.db.models.functions import Centroid

from layers.models import Category, Complaint, HousingProject
from tests.geometry import rect

PERIOD = {"start": "2026-01-01", "end": "2026-10-31"}
# code: (name, box in metres from the anchor, households, infrastructure cases in the period)
ESTATES = {
    "P1": ("测试一院", (50, 50, 150, 150), 200, 12),
    "P2": ("测试二院", (200, 50, 300, 150), 300, 9),
    "P3": ("测试三院", (50, 800, 150, 900), 250, 4),
    "P4": ("测试四院", (800, 800, 900, 900), 400, 2),
}


@pytest.fixture
def categories(transactional_db):
    # live_server tests empty every table afterwards, the categories of data migrations 0003 and 0014 too.
    importlib.import_module("layers.migrations.0003_categories").load_categories(apps, None)
    importlib.import_module("layers.migrations.0016_english_names").fill_category_names(apps, None)


def _cases(category, estate, n, first: datetime) -> list[Complaint]:
    where = HousingProject.objects.annotate(c=Centroid("geom")).get(pk=estate.pk).c
    return [
        Complaint(
            channel="hotline_12345",
            description="测试诉求",
            category=category,
            sishi_type="difficult",
            location=where,
            housing_project=estate,
            community=estate.community,
            received_at=first + timedelta(days=5 * i),
        )
        for i in range(n)
    ]


@pytest.fixture
def planner_world(categories, small_world):
    repair, noise = Category.objects.get(code="housing_repair"), Category.objects.get(code="noise")
    first = datetime.fromisoformat("2026-03-01T10:00:00+08:00")
    cases, estates = [], {}
    for code, (name, box, households, infra) in ESTATES.items():
        community = small_world["west"] if box[0] < 500 else small_world["east"]
        estate = HousingProject.objects.create(
            code=code,
            name=name,
            community=community,
            ownership="single",
            households=households,
            property_company="测试物业",
            build_year=1990,
            is_old_estate=True,
            geom=rect(*box),
        )
        estates[code] = estate
        cases += _cases(repair, estate, infra, first)
        cases += _cases(noise, estate, 3, first)
    Complaint.objects.bulk_create(cases)
    return estates


# Works on 更新院 from September to December 2025: roof leaks every 10 days before, one after.
RENOVATED = ("R1", "测试更新院", (600, 300, 700, 400), 300)
WORKS = (date(2025, 9, 1), date(2025, 12, 31))
LEAKS_BEFORE, LEAKS_AFTER = 24, 1
CONTROL_BOX, CONTROL_LEAKS = (100, 300, 200, 400), 10


@pytest.fixture
def renovated_world(categories, small_world):
    code, name, box, households = RENOVATED
    estate = HousingProject.objects.create(
        code=code,
        name=name,
        community=small_world["east"],
        ownership="multi",
        households=households,
        renovation=HousingProject.Renovation.DONE,
        renovation_start=WORKS[0],
        renovation_end=WORKS[1],
        geom=rect(*box),
    )
    repair = Category.objects.get(code="housing_repair")
    before = _cases(repair, estate, LEAKS_BEFORE, datetime.fromisoformat("2025-01-05T09:00:00+08:00"))
    after = _cases(repair, estate, LEAKS_AFTER, datetime.fromisoformat("2026-03-10T09:00:00+08:00"))
    # The control: an estate never worked on, with as many roof leaks after the works' dates as before.
    control = HousingProject.objects.create(
        code="C1",
        name="测试对照院",
        community=small_world["west"],
        ownership="single",
        households=300,
        geom=rect(*CONTROL_BOX),
    )
    before += _cases(repair, control, CONTROL_LEAKS, datetime.fromisoformat("2025-02-01T09:00:00+08:00"))
    after += _cases(repair, control, CONTROL_LEAKS, datetime.fromisoformat("2026-01-10T09:00:00+08:00"))
    Complaint.objects.bulk_create(before + after)
    return estate
