"""layers/validation.py and `manage.py check_layers` on real PostGIS.

The world: the 1 km x 1 km small_world sub-district (west community 0-500 m, east 500-1000 m),
each community tiled by 100 m cells numbered in reading order, three estates, a building and
military zones. Each test plants one fault in it and looks for the finding it should raise.
"""

import json
from io import StringIO

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.management import call_command

from layers.models import Building, Community, GridCell, HousingProject, MilitaryZone
from layers.validation import ERROR, WARNING, run_checks
from tests.geometry import lonlat, rect

CELL = 100


def _tile(community: Community, x0: int, x1: int) -> None:
    # DB11/T 2157-2023 order: rows from north to south, west to east inside a row.
    cells = [(x, y) for y in range(1000 - CELL, -1, -CELL) for x in range(x0, x1, CELL)]
    GridCell.objects.bulk_create(
        GridCell(code=f"{community.code}{seq:03d}", community=community, geom=rect(x, y, x + CELL, y + CELL))
        for seq, (x, y) in enumerate(cells, start=1)
    )


def _estate(code, community, geom, ownership, **fields) -> HousingProject:
    return HousingProject.objects.create(
        code=code, name=code, community=community, geom=geom, ownership=ownership, **fields
    )


@pytest.fixture
def world(small_world):
    west, east = small_world["west"], small_world["east"]
    Community.objects.filter(pk=west.pk).update(households=100, residents=250, floating_population=20)
    Community.objects.filter(pk=east.pk).update(households=200, residents=450, floating_population=30)
    _tile(west, 0, 500)
    _tile(east, 500, 1000)
    w1 = _estate(
        "W1", west, rect(100, 100, 300, 300), "single", is_old_estate=True, renovation="planned", property_company=""
    )
    # Follows the west/east boundary exactly: touching a neighbour is not straddling it.
    _estate("W2", west, rect(300, 500, 500, 700), "multi", property_company="某物业")
    _estate("E1", east, rect(600, 100, 800, 300), "private", is_old_estate=True, property_company="")
    Building.objects.create(code="W1-1", estate=w1, number="1", geom=rect(150, 150, 200, 200))
    MilitaryZone.objects.create(code="M1", name="M1", kind="unit", geom=rect(0, 0, 250, 1000))
    MilitaryZone.objects.create(code="M2", name="M2", kind="unit", geom=rect(0, 0, 250, 500))  # inside M1
    MilitaryZone.objects.create(code="M3", name="M3", kind="property", geom=rect(900, 0, 1100, 1000))  # half out
    return {**small_world, "w1": w1}


def _found(check: str) -> list:
    return [f for f in run_checks().findings if f.check == check]


def _run_command(*args) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("check_layers", *args, stdout=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def _set_geom(obj, geom) -> None:
    type(obj).objects.filter(pk=obj.pk).update(geom=geom)


def test_clean_world_has_no_findings_and_exits_0(world):
    report = run_checks()
    assert report.findings == []
    assert not report.has_errors
    status, out = _run_command()
    assert status == 0
    assert "0 个错误 (errors), 0 个警告 (warnings)" in out


def test_headline_counts(world):
    counts = run_checks().counts
    assert counts["subdistricts"] == 1
    assert counts["communities"] == 2
    assert (counts["housing_projects"], counts["housing_projects_single"]) == (3, 1)
    assert (counts["housing_projects_multi"], counts["housing_projects_private"]) == (1, 1)
    assert counts["old_estates"] == 2
    assert counts["estates_in_renovation"] == 1
    assert counts["estates_without_property_management"] == 2
    assert counts["buildings"] == 1
    assert counts["military_zones"] == 3
    # Union, clipped to the sub-district: M1 250,000 m² (M2 inside it) + M3's inner 100,000 m².
    assert counts["military_share_pct"] == pytest.approx(35.0, rel=1e-4)
    assert counts["grid_cells"] == 100
    assert counts["grid_median_area_m2"] == pytest.approx(10_000, rel=1e-4)
    assert (counts["households"], counts["residents"], counts["floating_population"]) == (300, 700, 50)


def test_community_overlap_found_with_its_area(world):
    _set_geom(world["west"], rect(0, 0, 510, 1000))  # 10 m x 1000 m into the east
    [overlap] = _found("community_overlap")
    assert overlap.severity == ERROR
    assert overlap.codes == ("110106021001", "110106021002")
    assert overlap.measure == pytest.approx(10_000, rel=0.01)


def test_subdistrict_gap_found_with_area_and_point(world):
    _set_geom(world["east"], rect(510, 0, 1000, 1000))  # leaves a 10 m strip nobody covers
    [gap] = _found("subdistrict_gap")
    assert gap.severity == ERROR
    assert gap.codes == ("110106021",)
    assert gap.measure == pytest.approx(10_000, rel=0.01)
    lon, lat = gap.point
    assert lonlat(500, 0)[0] < lon < lonlat(510, 0)[0]
    assert lonlat(505, 0)[1] < lat < lonlat(505, 1000)[1]


def test_community_sticking_out_of_subdistrict(world):
    _set_geom(world["east"], rect(500, 0, 1010, 1000))
    [out] = _found("community_outside_subdistrict")
    assert out.severity == ERROR
    assert out.codes == ("110106021002", "110106021")
    assert out.measure == pytest.approx(10_000, rel=0.01)


def test_estate_straddling_is_a_warning_when_mostly_inside(world):
    _estate("W3", world["west"], rect(400, 400, 580, 500), "single")  # 80 of 180 m outside
    [straddle] = _found("estate_straddling")
    assert straddle.severity == WARNING
    assert straddle.codes == ("W3", "110106021001", "110106021002")
    assert straddle.measure == pytest.approx(8_000, rel=0.01)


def test_estate_straddling_is_an_error_when_mostly_outside(world):
    _estate("W3", world["west"], rect(420, 400, 600, 500), "single")  # 100 of 180 m outside
    [straddle] = _found("estate_straddling")
    assert straddle.severity == ERROR
    assert "110106021002" in straddle.codes


def test_grid_code_with_another_communitys_prefix(world):
    # 15 digits, so the DB constraint lets it in; the prefix is the east community's.
    GridCell.objects.create(code="110106021002099", community=world["west"], geom=rect(0, 0, 100, 100))
    [bad] = _found("grid_code")
    assert bad.severity == ERROR
    assert bad.codes == ("110106021002099", "110106021001")
    assert "前 12 位" in bad.message


def test_grid_cell_crossing_into_neighbour(world):
    GridCell.objects.create(code="110106021001051", community=world["west"], geom=rect(450, 0, 550, 100))
    [cross] = _found("grid_outside_community")
    assert cross.severity == ERROR
    assert cross.codes == ("110106021001051", "110106021001", "110106021002")
    assert cross.measure == pytest.approx(5_000, rel=0.01)


def test_grid_sequence_out_of_order_is_a_warning(world):
    # Swap 001 (north-west corner) with 006 (first cell of the second row).
    first, sixth = (GridCell.objects.get(code=f"110106021001{n}") for n in ("001", "006"))
    first_geom = first.geom
    _set_geom(first, sixth.geom)
    _set_geom(sixth, first_geom)
    found = {(f.codes, f.severity, "北侧" in f.message) for f in _found("grid_sequence")}
    assert found == {
        (("110106021001001", "110106021001002"), WARNING, True),  # 002 lies north of 001's row
        (("110106021001005", "110106021001006"), WARNING, False),  # 006 lies west of 005 in its row
    }


def test_grid_coverage_gap_is_a_warning(world):
    GridCell.objects.get(code="110106021002023").delete()
    [gap] = _found("grid_gap")
    assert gap.severity == WARNING
    assert gap.codes == ("110106021002",)
    assert gap.measure == pytest.approx(10_000, rel=0.01)


def test_building_outside_its_estate_is_a_warning(world):
    Building.objects.create(code="W1-2", estate=world["w1"], number="2", geom=rect(250, 250, 350, 350))
    [out] = _found("building_outside_estate")
    assert out.severity == WARNING
    assert out.codes == ("W1-2", "W1")
    assert out.measure == pytest.approx(7_500, rel=0.01)


def test_invalid_geometry_is_named_and_the_run_completes(world):
    bowtie = Polygon([lonlat(0, 0), lonlat(500, 1000), lonlat(500, 0), lonlat(0, 1000), lonlat(0, 0)])
    _set_geom(world["west"], MultiPolygon(bowtie, srid=4326))
    report = run_checks()
    [invalid] = [f for f in report.findings if f.check == "invalid_geometry"]
    assert invalid.codes == ("110106021001",)
    assert report.has_errors
    assert report.counts["communities"] == 2


def test_command_exits_1_on_a_hard_error(world):
    _set_geom(world["west"], rect(0, 0, 510, 1000))
    status, out = _run_command()
    assert status == 1
    assert "社区重叠 (overlapping communities): 1" in out


def test_command_warnings_alone_exit_0(world):
    GridCell.objects.get(code="110106021002023").delete()
    status, out = _run_command()
    assert status == 0
    assert "警告 (warning)" in out


def test_json_output_parses(world):
    _set_geom(world["west"], rect(0, 0, 510, 1000))
    status, out = _run_command("--json")
    assert status == 1
    data = json.loads(out)
    assert data["has_errors"] is True
    assert data["counts"]["communities"] == 2
    [overlap] = [f for f in data["findings"] if f["check"] == "community_overlap"]
    assert overlap["codes"] == ["110106021001", "110106021002"]
    assert overlap["measure"] == pytest.approx(10_000, rel=0.01)


def test_invalid_subdistrict_is_named_and_the_command_still_reports(world):
    bowtie = Polygon([lonlat(0, 0), lonlat(1000, 1000), lonlat(1000, 0), lonlat(0, 1000), lonlat(0, 0)])
    _set_geom(world["subdistrict"], MultiPolygon(bowtie, srid=4326))
    status, out = _run_command()
    assert status == 1
    assert "街道 110106021 的几何无效" in out
