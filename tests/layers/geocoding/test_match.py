"""geocode_address against a gazetteer in the database (see conftest.py for the world): every
level, the confidence rules, ambiguity, and text that is not an address."""

import random
import time

import pytest
from django.db import connection

from layers.geocoding.result import LEVELS
from layers.models import Building, Community, HousingProject
from layers.services.geocoding import GeocodeResult, geocode_address

pytestmark = pytest.mark.django_db


def covered_by(model, code: str, result: GeocodeResult) -> bool:
    """The result's point lies in the feature, asked of PostGIS."""
    return model.objects.filter(code=code, geom__covers=result.point).exists()


def test_building_level(gazetteer_world):
    result = geocode_address("北京市丰台区五里店街道丰西路45号院3号楼2单元301室")
    assert (result.level, result.confidence) == ("building", 0.95)
    assert (result.housing_project_code, result.building_code, result.community_code) == (
        "W-01",
        "W-01-3",
        "110106021001",
    )
    assert result.reason.startswith("匹配到楼栋：丰西路45号院3号楼")
    assert result.point.srid == 4326 and covered_by(Building, "W-01-3", result)


def test_building_by_estate_and_number_in_every_form(gazetteer_world):
    forms = ["北大地西区12号楼1单元502", "北大地西区十二号楼一单元五〇二室"]
    forms += ["北大地西区１２栋", "北大地西区小区12-1-502"]
    for text in forms:
        result = geocode_address(text)
        assert (result.level, result.building_code, result.confidence) == ("building", "W-03-12", 0.95), text


def test_estate_by_name_and_alias(gazetteer_world):
    by_name = geocode_address("北大地西区")
    assert (by_name.level, by_name.confidence, by_name.housing_project_code) == ("estate", 0.9, "W-03")
    assert by_name.building_code is None and covered_by(HousingProject, "W-03", by_name)
    by_alias = geocode_address("西社区45号院")
    assert (by_alias.level, by_alias.confidence, by_alias.housing_project_code) == ("estate", 0.9, "W-01")
    assert "别名“45号院”" in by_alias.reason


def test_estate_by_road_and_number(gazetteer_world):
    result = geocode_address("丰西路45号")
    assert (result.level, result.confidence, result.housing_project_code) == ("estate", 0.85, "W-01")
    assert "按门牌“丰西路45号”" in result.reason
    building = geocode_address("丰西路45号2号楼")
    assert (building.level, building.building_code, building.confidence) == ("building", "W-01-2", 0.95)


def test_estate_by_fuzzy_name(gazetteer_world):
    result = geocode_address("北大地西小区")  # 北大地西区小区 without its first 区
    assert (result.level, result.housing_project_code) == ("estate", "W-03")
    assert result.confidence == pytest.approx(0.9 * 12 / 13, abs=0.001)
    assert "近似名称“北大地西区小区”" in result.reason
    building = geocode_address("北大地西区小区十二号楼")  # exact alias: not fuzzy
    assert building.confidence == 0.95


def test_fuzzy_never_changes_a_number(gazetteer_world):
    result = geocode_address("丰西路46号院")  # one digit off 丰西路45号院: the road, not that estate
    assert (result.level, result.housing_project_code) == ("road", None)


def test_fuzzy_never_takes_another_roads_number(gazetteer_world):
    # 卢沟桥路45号院 shares 路45号院 with 丰西路45号院 (difflib 0.83): another road, not a misspelling.
    result = geocode_address("北京市丰台区五里店街道卢沟桥路45号院")
    assert (result.level, result.housing_project_code) == ("none", None)
    # A road name short of one character is still the estate.
    assert geocode_address("丰西45号院").housing_project_code == "W-01"


def test_a_community_named_after_its_road_implies_the_road(gazetteer_world):
    Community.objects.filter(code="110106021001").update(name="丰西路社区")
    result = geocode_address("五里店街道丰西路社区52号院2号楼")
    assert (result.level, result.housing_project_code, result.building_code) == ("building", "W-02", "W-02-2")
    estate = geocode_address("丰西路社区52号院")
    assert (estate.level, estate.confidence) == ("estate", 0.8)
    assert "按社区名中的道路与门牌“丰西路52号”" in estate.reason
    # A number the road does not have stays at the community.
    assert geocode_address("丰西路社区99号院").level == "community"


def test_building_number_the_estate_lacks(gazetteer_world):
    result = geocode_address("北大地西区99号楼")
    assert (result.level, result.confidence, result.building_code) == ("estate", 0.8, None)
    assert "该小区没有99号楼" in result.reason


def test_road_level(gazetteer_world):
    for text, detail in [("丰西路99号", "门牌99号不在地名库中"), ("丰西路", "未写门牌号")]:
        result = geocode_address(text)
        assert (result.level, result.confidence, result.housing_project_code) == ("road", 0.5, None)
        assert result.community_code == "110106021001" and detail in result.reason
        # The representative point lies inside one of the road's estates.
        assert HousingProject.objects.filter(code__in=["W-01", "W-02", "W-04"], geom__covers=result.point).exists()


def test_community_level(gazetteer_world):
    result = geocode_address("东社区")
    assert (result.level, result.confidence, result.community_code) == ("community", 0.4, "110106021002")
    assert result.housing_project_code is None and covered_by(Community, "110106021002", result)
    assert result.reason == "仅匹配到社区：东社区"


def test_ambiguous_alias_lowers_confidence_and_says_so(gazetteer_world):
    result = geocode_address("机关宿舍")  # alias of W-04 (west) and E-02 (east)
    assert (result.level, result.housing_project_code, result.confidence) == ("estate", "E-02", 0.45)
    assert "有2个同等匹配" in result.reason and "请人工核实" in result.reason


def test_ambiguous_fuzzy_names(gazetteer_world):
    result = geocode_address("北大地区")  # as close to 北大地西区 as to 北大地东区
    assert result.level == "estate" and result.housing_project_code == "E-03"
    assert result.confidence == pytest.approx(0.9 * 8 / 9 / 2, abs=0.001)
    assert "北大地东区、北大地西区" in result.reason


def test_community_or_building_resolves_an_ambiguity(gazetteer_world):
    west = geocode_address("西社区机关宿舍")
    assert (west.housing_project_code, west.confidence) == ("W-04", 0.9)
    fifth = geocode_address("机关宿舍5号楼")  # only E-02 has a building 5
    assert (fifth.level, fifth.building_code, fifth.confidence) == ("building", "E-02-5", 0.95)
    both = geocode_address("机关宿舍1号楼")
    assert (both.level, both.building_code, both.confidence) == ("building", "E-02-1", 0.475)


def test_two_estates_in_one_text(gazetteer_world):
    # The building number tells which estate the address is in; the other one is mentioned.
    opposite = geocode_address("丰西路45号院对面的北大地西区12号楼")
    assert (opposite.level, opposite.building_code, opposite.confidence) == ("building", "W-03-12", 0.95)
    assert "文中还提到“丰西路45号院”" in opposite.reason
    both = geocode_address("丰西路45号院和北大地西区之间")
    assert (both.level, both.housing_project_code, both.confidence) == ("estate", "W-01", 0.45)
    assert "有2个同等匹配（丰西路45号院、北大地西区）" in both.reason and "文中还提到" not in both.reason


def test_community_that_contradicts_the_estate(gazetteer_world):
    result = geocode_address("东社区丰西路45号院")
    assert (result.housing_project_code, result.confidence) == ("W-01", 0.8)
    assert "与该小区所属社区不一致" in result.reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "地址为空"),
        ("   \u3000\n", "地址为空"),
        ("今天天气很好", "未找到已知的小区、道路或社区名称"),
        ("@#$%^&*()", "未找到已知的小区、道路或社区名称"),
        ("火星路1号", "只识别出道路“火星路”，但地名库中没有对应的小区、道路或社区"),
        ("12号楼1单元", "只识别出楼号“12”，但地名库中没有对应的小区、道路或社区"),
    ],
)
def test_nothing_matched(gazetteer_world, text, reason):
    result = geocode_address(text)
    assert result == GeocodeResult("none", 0.0, None, None, None, None, reason)


def test_html_is_read_as_text(gazetteer_world):
    result = geocode_address('<a href="javascript:x()">丰西路45号院</a><script>alert("3号楼")</script>')
    assert (result.level, result.housing_project_code) == ("building", "W-01")
    assert "<" not in result.reason and "script" not in result.reason


def test_very_long_text_is_quick(gazetteer_world):
    geocode_address("丰西路")  # the gazetteer is loaded once per change; time the lookups only
    prose = ("居民反映楼道灯坏了很久无人处理，" * 300)[:4000]
    buried = prose[:3991] + "北大地西区12号楼"
    # Gazetteer words without an address: the worst case for the fuzzy stage.
    dense = ("北大地丰西路东街里社区小区宿舍，" * 300)[:4000]
    for text, level in [(prose, "none"), (buried, "building"), (dense, "road")]:
        started = time.perf_counter()
        result = geocode_address(text)
        elapsed = time.perf_counter() - started
        assert len(text) == 4000 and result.level == level
        assert elapsed < 0.5, f"{elapsed:.3f} s for 4,000 characters"


def test_text_must_be_a_string(gazetteer_world):
    with pytest.raises(TypeError, match="address text must be a string, got NoneType"):
        geocode_address(None)


def test_empty_gazetteer(db):
    assert geocode_address("丰西路45号院").level == "none"


def test_gazetteer_follows_edits_made_outside_the_orm(gazetteer_world):
    assert geocode_address("红星小区").level == "none"
    with connection.cursor() as cursor:
        # A raw UPDATE fires no signal; the table fingerprint still sees the new row version.
        cursor.execute("UPDATE layers_housingproject SET aliases = '{红星小区}' WHERE code = 'E-03'")
    assert geocode_address("红星小区").housing_project_code == "E-03"
    HousingProject.objects.filter(code="E-03").update(name="红旗小区", aliases=[])
    assert geocode_address("红旗小区").housing_project_code == "E-03"
    Building.objects.filter(code="E-02-5").delete()
    assert geocode_address("东安里9号院5号楼").level == "estate"
    HousingProject.objects.filter(code="E-03").delete()
    assert geocode_address("红旗小区").level == "none"


def test_result_points_are_fresh_objects(gazetteer_world):
    first = geocode_address("北大地西区")
    first.point.transform(4548)  # a caller changing its point must not change the cache
    assert geocode_address("北大地西区").point.srid == 4326


def test_random_text_never_breaks_the_rules(gazetteer_world):
    # Seeded junk built from address characters, markup, odd whitespace and non-BMP characters.
    rng = random.Random(20211)
    alphabet = list("丰西路45号院北大地西区小区12栋座幢单元室户楼一二十百两零〇#-（）()<>&;社区街东安")
    alphabet += list(" \u3000\t\nＡ１\u200b😀")
    alphabet += ["北京市", "丰台区", "五里店街道", "号楼", "机关宿舍"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        result = geocode_address(text)
        assert result.level in LEVELS and 0.0 <= result.confidence <= 1.0, text
        assert (result.point is None) == (result.level == "none"), text
        assert (result.housing_project_code is None) == (result.level in ("road", "community", "none")), text
        assert (result.building_code is None) == (result.level != "building"), text
        assert result.reason, text
