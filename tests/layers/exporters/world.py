"""A small world with every exportable layer and complaints carrying planted personal data.

Metres around the anchor (tests/geometry.py): the sub-district is 1 km x 1 km, split into two
communities; complaints sit at known points with known times, categories and statuses.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from layers.models import (
    Area,
    Building,
    Category,
    Complaint,
    Department,
    GridCell,
    HousingProject,
    MilitaryZone,
    OwnerUnit,
)
from tests.geometry import point, rect

PLANTED_NAME = "欧阳娜娜"
PLANTED_PHONE = "13912345678"
BEIJING = ZoneInfo("Asia/Shanghai")
# (metres east, north, category, status, received day in Jan 2026, community)
COMPLAINTS = [
    (100, 100, "c_leak", "received", 5, "west"),
    (150, 400, "c_leak", "closed", 10, "west"),
    (300, 800, "c_noise", "in_progress", 15, "west"),
    (700, 200, "c_noise", "closed", 20, "east"),
    (800, 900, "c_leak_roof", "resolved", 25, "east"),
]


def received(day: int) -> datetime:
    return datetime(2026, 1, day, 9, 30, tzinfo=BEIJING)


@pytest.fixture
def export_world(small_world):
    west, east = small_world["west"], small_world["east"]
    dept = Department.objects.create(code="CGB", name="城市管理办公室")
    west.department = dept
    west.save()
    area = Area.objects.create(code="A1", name="东片")
    area.communities.add(east)
    owner = OwnerUnit.objects.create(name="中国铁路北京局", kind="enterprise")
    estate = HousingProject.objects.create(
        code="E01",
        name="丰西路45号院",
        aliases=["45号院", "丰西45"],
        community=west,
        ownership="multi",
        housing_types=["回迁房", "商品房"],
        build_year=1988,
        households=320,
        is_old_estate=True,
        geom=rect(10, 10, 200, 200),
    )
    estate.owner_units.add(owner)
    HousingProject.objects.create(
        code="E02",
        name="北大地西区",
        community=east,
        ownership="single",
        property_company="京城物业",
        geom=rect(600, 600, 900, 900),
    )
    building = Building.objects.create(
        code="E01-3", estate=estate, number="3", households=48, geom=rect(50, 50, 80, 80)
    )
    building.owner_units.add(owner)
    for code, community, box in [
        ("110106021001001", west, (0, 0, 500, 500)),
        ("110106021001002", west, (0, 500, 500, 1000)),
        ("110106021002001", east, (500, 0, 1000, 500)),
        ("110106021002002", east, (500, 500, 1000, 1000)),
    ]:
        GridCell.objects.create(code=code, community=community, responsible_party="社区居委会", geom=rect(*box))
    MilitaryZone.objects.create(code="M01", name="某部营区", kind="unit", geom=rect(600, 10, 900, 300))
    leak = Category.objects.create(code="c_leak", name="房屋漏雨", time_limit_amount=7, time_limit_base="natural_days")
    Category.objects.create(
        code="c_leak_roof", name="屋顶漏雨", parent=leak, time_limit_amount=7, time_limit_base="natural_days"
    )
    Category.objects.create(code="c_noise", name="噪音扰民", time_limit_amount=7, time_limit_base="natural_days")
    communities = {"west": west, "east": east}
    complaints = [
        Complaint.objects.create(
            channel="hotline_12345",
            description=f"{PLANTED_NAME}反映：丰西路45号院3号楼屋顶漏雨，电话{PLANTED_PHONE}",
            address="丰西路45号院3号楼",
            complainant_name=PLANTED_NAME,
            complainant_phone=PLANTED_PHONE,
            category=Category.objects.get(code=cat),
            sishi_type="difficult",
            status=status,
            received_at=received(day),
            location=point(x, y),
            community=communities[comm],
        )
        for x, y, cat, status, day, comm in COMPLAINTS
    ]
    # Without a location: never in a spatial output.
    Complaint.objects.create(
        channel="visit", description="无位置", category=leak, sishi_type="difficult", received_at=received(6)
    )
    return {**small_world, "estate": estate, "complaints": complaints, "area": area, "dept": dept}
