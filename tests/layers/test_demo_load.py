"""The demo layers, loaded through the product's import path, meet every published figure."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from layers.models import Building, Community, GridCell, HousingProject, MilitaryZone, Role, StaffProfile
from layers.validation import run_checks


@pytest.fixture
def demo(db):
    # Loaded inside the test's transaction (rolled back after it), through the product's path.
    call_command("load_demo", stdout=io.StringIO())


def test_published_figures(demo):
    assert Community.objects.count() == 16
    ownership = dict(HousingProject.objects.values_list("ownership").annotate(n=Count("id")))
    assert ownership == {"single": 38, "multi": 19, "private": 2}
    totals = Community.objects.aggregate(
        h=Sum("households"),
        r=Sum("residents"),
        f=Sum("floating_population"),
    )
    assert (totals["h"], totals["r"]) == (37_000, 79_000)
    assert 6_500 <= totals["f"] <= 7_500
    assert HousingProject.objects.exclude(renovation="none").filter(is_old_estate=True).count() == 9
    assert HousingProject.objects.filter(property_company="").count() == 4
    assert not HousingProject.objects.filter(buildings__isnull=True).exists()
    assert Building.objects.filter(owner_units__isnull=False).count() > 0
    assert HousingProject.objects.filter(name="丰西路45号院", community__name="丰西路社区").exists()
    assert Community.objects.filter(name__in=["北大地西区社区", "东安街社区"], name_is_placeholder=False).count() == 2


def test_military_share_and_grid_cells(demo):
    report = run_checks()
    assert 31.3 <= report.counts["military_share_pct"] <= 35.3
    assert 7_000 <= report.counts["grid_median_area_m2"] <= 13_000
    assert not report.has_errors, [f.message for f in report.findings if f.severity == "error"]
    assert MilitaryZone.objects.count() > 0 and GridCell.objects.count() > 300


def test_second_load_changes_nothing(demo, capsys):
    before = list(HousingProject.objects.order_by("code").values_list("id", "code", "households", "geom"))
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "新增 0, 更新 0" in out and "新增 1" not in out
    assert before == list(HousingProject.objects.order_by("code").values_list("id", "code", "households", "geom"))


def test_one_demo_account_per_role_with_assignments(demo):
    roles = set(StaffProfile.objects.values_list("role", flat=True))
    assert roles == {r.value for r in Role}
    worker = StaffProfile.objects.get(user__username="gridworker")
    cells = GridCell.objects.filter(grid_worker=worker.user)
    assert cells.exists() and set(cells.values_list("community__name", flat=True)) == {"丰西路社区"}
