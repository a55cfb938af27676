"""400, 403, 404 and 500 pages: what happened and what to do, in Chinese first and in English by the
switch; JSON for API paths; with DEBUG off nothing of the exception reaches the answer."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory, override_settings
from django.utils import translation

from layers.models import Role
from map_ui.errors import permission_denied

CONTACT = "街道接诉即办办公室 010-63800000"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def text(response) -> str:
    return response.content.decode()


def test_an_unknown_page_says_so_in_chinese_and_what_to_do(client, db):
    response = client.get("/no-such-page/")

    page = text(response)
    assert response.status_code == 404
    assert '<html lang="zh-Hans">' in page
    assert "找不到页面" in page and "没有这个网址：/no-such-page/。" in page
    assert "检查网址是否输入正确" in page and "从首页重新进入" in page
    assert "请联系街道接诉即办办公室或系统管理员。" in page
    assert 'action="/i18n/setlang/"' in page  # the 中文/EN switch


def test_an_unknown_page_in_english(english, db):
    response = english.get("/no-such-page/")

    page = text(response)
    assert response.status_code == 404
    assert '<html lang="en">' in page
    assert "Page not found" in page and "There is no page at /no-such-page/." in page
    assert "Start again from the home page." in page
    assert "找不到页面" not in page


@override_settings(OFFICE_CONTACT=CONTACT)
def test_the_page_names_the_office_to_call_when_it_is_set(client, db):
    assert f"请联系{CONTACT}。" in text(client.get("/no-such-page/"))


def test_an_unknown_api_address_answers_json_even_to_a_browser(client, db):
    response = client.get("/api/no-such-endpoint/", HTTP_ACCEPT="text/html")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "没有这个接口地址：/api/no-such-endpoint/。全部接口见 /api/。"}


def test_an_unknown_api_address_in_english(english, db):
    response = english.get("/api/no-such-endpoint/")

    assert response.json() == {
        "detail": "There is no API endpoint at /api/no-such-endpoint/. Every endpoint is listed at /api/."
    }


def test_a_role_without_access_is_told_its_role_and_whom_to_ask(client, make_user):
    client.force_login(make_user(Role.GRID_WORKER))

    response = client.get("/reports/weekly/2026-W10/")

    page = text(response)
    assert response.status_code == 403
    assert "没有权限" in page and "您的账号（角色：网格员）无权打开此页面或执行此操作。" in page
    assert "请系统管理员为您的账号分配相应的角色" in page and "重新登录" in page
    assert "周报仅限街道领导、科室、规划和管理人员查看" in page  # the view's own reason


def test_a_role_without_access_in_english(english, make_user):
    english.force_login(make_user(Role.GRID_WORKER))

    page = text(english.get("/reports/weekly/2026-W10/"))

    assert "Access denied" in page and "ask your system administrator to give your account the role" in page
    assert "Log in again" in page


def test_someone_not_logged_in_is_asked_to_log_in(db):
    request = RequestFactory().get("/planner/")
    request.user = AnonymousUser()

    with translation.override("zh-hans"):  # no middleware here to choose it
        response = permission_denied(request)

    page = text(response)
    assert response.status_code == 403
    assert "您尚未登录，或登录已过期。" in page and "/accounts/login/?next=/planner/" in page


def test_a_form_sent_without_its_security_token_says_the_page_expired(db):
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "a", "password": "b"})

    page = text(response)
    assert response.status_code == 403
    assert "页面已过期" in page and "返回上一页，刷新后重新提交。" in page
    assert "CSRF" not in page


def test_a_bad_request_says_what_to_check(client, db):
    response = client.get("/", HTTP_HOST="not-our-host.example")

    page = text(response)
    assert response.status_code == 400
    assert "请求有误" in page and "检查地址栏中的网址是否完整。" in page


@pytest.mark.urls("tests.map_ui.error_urls")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_server_error_page_with_debug_off_shows_no_trace(db, settings, language):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.get("/boom/")

    page = text(response)
    assert response.status_code == 500
    assert ("服务器出错" if language == "zh-hans" else "Server error") in page
    assert ("请稍后再试一次。" if language == "zh-hans" else "Please try again in a little while.") in page
    for leak in ("Traceback", "RuntimeError", "secret-internal-detail", "hunter2", "error_urls", ".py"):
        assert leak not in page


@pytest.mark.urls("tests.map_ui.error_urls")
def test_a_server_error_under_the_api_is_json_without_a_trace(db, settings):
    settings.DEBUG = False

    response = Client(raise_request_exception=False).get("/api/boom/")

    assert response.status_code == 500
    assert response.json() == {"detail": "服务器处理这个请求时出错，错误已记入日志。"}
