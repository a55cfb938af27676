"""complaint_create without coordinates: the address is matched, and doubtful cases go to review."""

import pytest

from layers.models import Complaint
from layers.services.complaints import complaint_create
from tests.geometry import lonlat


def create(address):
    return complaint_create(
        actor=None, channel="hotline_12345", description="路灯不亮", category_code="t_general", address=address
    )[0]


def test_a_matched_building_address_locates_assigns_and_routes_the_case(world, categories):
    c = create("北京市丰台区丰西路45号院3号楼2单元101")
    assert (c.match_level, c.location_source) == ("building", "address_match")
    assert c.match_confidence >= 0.6 and c.needs_review is False
    assert (c.building, c.housing_project, c.community) == (world["building"], world["estate"], world["west"])
    assert c.routing_reason  # routed from the matched point like any located case


def test_an_unmatched_address_goes_to_the_review_queue_with_the_reason(world, categories):
    c = create("火星路1号")
    assert (c.match_level, c.location, c.needs_review) == ("none", None, True)
    assert c.review_reason.startswith("地址未匹配：")
    assert Complaint.objects.filter(needs_review=True).get() == c


def test_neither_coordinates_nor_address_goes_to_review(world, categories):
    c = create("")
    assert (c.match_level, c.needs_review, c.review_reason) == ("", True, "无坐标也无地址，无法定位")


def test_coordinates_win_over_the_address(world, categories):
    lon, lat = lonlat(700, 700)
    c, _created = complaint_create(
        actor=None, channel="grid_patrol", description="路灯不亮", category_code="t_general",
        lon=lon, lat=lat, address="丰西路45号院3号楼",
    )  # fmt: skip
    assert (c.location_source, c.match_level, c.needs_review, c.community) == ("gps", "", False, world["east"])


@pytest.mark.parametrize(
    ("address", "level", "review"),
    [("丰西路45号院", "estate", False), ("西社区", "community", True), ("丰西路", "road", True)],
)
def test_coarser_matches_keep_their_level_and_low_confidence_is_reviewed(world, categories, address, level, review):
    c = create(address)
    assert (c.match_level, c.needs_review, c.location_source) == (level, review, "address_match")
    assert c.community == world["west"]
    assert c.review_reason.startswith("地址匹配置信度低") is review
