"""English mode (the language cookie) leaves no Chinese label on the pages the server renders: the
dashboard, the phone page, the planners' pages, the weekly report (HTML and xlsx) and the login page.

Data that is Chinese in both languages is allowed: names of places and people, case texts, topic
titles, the hot words taken from case texts. Everything else Chinese on the page, in its attributes
or in the strings handed to its scripts, is an untranslated label. Categories and departments have
English names here, so their Chinese names count as labels too.
"""

import json
import re
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from openpyxl import load_workbook

from layers.analytics.reports import weekly_report
from layers.models import (
    Category,
    Community,
    Complaint,
    Department,
    HousingProject,
    Role,
    StaffProfile,
    Subdistrict,
    Topic,
)
from tests.layers.analytics.conftest import grid_world, new_complaint  # noqa: F401 (fixtures)
from tests.map_ui.test_weekly_report import week47  # noqa: F401 (fixture)

CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
LABEL_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-label")
CONFIG_IDS = ("map-config", "mobile-config", "planner-config")
ENGLISH_NAMES = {"a_parking": "Parking", "a_leak": "Roof leaks", "a_noise": "Noise", "a_unreasonable": "Unreasonable"}
PLANNER_PAGES = ("/planner/", "/planner/packages/", "/planner/before-after/", "/planner/patrols/")


def strings(value) -> list[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def page_texts(html: str) -> list[str]:
    """What a reader sees or hears: text, label attributes, and the strings given to the scripts."""
    soup = BeautifulSoup(html, "html.parser")
    texts = []
    for config_id in CONFIG_IDS:
        config = soup.find(id=config_id)
        if config is not None:
            texts += strings(json.loads(config.string).get("labels", {}))
    for tag in soup(["script", "style"]):
        tag.decompose()
    # The language switch names each language in its own language, by design.
    for form in soup.select("form.language-switch"):
        form.decompose()
    texts += list(soup.stripped_strings)
    texts += [tag[name] for tag in soup.find_all(True) for name in LABEL_ATTRIBUTES if tag.has_attr(name)]
    return texts


def data_words(*extra: str) -> list[str]:
    """Chinese that is data, not a label: the same in both languages (longest first)."""
    words = [
        *Subdistrict.objects.values_list("name", flat=True),
        *Community.objects.values_list("name", flat=True),
        *HousingProject.objects.values_list("name", flat=True),
        *StaffProfile.objects.values_list("display_name", flat=True),
        *Complaint.objects.values_list("description", flat=True),
        *Topic.objects.values_list("title", flat=True),
        *Category.objects.filter(name_en="").values_list("name", flat=True),
        *Department.objects.filter(name_en="").values_list("name", flat=True),
        *extra,
    ]
    return sorted({w for w in words if w}, key=len, reverse=True)


def untranslated(texts: list[str], data: list[str]) -> list[str]:
    """The Chinese left in texts once the data's own words are taken out."""
    left = set()
    for text in texts:
        for word in data:
            text = text.replace(word, " ")
        left.update(CHINESE.findall(text))
    return sorted(left)


@pytest.fixture
def world(week47):  # noqa: F811
    """2026-W47's cases (test_weekly_report), with English names for categories and departments."""
    for code, name_en in ENGLISH_NAMES.items():
        Category.objects.filter(code=code).update(name_en=name_en)
    Department.objects.filter(code="D1").update(name_en="Urban Management Office")
    Department.objects.filter(code="D2").update(name_en="Community Building Office")
    return week47


def english(client, user=None):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def test_the_check_finds_chinese_labels_and_lets_data_through():
    html = (
        '<html><head><title>五里店</title><script id="map-config" type="application/json">'
        '{"labels": {"a": "Ok", "b": {"c": "未译"}}}</script></head><body><p>Cases in 西社区</p>'
        '<button aria-label="关闭">x</button><form class="language-switch"><button>中文</button></form></body></html>'
    )
    assert untranslated(page_texts(html), ["西社区"]) == ["五里店", "关闭", "未译"]


def test_dashboard_in_english_has_no_chinese_label(client, make_user, world):
    leader = make_user(Role.LEADER, username="wang", display_name="王科长")
    html = english(client, leader).get("/").content.decode()

    assert untranslated(page_texts(html), data_words()) == []
    assert '<h2 id="filters-heading">Filters</h2>' in html and "Sub-district leader" in html
    assert '<option value="a_parking">Parking</option>' in html
    assert '<option value="received">Received</option>' in html


def test_the_same_dashboard_is_chinese_without_the_cookie(client, make_user, world):
    client.force_login(make_user(Role.LEADER, username="wang", display_name="王科长"))
    html = client.get("/").content.decode()

    assert '<h2 id="filters-heading">筛选</h2>' in html and "街道领导" in html
    assert '<option value="a_parking">停车难</option>' in html


def test_phone_page_in_english_has_no_chinese_label(client, make_user, world):
    worker = make_user(Role.GRID_WORKER, username="li", display_name="李网格", community=world["west"])
    english(client, worker)
    html = client.get("/m/").content.decode()
    categories = client.get("/m/api/categories/").json()["categories"]

    assert untranslated(page_texts(html), data_words()) == []
    assert "Grid worker reports" in html
    assert {c["code"]: c["name"] for c in categories}["a_leak"] == "Roof leaks"
    assert untranslated([c["name"] for c in categories], data_words()) == []


@pytest.mark.parametrize("url", PLANNER_PAGES)
def test_planners_pages_in_english_have_no_chinese_label(client, make_user, world, url):
    planner = make_user(Role.PLANNER, username="sun", display_name="孙规划")
    response = english(client, planner).get(url)

    assert response.status_code == 200
    assert untranslated(page_texts(response.content.decode()), data_words()) == []


def test_weekly_report_in_english_has_no_chinese_label(client, make_user, world):
    english(client, make_user(Role.LEADER))
    html = client.get("/reports/weekly/2026-W47/").content.decode()
    words = [w["word"] for w in weekly_report("2026-W47")["hot_words"]]

    assert untranslated(page_texts(html), data_words(*words)) == []
    assert "1. Overview" in html and "Roof leaks" in html and "Urban Management Office" in html


def test_weekly_report_xlsx_in_english_has_no_chinese_label(client, make_user, world):
    english(client, make_user(Role.LEADER))
    workbook = load_workbook(BytesIO(client.get("/reports/weekly/2026-W47/xlsx/").content))
    words = [w["word"] for w in weekly_report("2026-W47")["hot_words"]]
    texts = [sheet.title for sheet in workbook]
    texts += [cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row]

    assert untranslated([t for t in texts if isinstance(t, str)], data_words(*words)) == []
    overview = workbook["Overview"]
    assert [c.value for c in overview[1]] == ["Item", "Value"]
    assert {row[0]: row[1] for row in overview.iter_rows(min_row=2, values_only=True)}["Total cases"] == 22


def test_login_page_in_english_has_no_chinese_label(client, db):
    html = english(client).get("/accounts/login/").content.decode()

    assert untranslated(page_texts(html), data_words()) == []


def test_the_report_command_writes_english_on_request(tmp_path, world):
    call_command("weekly_report", "--week", "2026-W47", "--out", str(tmp_path), "--language", "en")
    html = (tmp_path / "weekly-report-2026-W47.html").read_text(encoding="utf-8")
    words = [w["word"] for w in weekly_report("2026-W47")["hot_words"]]

    assert '<html lang="en">' in html and "1. Overview" in html
    assert untranslated(page_texts(html), data_words(*words)) == []
    workbook = load_workbook(tmp_path / "weekly-report-2026-W47.xlsx")
    assert workbook.sheetnames[:3] == ["Overview", "Categories", "Channels"]
