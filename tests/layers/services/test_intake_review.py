"""complaint_create never refuses a case for what its sender got wrong: an unknown category lands
under 其他 with the name kept, unusable coordinates give way to the address, and each waits in the
review queue with its reason; relocating settles the place and leaves the category waiting."""

from datetime import datetime, timedelta

import pytest

from layers.models import CategoryMapping, Complaint, Role
from layers.services.complaints import complaint_create
from layers.services.deadlines import BEIJING
from layers.services.review import complaint_relocate
from tests.geometry import lonlat

RECEIVED = datetime(2025, 9, 30, 10, 0, tzinfo=BEIJING)
ADDRESS = "北京市丰台区五里店街道丰西路45号院3号楼2单元"


def create(**overrides):
    kwargs = {
        "actor": None,
        "channel": Complaint.Channel.HOTLINE_12345,
        "description": "楼顶漏雨",
        "category_code": "t_general",
        "received_at": RECEIVED,
    }
    return complaint_create(**(kwargs | overrides))[0]


def codes(complaint) -> list[str]:
    return [item["code"] for item in complaint.review_items]


def test_an_unknown_category_lands_under_other_with_its_name_kept(world, categories):
    c = create(category_code="教育文化>学区划分>入学咨询", address=ADDRESS)
    c.refresh_from_db()
    assert (c.category.code, c.source_category) == ("other", "教育文化>学区划分>入学咨询")
    assert c.needs_review and codes(c) == ["category"]
    assert "入学咨询" in c.review_reason and "其他" in c.review_reason
    # Everything else happens as for a known category: placed, routed, timed by 其他's limit (7 days).
    assert (c.building, c.due_at) == (world["building"], RECEIVED + timedelta(days=7))
    assert c.routing_reason and "待人工核定" in c.events.get().note


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("房屋修缮", "housing_repair"),  # a seeded 12345 name
        ("城乡建设>房屋修缮>漏雨", "housing_repair"),  # a path: its leaf is seeded
        ("城乡建设＞房屋修缮＞墙皮脱落", "housing_repair"),  # full-width, unseeded leaf: its parent
        ("住房-房屋修缮-其他", "housing_repair"),  # a catch-all leaf is passed over
        ("停 车 管 理", "parking_traffic"),  # normalised: no spaces
        ("供热", "heating"),
        ("t_general", "t_general"),  # our own code
        ("测试一般", "t_general"),  # our own name
    ],
)
def test_city_names_paths_and_our_own_names_find_their_category(world, categories, given, expected):
    c = create(category_code=given, address=ADDRESS)
    assert (c.category.code, c.needs_review) == (expected, False)
    # The city's words are kept; our own code is not repeated.
    assert c.source_category == ("" if given == expected else given)


def test_a_mapping_added_in_the_admin_applies_to_the_next_case(world, categories):
    assert create(category_code="共享单车乱停放", address=ADDRESS).category.code == "other"
    CategoryMapping.objects.create(name="共享单车乱停放", category=categories["t_general"])
    assert create(category_code="共享单车乱停放", address=ADDRESS).category.code == "t_general"


def test_a_missing_category_lands_under_other(world, categories):
    c = create(category_code=None, address=ADDRESS)
    assert (c.category.code, c.source_category, codes(c)) == ("other", "", ["category"])
    assert "未填写问题分类" in c.review_reason


@pytest.mark.parametrize(
    "coordinates",
    [
        {"lon": "abc", "lat": "39.86"},
        {"lon": float("nan"), "lat": 39.86},
        {"lon": 116.25, "lat": 91},  # not on Earth
        {"lon": 39.8605, "lat": 116.2533},  # swapped: not on Earth either
        {"lon": 116.25},  # half a point
        {"lon": 1e30, "lat": 1e30, "crs": "4548"},
        {"lon": 116.25, "lat": 39.86, "crs": "beijing54"},  # unknown datum
        {"lon": 0, "lat": 0},  # a map widget's default: on Earth, far from Beijing
        {"lon": 121.47, "lat": 31.23},  # Shanghai
    ],
)
def test_unusable_coordinates_give_way_to_the_address(world, categories, coordinates):
    c = create(address=ADDRESS, **coordinates)
    c.refresh_from_db()
    assert (c.location_source, c.match_level, c.building) == ("address_match", "building", world["building"])
    assert codes(c) == ["coordinates"] and "已忽略并按地址定位" in c.review_reason


def test_unusable_coordinates_and_no_address_still_land(world, categories):
    c = create(lon=116.25, lat=95)
    c.refresh_from_db()
    assert (c.location, c.location_source, c.community) == (None, "", None)
    assert codes(c) == ["coordinates", "address"]
    assert "无坐标也无地址" in c.review_reason and "95" in c.review_reason


def test_a_point_inside_beijing_but_outside_the_subdistrict_is_still_out_of_area(world, categories):
    lon, lat = lonlat(5000, 5000)
    c = create(lon=lon, lat=lat)
    assert (c.out_of_area, c.needs_review) == (True, False)


def test_the_bounds_are_a_setting(world, categories, settings):
    lon, lat = lonlat(60, 60)
    settings.INTAKE_COORDINATE_BOUNDS = (100, 20, 110, 30)
    assert codes(create(lon=lon, lat=lat, address=ADDRESS)) == ["coordinates"]


def test_relocating_settles_the_place_and_leaves_the_category_waiting(world, categories, make_user):
    c = create(category_code="没见过的分类", lon=0, lat=0)
    assert codes(c) == ["category", "coordinates", "address"]
    lon, lat = lonlat(60, 60)
    complaint_relocate(complaint=c, actor=make_user(Role.DEPARTMENT), lon=lon, lat=lat)
    c.refresh_from_db()
    assert (c.needs_review, codes(c), c.building) == (True, ["category"], world["building"])
    assert c.review_reason.startswith("问题分类“没见过的分类”")
