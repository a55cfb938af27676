"""The address forms DOMAIN.md and the seed name, against the demo layers loaded through load_demo."""

import io

import pytest
from django.core.management import call_command

from layers.models import Building, HousingProject
from layers.services.geocoding import geocode_address


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def test_demo_addresses(demo):
    fengxi = HousingProject.objects.get(name="丰西路45号院")
    beidadi = HousingProject.objects.get(name="北大地西区")
    assert fengxi.aliases == ["45号院"] and fengxi.community.name == "丰西路社区"
    cases = [
        ("北大地西区12号楼1单元502", "building", beidadi.code, f"{beidadi.code}-12", 0.95),
        ("北京市丰台区五里店街道北大地西区十二号楼", "building", beidadi.code, f"{beidadi.code}-12", 0.95),
        ("丰西路45号院", "estate", fengxi.code, None, 0.9),
        ("丰西路社区45号院2号楼", "building", fengxi.code, f"{fengxi.code}-2", 0.95),
        ("丰西路45号", "estate", fengxi.code, None, 0.85),
    ]
    for text, level, estate, building, confidence in cases:
        result = geocode_address(text)
        assert (result.level, result.housing_project_code, result.building_code, result.confidence) == (
            level,
            estate,
            building,
            confidence,
        ), text
        assert result.community_code == HousingProject.objects.get(code=estate).community.code
        feature = Building.objects.filter(code=building) if building else HousingProject.objects.filter(code=estate)
        assert feature.filter(geom__covers=result.point).exists(), text


def test_demo_names_with_numerals_and_admin_prefixes(demo):
    # 北大地十六号院社区 is stored with Chinese numerals; 五里店东街 starts like the sub-district.
    community = geocode_address("北大地16号院社区")
    assert (community.level, community.reason) == ("community", "仅匹配到社区：北大地十六号院社区")
    # The community named after its estate is read as the community, not as the estate inside its name.
    assert geocode_address("北大地西区社区").level == "community"
    street = HousingProject.objects.filter(name__startswith="五里店东街").order_by("code").first()
    result = geocode_address(f"丰台区五里店街道{street.name}1号楼")
    assert (result.level, result.housing_project_code, result.building_code) == (
        "building",
        street.code,
        f"{street.code}-1",
    )
    road = geocode_address("五里店东街")
    assert road.level == "road" and road.community_code == street.community.code


def test_the_forms_12345_operators_write(demo):
    # A community, then the courtyard only: the community's road is implied.
    estate = HousingProject.objects.get(name="岳各庄西街22号院")
    result = geocode_address("五里店街道岳各庄西街社区22号院4号楼")
    assert (result.level, result.housing_project_code, result.building_code) == (
        "building",
        estate.code,
        f"{estate.code}-4",
    )
    # 卢沟桥路 is not in the demo gazetteer: nothing, rather than a 45号院 on another road.
    assert geocode_address("北京市丰台区五里店街道卢沟桥路45号院").level == "none"
