"""Issue 17, part 6: the weekly report's workbook holds real numbers shown through number formats
(changes and rates in percent, p-values in scientific notation, never rounded to 0), a frozen bold
header on every sheet and columns as wide as their text. Read back with openpyxl."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from layers.analytics.reports import weekly_report
from layers.exporters.weekly_report import workbook_bytes
from tests.layers.analytics.conftest import grid_world, new_complaint  # noqa: F401 (fixtures)
from tests.map_ui.dashboard_world import dashboard_world  # noqa: F401 (fixture)
from tests.map_ui.test_weekly_report import topics, week47  # noqa: F401 (fixtures)

# What a reader sees: p in scientific notation, rates in percent, changes with their sign.
P_VALUE, PERCENT, SIGNED_PERCENT = "0.00E+00", "0.0%", "+0.0%;-0.0%;0.0%"


def book(report):
    return load_workbook(BytesIO(workbook_bytes(report)))


@pytest.fixture
def report(topics):  # noqa: F811
    return weekly_report("2026-W47")


def test_every_sheet_has_a_frozen_bold_header_and_fitted_columns(report):
    wb = book(report)

    for ws in wb:
        assert ws.freeze_panes in ("A2", "C2"), ws.title
        assert all(cell.font.bold for cell in ws[1]), ws.title
        for column in ws.iter_cols(min_row=1):
            # Text sets the width (numbers and dates show through their formats, a fixed few digits).
            texts = [c.value for c in column[1:] if isinstance(c.value, str)]
            longest = max(map(len, texts), default=0)
            width = ws.column_dimensions[column[0].column_letter].width
            assert width is not None and width >= min(longest, 58), (ws.title, column[0].column_letter)
    assert wb["社区排名"].freeze_panes == "C2"


def test_changes_and_rates_are_numbers_in_percent(report):
    wb = book(report)
    overview = {row[0].value: row[1] for row in wb["概况"].iter_rows(min_row=2)}

    assert overview["环比"].value == pytest.approx(report["totals"]["change_pct"] / 100)
    assert overview["环比"].number_format == SIGNED_PERCENT
    assert overview["诉求总量"].number_format == "0"
    assert overview["数据截至"].number_format == "yyyy-mm-dd hh:mm"
    assert overview["本周已结束"].value == "是"
    west = next(r for r in wb["社区排名"].iter_rows(min_row=2) if r[1].value == "西社区")
    row = next(r for r in report["rankings"]["community"]["rows"] if r["name"] == "西社区")
    assert west[3].value == pytest.approx(row["response_rate"] / 100) and west[3].number_format == PERCENT
    noise = next(r for r in wb["分类"].iter_rows(min_row=2) if r[0].value == "噪音扰民")
    assert noise[3].value == pytest.approx(-1.0) and noise[3].number_format == SIGNED_PERCENT


def test_p_values_keep_their_precision_in_scientific_notation(dashboard_world):  # noqa: F811
    # The dashboard tests' fortnight: a parking cluster makes hot cells in 2026-W47.
    report = weekly_report("2026-W47")
    wb = book(report)
    hot = list(wb["热点网格"].iter_rows(min_row=2))
    assert hot, "the week has hot cells"
    for cell, row in zip((r[4] for r in hot), report["hotspots"]["grid_cells"]["top"], strict=True):
        assert cell.value == pytest.approx(row["gi_p_fdr"], rel=1e-12) and cell.number_format == P_VALUE

    # A Benjamini–Hochberg p far below 0.0001 stays what it is (the old sheet rounded it to 0).
    report["hotspots"]["grid_cells"]["top"][0]["gi_p_fdr"] = 3.2e-9
    assert book(report)["热点网格"]["E2"].value == pytest.approx(3.2e-9, rel=1e-12)


def test_topic_p_values_are_in_scientific_notation(report):
    topic = next(r for r in book(report)["议题成效"].iter_rows(min_row=2) if r[8].value is not None)

    assert topic[8].number_format == P_VALUE
