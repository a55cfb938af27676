"""Issue 17, part 6, the planners' files: plan_renovation's GeoPackage has label columns beside the
ownership and renovation codes, and its workbook real numbers in number formats (p-values in
scientific notation, shares and changes in percent) under frozen bold headers. Read back with
pyogrio and openpyxl."""

import io
from datetime import date

import pyogrio
import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from layers.exporters.renovation import workbook
from tests.layers.planning.renovation_world import WEIGHTS, renovation_world  # noqa: F401 (fixture)

PERIOD = "2026-01-01:2026-04-30"
# What a reader sees: p in scientific notation, shares in percent, changes with their sign.
DATE, DECIMAL4, P_VALUE, PERCENT, SIGNED_PERCENT = "yyyy-mm-dd", "0.0000", "0.00E+00", "0.0%", "+0.0%;-0.0%;0.0%"


@pytest.fixture
def plan(renovation_world, settings, tmp_path):  # noqa: F811
    settings.RENOVATION_WEIGHTS = WEIGHTS
    call_command("plan_renovation", "--period", PERIOD, "--out", str(tmp_path), stdout=io.StringIO())
    return tmp_path


def test_the_geopackage_has_labels_beside_the_codes(plan):
    path = plan / "renovation.gpkg"
    fields = list(pyogrio.read_info(path, layer="estates")["fields"])
    estates = pyogrio.read_dataframe(path, layer="estates").set_index("code")

    assert fields.index("ownership_label") == fields.index("ownership") + 1
    assert fields.index("renovation_label") == fields.index("renovation") + 1
    assert estates.loc["A", ["ownership", "ownership_label"]].tolist() == ["multi", "多产权"]
    assert estates.loc["C", ["renovation", "renovation_label"]].tolist() == ["done", "已完成"]


def test_the_workbook_keeps_numbers_in_number_formats(plan):
    wb = load_workbook(plan / "renovation.xlsx")
    scores = wb["评分"]
    headers = [c.value for c in scores[1]]

    assert scores.freeze_panes == "D2" and all(c.font.bold for c in scores[1])
    assert scores.cell(2, headers.index("得分 Score") + 1).number_format == DECIMAL4
    assert scores.column_dimensions["C"].width >= len("测试A号院") * 2
    assert wb["成片包"]["F2"].number_format == PERCENT and 0 < wb["成片包"]["F2"].value < 1
    assert wb["改造前后"].freeze_panes == "A2"


def test_before_after_p_values_are_never_rounded_to_zero():
    # The writer alone, on one comparison as layers.planning.before_after returns it: a strong drop.
    row = {
        "code": "A",
        "name": "测试A号院",
        "renovation_start": date(2025, 3, 1),
        "renovation_end": date(2025, 6, 30),
        "category_name": "房屋修缮/漏雨",
        "before_count": 120,
        "after_count": 9,
        "before_days": 365,
        "after_days": 365,
        "before_per_100_per_year": 60.0,
        "after_per_100_per_year": 4.5,
        "change_pct": -92.5,
        "p_value": 4.1e-27,
        "significant": True,
        "adjusted_change_pct": -90.1,
        "adjusted_p_value": 2.2e-21,
    }
    ws = workbook([], before_after=[row])["改造前后"]
    cells = {header.value: cell for header, cell in zip(ws[1], ws[2], strict=True)}

    assert cells["p 值 p-value"].value == 4.1e-27 and cells["p 值 p-value"].number_format == P_VALUE
    assert cells["对照调整 p 值 p beyond control"].value == 2.2e-21
    assert cells["变化 Change"].value == pytest.approx(-0.925) and cells["变化 Change"].number_format == SIGNED_PERCENT
    assert cells["开工 Works start"].number_format == DATE
