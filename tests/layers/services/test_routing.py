"""Routing by 四包 and ownership: who takes a case, and the reason given, for each kind of place."""

import pytest

from layers.models import Category, Department, HousingProject, MilitaryZone, OwnerUnit, Role
from layers.services.complaints import complaint_create
from tests.geometry import lonlat, rect


@pytest.fixture
def routed(world, make_user):
    """The service world plus departments, people and owners to route to."""
    city = Department.objects.create(code="D1", name="城市管理办公室")
    safety = Department.objects.create(code="D2", name="平安建设办公室")
    world["west"].department = safety
    world["west"].save()
    category = Category.objects.create(
        code="r_roads", name="道路/路面", time_limit_amount=15, time_limit_base="natural_days", department=city
    )
    people = {
        "liaison": make_user(Role.DEPARTMENT, "liaison", display_name="王联络"),
        "owner": make_user(Role.DEPARTMENT, "owner", display_name="李产权"),
        "building_owner": make_user(Role.DEPARTMENT, "bowner", display_name="赵楼产"),
        "worker": make_user(Role.GRID_WORKER, "worker", display_name="张网格", community=world["west"]),
        "cadre": make_user(Role.CADRE, "cadre", display_name="刘社区", community=world["west"]),
        "building_cadre": make_user(Role.CADRE, "bcadre", display_name="陈包楼", community=world["west"]),
    }
    return {**world, "city": city, "safety": safety, "category": category, "people": people}


def create(category, east, north, **extra):
    lon, lat = lonlat(east, north)
    return complaint_create(
        actor=None,
        channel="grid_patrol",
        description="路面破损",
        category_code=category.code,
        lon=lon,
        lat=lat,
        **extra,
    )[0]


def test_a_case_in_a_military_zone_goes_to_its_liaison(routed):
    zone = routed["zone"]
    zone.liaison = routed["people"]["liaison"]
    zone.save()
    c = create(routed["category"], 700, 100)
    assert (c.assignee, c.assigned_department) == (routed["people"]["liaison"], routed["city"])
    assert c.routing_reason.startswith("位于涉军单位某部营区，转驻区部队联络人王联络")
    assert "城市管理办公室" in c.routing_reason


def test_a_military_property_estate_outside_the_zone_polygon_still_goes_to_the_zone_liaison(routed):
    liaison = routed["people"]["liaison"]
    MilitaryZone.objects.create(
        code="M02", name="某部家属区", kind="property", geom=rect(600, 400, 700, 480), liaison=liaison
    )
    HousingProject.objects.create(
        code="E02", name="军产大院", community=routed["east"], ownership="single", is_military_property=True,
        geom=rect(600, 400, 800, 480),
    )  # fmt: skip
    c = create(routed["category"], 750, 450)  # inside the estate, outside the zone polygon
    assert c.military_zone is None
    assert c.assignee == liaison
    assert "位于军产小区军产大院，转驻区部队联络人王联络" in c.routing_reason


def test_military_land_without_a_liaison_says_so_and_falls_back(routed):
    c = create(routed["category"], 700, 100)
    assert c.routing_reason.startswith("位于涉军单位某部营区，未设驻区部队联络人；")
    assert c.assignee is None  # no grid worker in that cell and no community cadre in the east


def test_an_owner_unit_liaison_takes_the_case_and_the_property_company_is_named(routed):
    estate = routed["estate"]
    estate.property_company = "某某物业"
    estate.save()
    unit = OwnerUnit.objects.create(name="某局", kind="government", liaison=routed["people"]["owner"])
    estate.owner_units.add(unit, OwnerUnit.objects.create(name="某厂", kind="enterprise"))
    c = create(routed["category"], 150, 150)
    assert (c.assignee, c.assigned_department) == (routed["people"]["owner"], routed["city"])
    assert "产权单位：某厂、某局" in c.routing_reason
    assert "转产权单位某局联络人李产权" in c.routing_reason
    assert "物业服务企业某某物业" in c.routing_reason


def test_a_buildings_own_owner_unit_comes_before_the_estates(routed):
    routed["estate"].owner_units.add(OwnerUnit.objects.create(name="某局", liaison=routed["people"]["owner"]))
    routed["building"].owner_units.add(
        OwnerUnit.objects.create(name="某公司", liaison=routed["people"]["building_owner"])
    )
    assert create(routed["category"], 60, 60).assignee == routed["people"]["building_owner"]
    assert create(routed["category"], 150, 150).assignee == routed["people"]["owner"]


def test_by_four_contracts_the_grid_worker_of_the_cell_takes_it(routed):
    routed["estate"].property_company = "某某物业"
    routed["estate"].save()
    cell = routed["cells"]["nw"]
    cell.grid_worker = routed["people"]["worker"]
    cell.save()
    c = create(routed["category"], 100, 700)
    assert (c.assignee, c.assigned_department) == (routed["people"]["worker"], routed["city"])
    assert "分类「道路/路面」责任科室城市管理办公室" in c.routing_reason
    assert "网格110106021001002网格员张网格" in c.routing_reason


def test_without_a_category_department_the_communitys_department_takes_it(routed):
    routed["category"].department = None
    routed["category"].save()
    cell = routed["cells"]["nw"]
    cell.grid_worker = routed["people"]["worker"]
    cell.save()
    c = create(routed["category"], 100, 700)
    assert c.assigned_department == routed["safety"]
    assert "西社区包片科室平安建设办公室" in c.routing_reason


def test_without_a_grid_worker_the_building_cadre_takes_it(routed):
    routed["building"].cadre = routed["people"]["building_cadre"]
    routed["building"].save()
    c = create(routed["category"], 60, 60)
    assert c.assignee == routed["people"]["building_cadre"]
    assert "包楼干部陈包楼" in c.routing_reason


def test_an_estate_without_owner_or_property_company_falls_to_the_community(routed):
    c = create(routed["category"], 150, 150)
    assert (c.assignee, c.assigned_department) == (routed["people"]["cadre"], routed["safety"])
    assert (
        c.routing_reason
        == "丰西路45号院无产权单位和物业（管理缺位），属地兜底：由西社区承接（平安建设办公室，社区干部刘社区）。"
    )


def test_a_case_outside_the_subdistrict_is_not_routed(routed):
    c = create(routed["category"], -50, 500)
    assert (c.out_of_area, c.assignee, c.assigned_department) == (True, None, None)
    assert "非本辖区" in c.routing_reason and "退单" in c.routing_reason


def test_a_case_without_location_waits_with_the_category_department(routed):
    c, _created = complaint_create(actor=None, channel="visit", description="路面破损", category_code="r_roads")
    assert (c.assignee, c.assigned_department) == (None, routed["city"])
    assert c.routing_reason.startswith("位置不明")


def test_the_reason_is_in_the_first_event(routed):
    c = create(routed["category"], 150, 150)
    assert c.routing_reason in c.events.get().note
