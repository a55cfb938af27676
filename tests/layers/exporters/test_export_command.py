"""export_layers and the complaint filters: the same selection at the command line as in the API."""

import pytest
from django.core.management import CommandError, call_command

from layers.exporters import ComplaintFilters
from tests.layers.exporters import world
from tests.layers.exporters.readback import ogrinfo_summary, read

export_world = world.export_world


def _ids(tmp_path, **filters):
    out = tmp_path / "c.gpkg"
    call_command("export_layers", layer="complaints", format="gpkg", srid="4326", out=str(out), **filters)
    return sorted(read(out)["received_at"].str[8:10].astype(int))


def test_command_writes_a_file_gdal_reads(export_world, tmp_path, capsys):
    out = tmp_path / "grid.zip"
    call_command("export_layers", "--layer", "grid-cells", "--format", "shp", "--srid", "4548", "--out", str(out))
    assert ogrinfo_summary(out) == (4, 4548)
    assert "grid-cells: 4 features" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("filters", "days"),
    [
        ({}, [5, 10, 15, 20, 25]),
        ({"status": "closed"}, [10, 20]),
        ({"status": "closed,resolved"}, [10, 20, 25]),
        ({"category": "c_leak"}, [5, 10, 25]),  # the parent takes its child category (屋顶漏雨) along
        ({"category": "c_leak_roof"}, [25]),
        ({"since": "2026-01-10", "until": "2026-01-20"}, [10, 15]),
        ({"since": "2026-01-15T09:30:00+08:00"}, [15, 20, 25]),
        ({"community": "110106021002"}, [20, 25]),
        ({"area": "A1"}, [20, 25]),
        ({"area": "A1", "category": "c_noise"}, [20]),
    ],
)
def test_complaint_filters(export_world, tmp_path, filters, days):
    assert _ids(tmp_path, **filters) == days


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"status": "done"}, "status: unknown done"),
        ({"category": "nope"}, "category: unknown nope"),
        ({"community": "999"}, "community: no community with code '999'"),
        ({"area": "Z9"}, "area: no area"),
        ({"since": "31/01/2026"}, "since: '31/01/2026' is not a date"),
        ({"since": "2026-02-01", "until": "2026-01-01"}, "must be before until"),
    ],
)
def test_bad_filters_are_named_and_nothing_is_written(export_world, tmp_path, filters, message):
    out = tmp_path / "c.gpkg"
    with pytest.raises(CommandError, match=message):
        call_command("export_layers", layer="complaints", format="gpkg", out=str(out), **filters)
    assert not out.exists()
    with pytest.raises(ValueError):
        ComplaintFilters.parse(filters)


def test_kml_in_4548_is_refused_by_the_command(export_world, tmp_path):
    with pytest.raises(CommandError, match="KML coordinates are always longitude/latitude"):
        call_command("export_layers", layer="communities", format="kml", srid="4548", out=str(tmp_path / "c.kml"))
