"""Issue 17, part 6: GeoPackage (and every other) export carries a label column beside each code
column, so QGIS shows 多产权 and 已纳入改造 rather than multi and planned; Shapefile names stay within
dBase's 10 bytes and distinct. Read back with GDAL (pyogrio) from the written files."""

import pyogrio
import pytest

from layers.exporters import LAYERS, export_layer, get_layer
from layers.i18n import source_text
from layers.models import Complaint, HousingProject, SishiType
from tests.layers.exporters import world
from tests.layers.exporters.readback import read

export_world = world.export_world

# Code column -> its label column, per layer (the label right after the code in the file).
LABELLED = {
    "housing-projects": {"ownership": "ownership_label", "renovation": "renovation_label"},
    "military-zones": {"kind": "kind_label"},
    "complaints": {
        "channel": "channel_label",
        "category_code": "category_name",
        "sishi_type": "sishi_label",
        "status": "status_label",
        "satisfaction": "satisfaction_label",
        "location_source": "location_source_label",
    },
}


def _gpkg(tmp_path, layer):
    path = tmp_path / f"{layer}.gpkg"
    export_layer(layer, "gpkg", "4326", path)
    return path


@pytest.mark.parametrize("layer", list(LABELLED))
def test_every_code_column_has_its_label_beside_it(export_world, tmp_path, layer):
    fields = list(pyogrio.read_info(_gpkg(tmp_path, layer))["fields"])

    for code, label in LABELLED[layer].items():
        assert fields.index(label) == fields.index(code) + 1, (code, label, fields)


def test_estate_labels_are_the_words_the_pages_show(export_world, tmp_path):
    HousingProject.objects.filter(code="E01").update(renovation="planned")
    frame = read(_gpkg(tmp_path, "housing-projects")).set_index("code")

    assert frame.loc["E01", ["ownership", "ownership_label"]].tolist() == ["multi", "多产权"]
    assert frame.loc["E01", ["renovation", "renovation_label"]].tolist() == ["planned", "已纳入改造"]
    assert frame.loc["E02", ["ownership", "ownership_label"]].tolist() == ["single", "单一产权"]
    assert frame.loc["E02", "renovation_label"] == "未纳入"


def test_complaint_labels_are_the_words_the_pages_show(export_world, tmp_path):
    Complaint.objects.filter(status="closed").update(satisfaction="satisfied", location_source="gps")
    frame = read(_gpkg(tmp_path, "complaints"))
    leak = frame[(frame.status == "closed") & (frame.category_code == "c_leak")].iloc[0]

    # The Chinese labels of the model's choices, as the pages show them (not the request's language).
    words = [
        source_text(Complaint.Channel.HOTLINE_12345.label),
        source_text(SishiType.DIFFICULT.label),
        source_text(Complaint.Status.CLOSED.label),
        source_text(Complaint.Satisfaction.SATISFIED.label),
        source_text(Complaint.LocationSource.GPS.label),
        "房屋漏雨",
    ]
    columns = ["channel_label", "sishi_label", "status_label", "satisfaction_label", "location_source_label"]
    assert leak[[*columns, "category_name"]].tolist() == words
    received = frame[frame.status == "received"].iloc[0]
    # A code left empty has no label either (NULL), not a made-up one.
    assert received[["satisfaction_label", "location_source_label"]].isna().all()


@pytest.mark.parametrize("layer", list(LAYERS))
def test_shapefile_names_fit_ten_bytes_and_differ(layer):
    names = [field.shp for field in get_layer(layer).fields]

    assert all(len(name.encode()) <= 10 for name in names)
    assert len(set(names)) == len(names)


def test_the_shapefile_carries_the_short_label_names(export_world, tmp_path):
    path = tmp_path / "complaints.zip"
    export_layer("complaints", "shp", "4326", path)

    fields = set(pyogrio.read_info(f"/vsizip/{path}")["fields"])
    assert {"stat_label", "chan_label", "sishi_lbl", "satis_lbl", "loc_label", "cat_name"} <= fields
