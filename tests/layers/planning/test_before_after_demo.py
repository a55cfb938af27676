"""The demo's renovation dates: in the committed shapefiles, through the importer into the database,
and the demo complaints on the finished estates drop after their works end."""

import io
from datetime import date

import pandas as pd
import pytest
from django.core.management import call_command

from layers.demo import generator
from layers.demo.clock import LEGACY
from layers.demo.complaints import generate
from layers.importers.layer_import import LayerImport
from layers.importers.rows import RowProblem, day, works_dates
from layers.models import HousingProject
from layers.selectors.planning import before_after_totals
from tests.layers.importers.files import metric_rect, write_layer
from tests.layers.test_demo_complaints import demo_places_for

INFRA = ("housing_repair", "roads", "drainage", "utilities", "heating")
# The year the story was written for (shift 0): the works dates as committed.
SPAN = LEGACY


@pytest.fixture(scope="module")
def demo():
    # The places as load_demo_complaints builds them, works dates included.
    places, subdistrict = demo_places_for(SPAN)
    estates = generator.generate()["housing-projects"]
    return estates, places, generate(places, subdistrict, SPAN, volume=0.3)


def test_works_dates_by_status(demo):
    estates = demo[0]
    done = estates[estates.renovation == "done"]
    assert sorted(done.reno_start) == ["2026-02-23", "2026-03-02", "2026-03-09", "2026-03-16"]
    assert sorted(done.reno_end) == ["2026-05-04", "2026-05-11", "2026-05-18", "2026-05-25"]
    started = estates[estates.renovation == "in_progress"]
    assert sorted(started.reno_start) == ["2026-09-01", "2026-09-15", "2026-09-29"]
    assert (started.reno_end == "").all()
    assert (estates[~estates.renovation.isin(["done", "in_progress"])].reno_start == "").all()


def test_infrastructure_complaints_drop_after_the_works(demo):
    _, places, cases = demo
    for place in (p for p in places if p.renovation == "done"):
        infra = [c.received_at.date() for c in cases if c.place == place.name and c.category in INFRA]
        before = sum(d < place.renovation_start for d in infra) / (place.renovation_start - SPAN.start).days
        after = sum(d > place.renovation_end for d in infra) / (SPAN.end - place.renovation_end).days
        # Per household the estate weighs 2.6 before the works and 0.6 after: a quarter of the rate,
        # seasons aside (winter heating before, summer leaks and waterlogging after).
        assert after < 0.5 * before, place.name


def test_importer_reads_works_dates():
    assert day({"d": "2026/5/4"}, "d") == date(2026, 5, 4) == day({"d": "2026年5月4日"}, "d")
    assert day({"d": "2026/05/04 00:00:00"}, "d") == date(2026, 5, 4) == day({"d": "2026-05-04T00:00"}, "d")
    assert day({"d": ""}, "d") is None and day({"d": float("nan")}, "d") is None
    with pytest.raises(RowProblem, match="reno_start: .*2026-05-04"):
        day({"reno_start": "May 4"}, "reno_start")
    with pytest.raises(RowProblem, match="reno_end: .*早于开工日期"):
        works_dates({"reno_start": "2026-05-04", "reno_end": "2026-03-01"})


def test_load_demo_stores_the_dates_and_the_demo_year_shows_the_drop(db):
    # Today's demo year: the works dates a week or more after the committed ones, by the story's shift.
    call_command("load_demo", stdout=io.StringIO())
    done = HousingProject.objects.filter(renovation="done")
    assert done.count() == 4 and not done.filter(renovation_end__isnull=True).exists()
    assert HousingProject.objects.filter(renovation="in_progress", renovation_start__gte=date(2026, 9, 8)).count() == 3
    call_command("load_demo_complaints", "--volume", "0.1", stdout=io.StringIO())
    totals = before_after_totals(as_of=None)
    # At a tenth of the volume the small estates have a handful of cases; the two large ones
    # (1,019 and 1,230 households) have enough to show the drop beyond chance.
    large = [t for t in totals if t["households"] > 1000]
    assert len(totals) == 4 and len(large) == 2
    assert all(t["change_pct"] < -50 and t["significant"] for t in large), large


def test_works_dates_import_from_chinese_fields_and_dbase_dates(small_world, tmp_path):
    estate = {"code": "E01", "name": "测试院", "community": "110106021001", "ownership": "单一产权"}
    dated = {**estate, "改造开工日期": "2026/3/1", "改造完工日期": "2026年5月4日"}
    path = write_layer(tmp_path / "estates.gpkg", [dated], [metric_rect(10, 10, 100, 100)])
    assert LayerImport("housing-projects", path).run(commit=True).ok
    e = HousingProject.objects.get(code="E01")
    assert (e.renovation_start, e.renovation_end) == (date(2026, 3, 1), date(2026, 5, 4))
    # Date columns: a GeoPackage keeps them as dates (read back as timestamps); into a Shapefile GDAL
    # writes them as text "2026/09/01 00:00:00" (written so here). An empty end is NaT or null.
    frames = {
        "dates.gpkg": [{**estate, "reno_start": pd.Timestamp("2026-09-01"), "reno_end": pd.NaT}],
        "dates.shp": [{**estate, "reno_start": "2026/09/01 00:00:00", "reno_end": None}],
    }
    for name, frame in frames.items():
        HousingProject.objects.filter(code="E01").update(renovation_start=None)
        path = write_layer(tmp_path / name, frame, [metric_rect(10, 10, 100, 100)], encoding="UTF-8")
        assert LayerImport("housing-projects", path).run(commit=True).updated == ["E01"], name
        e.refresh_from_db()
        assert (e.renovation_start, e.renovation_end) == (date(2026, 9, 1), None), name
    bad = write_layer(tmp_path / "bad.gpkg", [{**estate, "改造完工日期": "五月"}], [metric_rect(10, 10, 100, 100)])
    report = LayerImport("housing-projects", bad).run(commit=True)
    assert not report.ok and "reno_end" in report.refused[0].message and "2026-05-04" in report.refused[0].message
    e.refresh_from_db()
    assert e.renovation_start == date(2026, 9, 1)  # refused file changed nothing
