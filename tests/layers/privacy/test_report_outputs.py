"""The held-back list through the documents that list many cases: the weekly report (its API, A4
page and workbook, the command's files), the ledger API and the monthly 考评. Whole only for the
roles that handle every case (leader, admin); masked for planners, agencies and department staff
(who see their own cases whole in the cases API); the command's files, which leave the system, masked."""

import json
from io import BytesIO

import openpyxl
import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from layers.analytics import reports
from tests.layers.api.cases_world import cases_world_fixture, categories_fixture  # noqa: F401
from tests.layers.privacy.world import leaks, planted_fixture, report_week  # noqa: F401

ROLES = [("planner", False), ("agency", False), ("dept", False), ("leader", True)]


@pytest.fixture(autouse=True)
def every_case_listed(monkeypatch):
    # The printed report lists the 20 oldest overdue and ledger cases; here every planted case.
    monkeypatch.setattr(reports, "LISTED", 100)


def _client(cases_world, make_user, role) -> APIClient:
    client = APIClient()
    client.force_login(cases_world.get(role) or make_user(role))
    return client


def _ok(response) -> bytes:
    assert response.status_code == 200, response.content[:500]
    return response.content


def _shown(planted, whole: bool):
    def text(case, field: str, cut: int | None = None) -> str:
        value = case.whole(field) if whole else case.masked(field)
        return value[:cut] if cut else value

    return text


def _check_report(data: dict, planted, whole: bool) -> None:
    text = _shown(planted, whole)
    overdue = {c["id"]: c["description"] for c in data["outstanding"]["overdue_cases"]}
    ledger = {e["id"]: (e["description"], e["ledger_owner"]) for e in data["ledger"]["entries"]}
    for case in planted:
        if case.on_ledger:
            assert ledger[case.pk] == (text(case, "description"), text(case, "ledger_owner"))
        else:
            assert overdue[case.pk] == text(case, "description", 60)
    assert all("complainant_name" not in row for row in data["ledger"]["entries"])


@pytest.mark.parametrize(("role", "whole"), ROLES)
def test_weekly_report_api_page_and_workbook(cases_world, make_user, planted, role, whole):
    client, week = _client(cases_world, make_user, role), report_week(planted)
    api = _ok(client.get(f"/api/stats/weekly/{week}/"))
    _check_report(json.loads(api), planted, whole)
    page = _ok(client.get(f"/reports/weekly/{week}/"))
    workbook = openpyxl.load_workbook(BytesIO(_ok(client.get(f"/reports/weekly/{week}/xlsx/"))))
    cells = "\n".join(str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row if c.value)
    text = _shown(planted, whole)
    for case in planted:
        expected = text(case, "description") if case.on_ledger else text(case, "description", 60)
        assert expected in page.decode() and expected in cells
    for body in (api, page, cells):
        assert (leaks(body, planted) == []) is not whole


@pytest.mark.parametrize(("role", "whole"), ROLES)
def test_ledger_api(cases_world, make_user, planted, role, whole):
    body = _ok(_client(cases_world, make_user, role).get("/api/stats/ledger/"))
    entries = {e["id"]: e for e in json.loads(body)["entries"]}
    text = _shown(planted, whole)
    for case in (c for c in planted if c.on_ledger):
        assert (entries[case.pk]["description"], entries[case.pk]["ledger_owner"]) == (
            text(case, "description"),
            text(case, "ledger_owner"),
        )
    assert (leaks(body, planted) == []) is not whole


def test_hot_words_hold_no_secret(cases_world, planted):
    client = APIClient()
    client.force_login(cases_world["leader"])
    words = json.loads(_ok(client.get(f"/api/stats/weekly/{report_week(planted)}/")))["hot_words"]
    assert words and leaks(json.dumps(words, ensure_ascii=False), planted) == []


def test_monthly_assessment_lists_no_case_text(cases_world, planted):
    client = APIClient()
    client.force_login(cases_world["dept"])
    month = planted[0].complaint.received_at.strftime("%Y-%m")
    for url in (f"/reports/monthly/{month}/", f"/reports/monthly/{month}/xlsx/"):
        assert leaks(_ok(client.get(url)), planted) == []


def test_the_report_command_writes_masked_files(planted, tmp_path):
    call_command("weekly_report", week=report_week(planted), out=str(tmp_path))
    html = next(tmp_path.glob("*.html")).read_text(encoding="utf-8")
    workbook = openpyxl.load_workbook(next(tmp_path.glob("*.xlsx")))
    cells = "\n".join(str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row if c.value)
    assert leaks(html, planted) == [] and leaks(cells, planted) == []
    assert planted[0].masked("description") in html
