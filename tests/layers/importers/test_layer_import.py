"""import_layer on real files (written by GDAL) into real PostGIS."""

import zipfile

import pytest
import shapely
from django.core.management import CommandError, call_command
from django.db import connection

from layers.importers.layer_import import LayerImport
from layers.importers.reading import FileProblem
from layers.models import Category, Community, Complaint, Department, GridCell, HousingProject
from layers.services.assignment import reassign_all
from tests.geometry import point
from tests.layers.importers.files import metric_rect, write_layer

# Inside small_world's 1 km x 1 km sub-district (metres from the anchor).
WEST = metric_rect(0, 0, 500, 1000)
EAST = metric_rect(500, 0, 1000, 1000)


def communities_file(tmp_path, name="communities.shp", srid=4548, **kwargs):
    records = [
        {"code": "110106021001", "name": "丰西路社区", "households": 1200},
        {"code": "110106021002", "name": "东安街社区", "households": 900},
    ]
    return write_layer(tmp_path / name, records, [WEST, EAST], srid=srid, **kwargs)


@pytest.fixture
def subdistrict_only(small_world):
    Community.objects.all().delete()
    return small_world["subdistrict"]


def run(layer, path, commit=True, **kwargs):
    call_command("import_layer", layer, str(path), *(["--commit"] if commit else []), **kwargs)


def max_vertex_error_m(code, expected_4548):
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_AsBinary(ST_Transform(geom, 4548)) FROM layers_community WHERE code = %s", [code])
        stored = shapely.from_wkb(bytes(cursor.fetchone()[0]))
    # Writers may reverse ring orientation or rotate the start vertex: compare shapes, not lists.
    assert len(shapely.get_coordinates(stored)) == len(shapely.get_coordinates(expected_4548))
    return shapely.hausdorff_distance(stored, expected_4548)


def test_4548_shapefile_lands_within_a_centimetre(subdistrict_only, tmp_path):
    run("communities", communities_file(tmp_path))
    assert Community.objects.count() == 2
    assert max_vertex_error_m("110106021001", WEST) < 0.01
    assert max_vertex_error_m("110106021002", EAST) < 0.01


def test_dry_run_writes_nothing_and_says_what_would_change(subdistrict_only, tmp_path, capsys):
    run("communities", communities_file(tmp_path), commit=False)
    out = capsys.readouterr().out
    assert "新增 (create): 2" in out
    assert "dry run" in out
    assert Community.objects.count() == 0


def test_reimport_is_a_no_op(subdistrict_only, tmp_path):
    path = communities_file(tmp_path)
    run("communities", path)
    before = list(Community.objects.order_by("code").values_list("id", "code", "name", "households", "geom"))
    report = LayerImport("communities", path).run(commit=True)
    assert (len(report.created), len(report.updated), len(report.unchanged)) == (0, 0, 2)
    after = list(Community.objects.order_by("code").values_list("id", "code", "name", "households", "geom"))
    assert before == after


def test_changed_attribute_is_an_update_by_code(subdistrict_only, tmp_path):
    run("communities", communities_file(tmp_path))
    records = [{"code": "110106021001", "name": "丰西路社区", "households": 1300}]
    path = write_layer(tmp_path / "v2.shp", records, [WEST])
    report = LayerImport("communities", path).run(commit=True)
    assert report.updated == ["110106021001"] and not report.created
    assert Community.objects.get(code="110106021001").households == 1300
    assert report.missing_from_file == ["110106021002"]
    assert Community.objects.count() == 2


def test_gbk_dbf_without_cpg_is_detected(subdistrict_only, tmp_path):
    path = communities_file(tmp_path, name="gbk.shp", encoding="GBK")
    path.with_suffix(".cpg").unlink(missing_ok=True)
    assert "丰西路".encode("gbk") in path.with_suffix(".dbf").read_bytes()
    report = LayerImport("communities", path).run(commit=True)
    assert report.encoding == "GB18030" and report.encoding_source == "detected"
    assert sorted(Community.objects.values_list("name", flat=True)) == ["东安街社区", "丰西路社区"]


def test_explicit_encoding_wins(subdistrict_only, tmp_path):
    path = communities_file(tmp_path, name="gbk.shp", encoding="GBK")
    path.with_suffix(".cpg").unlink(missing_ok=True)
    report = LayerImport("communities", path, encoding="GBK").run(commit=True)
    assert (report.encoding, report.encoding_source) == ("GBK", "--encoding")
    assert Community.objects.filter(name="丰西路社区").exists()


def test_zip_geopackage_geojson_and_kml_all_import(subdistrict_only, tmp_path):
    shp = communities_file(tmp_path)
    archive = tmp_path / "communities.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
            z.write(shp.with_suffix(suffix), f"data/communities{suffix}")
    for path in (
        archive,
        communities_file(tmp_path, name="c.gpkg"),
        communities_file(tmp_path, name="c.geojson", srid=4326),
        communities_file(tmp_path, name="c.kml", srid=4326),
    ):
        report = LayerImport("communities", path).run(commit=True)
        assert report.ok, (path, report.refused)
        assert report.features == 2
    assert sorted(Community.objects.values_list("name", flat=True)) == ["东安街社区", "丰西路社区"]
    assert max_vertex_error_m("110106021001", WEST) < 0.01


def test_invalid_polygon_is_repaired_and_reported(subdistrict_only, tmp_path):
    ax, ay = metric_rect(0, 0, 0, 0).bounds[:2]
    bowtie = shapely.Polygon([(ax + 100, ay + 100), (ax + 300, ay + 300), (ax + 300, ay + 100), (ax + 100, ay + 300)])
    assert not bowtie.is_valid
    path = write_layer(tmp_path / "bow.shp", [{"code": "110106021001", "name": "蝴蝶社区"}], [bowtie])
    report = LayerImport("communities", path).run(commit=True)
    assert report.ok and report.committed
    assert len(report.repairs) == 1 and "Self-intersection" in report.repairs[0].message
    stored = Community.objects.get(code="110106021001").geom
    assert stored.valid and len(stored) == 2  # the two triangles of the bow tie


def test_broken_feature_leaves_database_unchanged(subdistrict_only, tmp_path):
    run("communities", communities_file(tmp_path))
    before = list(Community.objects.order_by("code").values_list("code", "name", "households"))
    records = [
        {"code": "110106021001", "name": "改名社区", "households": 1},
        {"code": "110106021003", "name": "", "households": 5},
    ]
    path = write_layer(tmp_path / "broken.shp", records, [WEST, EAST])
    with pytest.raises(CommandError, match="refused"):
        run("communities", path)
    assert list(Community.objects.order_by("code").values_list("code", "name", "households")) == before


def test_truncated_file_is_refused_cleanly(subdistrict_only, tmp_path):
    path = communities_file(tmp_path)
    path.write_bytes(path.read_bytes()[:50])
    with pytest.raises(CommandError, match=str(path.name)):
        run("communities", path)
    assert Community.objects.count() == 0


def test_every_refusal_names_feature_and_reason(subdistrict_only, tmp_path):
    line = shapely.LineString([(0, 0), (1, 1)])
    far = metric_rect(5000, 5000, 5100, 5100)
    records = [
        {"code": "110106021001", "name": "甲", "households": 1},
        {"code": "110106021001", "name": "乙", "households": 1},
        {"code": "110106021003", "name": "丙", "households": "很多"},
        {"code": "110106021004", "name": "丁", "households": 1},
        {"code": "110106021005", "name": "戊", "households": 1},
    ]
    path = write_layer(tmp_path / "bad.gpkg", records, [WEST, EAST, WEST, far, line])
    report = LayerImport("communities", path).run(commit=True)
    messages = {f.feature: f.message for f in report.refused}
    assert "duplicate code" in messages[1] and "duplicate code" in messages[2]
    assert "households" in messages[3]
    assert "outside the sub-district" in messages[4]
    assert "Polygon" in messages[5]
    assert not report.committed and Community.objects.count() == 0


def test_missing_fields_and_crs_are_file_problems(subdistrict_only, tmp_path):
    path = write_layer(tmp_path / "nofields.shp", [{"bianma": "1"}], [WEST])
    with pytest.raises(FileProblem, match=r"\['code', 'name'\] \(missing required fields\)"):
        LayerImport("communities", path).run()
    nocrs = communities_file(tmp_path, name="nocrs.shp")
    nocrs.with_suffix(".prj").unlink()
    with pytest.raises(FileProblem, match="--srid"):
        LayerImport("communities", nocrs).run()
    assert LayerImport("communities", nocrs, srid="4548").run(commit=True).ok


def test_chinese_field_names_are_mapped(subdistrict_only, tmp_path):
    records = [
        {"编码": "110106021001", "名称": "丰西路社区", "户数": 12},
        {"编码": "110106021002", "名称": "东", "户数": 1},
    ]
    path = write_layer(tmp_path / "zh.gpkg", records, [WEST, EAST])
    assert LayerImport("communities", path).run(commit=True).ok
    assert Community.objects.get(code="110106021001").households == 12
    custom = write_layer(tmp_path / "custom.gpkg", [{"sqbm": "110106021001", "sqmc": "丰西路社区"}], [WEST])
    report = LayerImport("communities", custom, field_map={"sqbm": "code", "sqmc": "name"}).run(commit=True)
    assert report.ok


def test_gcj02_source_is_shifted_back_to_wgs84(subdistrict_only, tmp_path):
    from layers import crs

    path = communities_file(tmp_path, name="wgs.geojson", srid=4326)
    import geopandas as gpd

    frame = gpd.read_file(path)
    frame["geometry"] = [crs.transform_geometry(g, crs.WGS84, crs.GCJ02) for g in frame.geometry]
    gcj = tmp_path / "gcj.geojson"
    frame.to_file(gcj)
    assert LayerImport("communities", gcj, srid="gcj02").run(commit=True).ok
    assert max_vertex_error_m("110106021001", WEST) < 0.01


def test_estates_and_grid_cells_need_their_community(small_world, tmp_path):
    estate = {"code": "E01", "name": "丰西路45号院", "community": "110106021001", "ownership": "多产权"}
    estate |= {"owners": "甲单位;乙单位", "htypes": "回迁房;商品房", "aliases": "45号院", "prop_co": ""}
    orphan = {"code": "E02", "name": "无主", "community": "110106021099", "ownership": "single"}
    path = write_layer(tmp_path / "estates.gpkg", [estate, orphan], [metric_rect(10, 10, 100, 100)] * 2)
    report = LayerImport("housing-projects", path).run(commit=True)
    assert [f.feature for f in report.refused] == [2] and "community" in report.refused[0].message
    path = write_layer(tmp_path / "estates.gpkg", [estate], [metric_rect(10, 10, 100, 100)])
    assert LayerImport("housing-projects", path).run(commit=True).ok
    e = HousingProject.objects.get(code="E01")
    assert (e.ownership, e.housing_types, e.aliases) == ("multi", ["回迁房", "商品房"], ["45号院"])
    assert sorted(e.owner_units.values_list("name", flat=True)) == ["乙单位", "甲单位"]
    assert LayerImport("housing-projects", path).run(commit=True).unchanged == ["E01"]

    cells = [
        {"code": "110106021001001", "community": "110106021001"},
        {"code": "110106021002001", "community": "110106021001"},
    ]
    path = write_layer(tmp_path / "cells.gpkg", cells, [metric_rect(0, 900, 100, 1000)] * 2)
    report = LayerImport("grid-cells", path).run(commit=True)
    assert [f.feature for f in report.refused] == [2] and "first 12 digits" in report.refused[0].message
    assert GridCell.objects.count() == 0


@pytest.fixture
def case_at_400(small_world):
    """A case 400 m east of the anchor: in the west community until its boundary moves to 300 m."""
    category = Category.objects.create(code="t_move", name="测试", time_limit_amount=1, time_limit_base="natural_days")
    case = Complaint.objects.create(
        channel="visit", description="边界测试", category=category, sishi_type="hoped", location=point(400, 500)
    )
    reassign_all()
    case.refresh_from_db()
    assert case.community == small_world["west"]
    return case


def moved_boundary_file(tmp_path):
    records = [
        {"code": "110106021001", "name": "西社区", "households": 1200},
        {"code": "110106021002", "name": "东社区", "households": 900},
    ]
    return write_layer(tmp_path / "moved.shp", records, [metric_rect(0, 0, 300, 1000), metric_rect(300, 0, 1000, 1000)])


def test_a_committed_boundary_change_reassigns_and_reroutes_waiting_cases(small_world, case_at_400, tmp_path, capsys):
    dispatched = Complaint.objects.create(
        channel="visit",
        description="已派单",
        category=case_at_400.category,
        sishi_type="hoped",
        location=point(450, 100),
        status=Complaint.Status.DISPATCHED,
        routing_reason="原派单",
    )
    east_office = Department.objects.create(code="D-E", name="东片科室")
    Community.objects.filter(pk=small_world["east"].pk).update(department=east_office)
    run("communities", moved_boundary_file(tmp_path))
    assert "cases re-assigned to the new boundaries): 2; " in capsys.readouterr().out
    case_at_400.refresh_from_db()
    assert case_at_400.community == small_world["east"]
    assert "东社区" in case_at_400.routing_reason
    event = case_at_400.events.get()
    assert event.note.startswith("边界调整后重新派单") and event.from_status == event.to_status == "received"
    assert (event.department, event.assignee) == (east_office, None)  # the trail names the new holder
    dispatched.refresh_from_db()
    assert dispatched.community == small_world["east"]
    assert dispatched.routing_reason == "原派单" and not dispatched.events.exists()  # its handler stays


def test_a_dry_run_or_an_unchanged_file_reassigns_nothing(small_world, case_at_400, tmp_path, capsys):
    path = moved_boundary_file(tmp_path)
    run("communities", path, commit=False)
    case_at_400.refresh_from_db()
    assert case_at_400.community == small_world["west"]
    assert "on commit, cases are re-assigned" in capsys.readouterr().out
    run("communities", path)
    assert LayerImport("communities", path).run(commit=True).cases is None  # nothing changed: not run
