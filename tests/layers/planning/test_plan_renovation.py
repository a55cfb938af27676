"""plan_renovation on the hand-built world: a GeoPackage that pyogrio and ogrinfo read (estates and
packages, Chinese names intact), an xlsx with its three sheets; a bad --period writes nothing."""

import io
import subprocess

import pyogrio
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from tests.layers.planning.renovation_world import WEIGHTS, renovation_world  # noqa: F401 (fixture)

PERIOD = "2026-01-01:2026-04-30"


@pytest.fixture(autouse=True)
def weights(settings):
    settings.RENOVATION_WEIGHTS = WEIGHTS


def run(*args) -> str:
    out = io.StringIO()
    call_command("plan_renovation", *args, stdout=out)
    return out.getvalue()


@pytest.mark.usefixtures("renovation_world")
def test_writes_geopackage_and_workbook(tmp_path):
    out = tmp_path / "plan"
    printed = run("--period", PERIOD, "--out", str(out))
    assert "1. 测试A号院 A 得分 0.755" in printed
    gpkg = out / "renovation.gpkg"
    assert [name for name, _ in pyogrio.list_layers(gpkg)] == ["estates", "packages"]
    estates = pyogrio.read_dataframe(gpkg, layer="estates")
    assert list(estates.code) == ["A", "B", "D", "C"] and list(estates.name)[:2] == ["测试A号院", "测试B号院"]
    assert {f"c_{k}" for k in WEIGHTS} <= set(estates.columns) and estates.renovated.tolist()[-1]
    # Packages (the packages engineer's rule): C is renovated, D has no complaints; A and B are 40 m
    # apart, within 300 m: one package of 300 households with 10 + 3 = 13 of the period's 21
    # infrastructure complaints (A 10, B 3, C 8).
    packages = pyogrio.read_dataframe(gpkg, layer="packages")
    assert packages[["estate_codes", "households", "infra_count"]].values.tolist() == [["A;B", 300, 13]]
    assert packages.infra_share[0] == pytest.approx(13 / 21, abs=1e-4)
    assert packages.estate_names[0] == "测试A号院;测试B号院"
    info = subprocess.run(["ogrinfo", "-so", "-al", str(gpkg)], capture_output=True, text=True, check=True).stdout
    assert "Feature Count: 4" in info and "Feature Count: 1" in info
    dump = subprocess.run(["ogrinfo", "-q", "-al", str(gpkg), "estates"], capture_output=True, text=True).stdout
    assert "name (String) = 测试A号院" in dump
    book = load_workbook(out / "renovation.xlsx")
    assert book.sheetnames == ["评分", "成片包", "改造前后"]
    assert [row[1] for row in book["评分"].iter_rows(min_row=2, values_only=True)] == ["A", "B", "D", "C"]
    assert list(book["成片包"].iter_rows(min_row=2, values_only=True))[0][1] == "A、B"


@pytest.mark.usefixtures("renovation_world")
def test_package_caps_reach_the_packages(tmp_path):
    run("--period", PERIOD, "--out", str(tmp_path), "--max-distance-m", "10")
    packages = pyogrio.read_dataframe(tmp_path / "renovation.gpkg", layer="packages")
    assert sorted(packages.estate_codes) == ["A", "B"]


@pytest.mark.parametrize(
    "period",
    ["2026-01-01", "2026-01-01..2026-10-31", "2026-13-01:2026-10-31", "2026-10-31:2026-01-01", ""],
)
def test_bad_period_is_refused_and_nothing_is_written(db, tmp_path, period):
    out = tmp_path / "plan"
    with pytest.raises(CommandError, match=r"--period .*(YYYY-MM-DD:YYYY-MM-DD|before the start)"):
        run("--period", period, "--out", str(out))
    assert not out.exists()


def test_bad_caps_are_refused(db, tmp_path):
    with pytest.raises(CommandError, match="--max-estates 0"):
        run("--period", PERIOD, "--out", str(tmp_path / "x"), "--max-estates", "0")
    assert not (tmp_path / "x").exists()
