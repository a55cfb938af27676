"""/desk/import/ through Django's test client: who may use it, upload → dry run table → commit of
exactly what was previewed, the rejects download, and the refusals (changed file, changed plan,
someone else's upload)."""

import csv
import io

import pytest
from django.core.management import call_command

from layers.models import Complaint
from tests.map_ui.desk_sheet import ensure_categories, make_estate, rows, write_sheet

URL = "/desk/import/"


@pytest.fixture
def uploads_dir(settings, tmp_path):
    settings.HOTLINE_UPLOAD_DIR = tmp_path / "uploads"
    return settings.HOTLINE_UPLOAD_DIR


@pytest.fixture
def office(client, make_user, small_world, uploads_dir):
    ensure_categories()
    make_estate(small_world)
    client.force_login(make_user("department", username="wang", display_name="王科员"))
    return client


def upload(client, path, **extra):
    with path.open("rb") as handle:
        return client.post(URL, {"sheet": handle, **extra})


def previewed(client, tmp_path):
    response = upload(client, write_sheet(tmp_path / "派单.xlsx"))
    assert response.status_code == 302, response.content.decode()[:500]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return response["Location"], page


def form_values(page) -> dict:
    report, upload_ = page.context["report"], page.context["upload"]
    return {"plan": report.digest, "sha256": upload_.sha256, "crs": page.context["crs"]}


def test_anonymous_users_are_sent_to_login(client, db):
    assert client.get(URL)["Location"] == f"/accounts/login/?next={URL}"


@pytest.mark.parametrize("role", ["grid_worker", "cadre", "planner", "agency"])
def test_roles_outside_the_office_get_403(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("role", ["department", "leader", "admin"])
def test_the_office_opens_the_upload_form_in_chinese(client, make_user, role):
    client.force_login(make_user(role))
    page = client.get(URL).content.decode()
    assert "导入12345派单表" in page and 'type="file"' in page and 'lang="zh-Hans"' in page


def test_upload_shows_the_dry_run_and_writes_nothing(office, tmp_path):
    _location, page = previewed(office, tmp_path)
    text = page.content.decode()
    lines = {line["row"].number: line for line in page.context["rows"]}
    assert [lines[n]["kind"] for n in range(2, 7)] == ["new", "flagged", "rejected", "repeat", "rejected"]
    assert "工单编号为空" in lines[4]["reasons"][0] and "诉求内容为空" in lines[6]["reasons"][0]
    assert any("城市管理>共享单车" in reason for reason in lines[3]["reasons"])
    assert "房屋修缮/漏雨" in lines[2]["row"].preview_category
    assert "丰西路45号院" in lines[2]["row"].preview_place and "丰西路45号院" in lines[3]["row"].preview_place
    assert "确认导入 2 条新工单" in text and "下载拒绝行文件" in text
    assert Complaint.objects.count() == 0


def test_commit_imports_what_was_previewed_and_offers_the_rejects(office, tmp_path):
    location, page = previewed(office, tmp_path)
    done = office.post(location, form_values(page))
    assert done.status_code == 200 and done.context["report"].created == 2
    assert sorted(Complaint.objects.values_list("ticket_no", flat=True)) == ["D-001", "D-002"]
    assert Complaint.objects.get(ticket_no="D-002").category.code == "other"
    assert Complaint.objects.get(ticket_no="D-001").events.first().actor.username == "wang"
    rejects = office.get(f"{location}rejects.csv")
    assert rejects.status_code == 200 and "attachment" in rejects["Content-Disposition"]
    table = list(csv.reader(io.StringIO(b"".join(rejects.streaming_content).decode("utf-8-sig"))))
    assert [row[:2] for row in table] == [["行号", "工单编号"], ["4", ""], ["6", "D-005"]]
    # Sending the form again (a double click, the back button) imports nothing more.
    assert office.post(location, form_values(page)).status_code == 302
    assert Complaint.objects.count() == 2


def test_a_file_changed_on_the_server_after_the_preview_is_refused(office, tmp_path, uploads_dir):
    location, page = previewed(office, tmp_path)
    stored = next(uploads_dir.glob("*.xlsx"))
    write_sheet(stored, data=[["X-1", "2026-11-23 09:00", "别的内容", "地址", "房屋修缮", "2026-11-23 10:00", ""]])
    assert office.post(location, form_values(page)).status_code == 403
    assert Complaint.objects.count() == 0


def test_a_plan_changed_since_the_preview_is_refused_and_shown_again(office, tmp_path):
    location, page = previewed(office, tmp_path)
    # Meanwhile someone imports one of the tickets with the command.
    other = write_sheet(tmp_path / "other.xlsx", data=rows()[:1])
    call_command("import_12345", str(other), "--commit", stdout=io.StringIO())
    response = office.post(location, form_values(page))
    assert response.status_code == 409 and "导入计划已有变化" in response.content.decode()
    assert list(Complaint.objects.values_list("ticket_no", flat=True)) == ["D-001"]
    assert {line["row"].number: line["kind"] for line in response.context["rows"]}[2] == "existing"


def test_someone_elses_upload_and_unknown_tokens(office, tmp_path, client, make_user):
    location, _page = previewed(office, tmp_path)
    office.force_login(make_user("leader", username="li"))
    assert office.get(location).status_code == 403
    assert office.get(f"{URL}{'x' * 32}/").status_code == 404
    assert office.get(f"{URL}../../etc/").status_code == 404


def test_a_file_of_another_type_is_refused_by_name(office, tmp_path):
    other = tmp_path / "派单.xls"
    other.write_bytes(b"\xd0\xcf\x11\xe0 legacy")
    response = upload(office, other)
    assert response.status_code == 400 and "派单.xls" in response.content.decode()
