"""The hand-built layout of test_packages_pure.py stored in PostGIS, with its complaints.

Each estate gets as many infrastructure complaints (房屋修缮/漏雨) in 2026 as its infra_count in
LAYOUT; on top: 10 infrastructure complaints off any estate (so total_infra = 50 + 10 + J's 30 = 90),
noise complaints, complaints of 2025, 3 outside the sub-district and 2 confirmed duplicates that
must not count, and estate J, adjacent to A with 30
infrastructure complaints but renovated already (done), so no package may take it.
"""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.gis.db.models.functions import Centroid

from layers.models import Category, Complaint, HousingProject
from tests.geometry import point, rect
from tests.layers.planning.test_packages_pure import LAYOUT

PERIOD = (date(2026, 1, 1), date(2026, 10, 31))
HAND_TOTAL_INFRA = 90
J_RECT, J_INFRA = (-150, 0, -50, 100), 30


def _cases(category, estate, where, n, first: datetime):
    return [
        Complaint(
            channel="hotline_12345",
            description="屋顶漏雨",
            category=category,
            sishi_type="difficult",
            location=where,
            housing_project=estate,
            received_at=first + timedelta(days=3 * i),
        )
        for i in range(n)
    ]


@pytest.fixture
def packages_world(small_world):
    repair, noise = Category.objects.get(code="housing_repair"), Category.objects.get(code="noise")
    tz_first = datetime.fromisoformat("2026-02-01T10:00:00+08:00")
    cases = []
    estates = {}
    rows = [(code, spec[0], spec[1], spec[3], "none") for code, spec in LAYOUT.items()]
    rows.append(("J", J_RECT, J_INFRA, 300, HousingProject.Renovation.DONE))
    for code, box, infra, households, renovation in rows:
        estate = HousingProject.objects.create(
            code=f"T-{code}",
            name=f"测试{code}院",
            community=small_world["west"],
            ownership="single",
            households=households,
            renovation=renovation,
            geom=rect(*box),
        )
        estates[code] = estate
        where = HousingProject.objects.annotate(c=Centroid("geom")).get(pk=estate.pk).c
        cases += _cases(repair, estate, where, infra, tz_first)
        cases += _cases(noise, estate, where, 2, tz_first)
        cases += _cases(repair, estate, where, 1, datetime.fromisoformat("2025-12-31T23:00:00+08:00"))
    cases += _cases(repair, None, point(500, 800), 10, tz_first)
    outside = _cases(repair, None, point(5000, 5000), 3, tz_first)
    for case in outside:
        case.out_of_area = True
    created = Complaint.objects.bulk_create(cases + outside)
    # Two confirmed duplicates of A's first case: one problem reported three times is one case.
    first_of_a = next(c for c in created if c.housing_project == estates["A"] and c.category == repair)
    again = _cases(repair, estates["A"], first_of_a.location, 2, tz_first)
    for case in again:
        case.duplicate_of = first_of_a
    Complaint.objects.bulk_create(again)
    return estates
