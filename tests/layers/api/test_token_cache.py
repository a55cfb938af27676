"""The per-process token cache (layers/api/auth.py): it carries the user's staff profile, so a
token call reads neither the token nor the role from the database; the process that changes a
role, deactivates a user or deletes a token forgets what it cached at once, and every other process
within ACCESS_CHECK_SECONDS (a change "elsewhere" is made here with raw SQL: no signal reaches
this process's cache, only the version the triggers bump)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from layers.api import auth
from layers.models import Role
from tests.layers.api.cases_world import cases_world_fixture, categories_fixture  # noqa: F401 (fixtures)
from tests.layers.api.test_complaints_api import URL, payload


@pytest.fixture
def token_client(cases_world, monkeypatch):
    """A token client for the agency account (read-only: it may list cases but not take them in).
    The version check waits an hour unless a test says otherwise: these tests count what a cached
    call reads, and a check falling between two calls would empty the cache they look at."""
    monkeypatch.setattr(auth, "ACCESS_CHECK_SECONDS", 3600)
    user = cases_world["agency"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return user, client


def test_a_cached_token_costs_no_token_or_role_query(token_client):
    _user, client = token_client
    assert client.get(URL).status_code == 200  # caches the token, its user and the staff profile
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    tables = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "authtoken_token" not in tables and "layers_staffprofile" not in tables, tables


def test_a_changed_role_applies_on_the_next_call(token_client):
    user, client = token_client
    assert client.post(URL, payload(), format="json").status_code == 403  # agency: read-only
    user.staff.role = Role.LEADER
    user.staff.save()
    response = client.post(URL, payload(), format="json")
    assert response.status_code == 201, response.content


def test_a_deactivated_user_is_refused_on_the_next_call(token_client):
    user, client = token_client
    assert client.get(URL).status_code == 200
    user.is_active = False
    user.save()
    response = client.get(URL)
    # 403, not 401: SessionAuthentication comes first and sends no WWW-Authenticate challenge.
    assert response.status_code == 403
    assert response.json()["detail"] == "用户未激活或者已删除。"


def test_a_login_keeps_the_cache(token_client):
    user, client = token_client
    assert client.get(URL).status_code == 200
    user.save(update_fields=["last_login"])  # what a login writes
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    assert "authtoken_token" not in " ".join(q["sql"] for q in ctx.captured_queries)


def test_a_deleted_token_is_refused_and_an_unknown_one_too(token_client):
    user, client = token_client
    assert client.get(URL).status_code == 200
    Token.objects.filter(user=user).get().delete()
    response = client.get(URL)
    assert (response.status_code, response.json()["detail"]) == (403, "认证令牌无效。")
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert client.get(URL).json()["detail"] == "认证令牌无效。"


def _elsewhere(sql, params):
    """A write by another process: plain SQL, so no signal clears this process's cache."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _access_version():
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM layers_access_version")
        return cursor.fetchone()[0]


def test_a_user_deactivated_elsewhere_is_refused_once_the_version_is_checked(token_client, monkeypatch):
    user, client = token_client
    monkeypatch.setattr(auth, "ACCESS_CHECK_SECONDS", 0)
    assert client.get(URL).status_code == 200  # cached, and the version seen
    _elsewhere("UPDATE auth_user SET is_active = false WHERE id = %s", [user.pk])
    monkeypatch.setattr(auth, "ACCESS_CHECK_SECONDS", 3600)
    assert client.get(URL).status_code == 200  # between two checks the cache answers
    monkeypatch.setattr(auth, "ACCESS_CHECK_SECONDS", 0)
    response = client.get(URL)
    assert (response.status_code, response.json()["detail"]) == (403, "用户未激活或者已删除。")


def test_a_role_changed_elsewhere_applies_at_the_next_check(token_client, monkeypatch):
    user, client = token_client
    monkeypatch.setattr(auth, "ACCESS_CHECK_SECONDS", 0)
    assert client.post(URL, payload(), format="json").status_code == 403  # agency: read-only
    _elsewhere("UPDATE layers_staffprofile SET role = %s WHERE user_id = %s", [Role.LEADER, user.pk])
    response = client.post(URL, payload(), format="json")
    assert response.status_code == 201, response.content


def test_a_token_deleted_elsewhere_is_refused_at_the_next_check(token_client, monkeypatch):
    user, client = token_client
    monkeypatch.setattr(auth, "ACCESS_CHECK_SECONDS", 0)
    assert client.get(URL).status_code == 200
    _elsewhere("DELETE FROM authtoken_token WHERE user_id = %s", [user.pk])
    response = client.get(URL)
    assert (response.status_code, response.json()["detail"]) == (403, "认证令牌无效。")


def test_a_login_elsewhere_does_not_move_the_version_but_other_user_changes_do(token_client):
    user, _client = token_client
    before = _access_version()
    _elsewhere("UPDATE auth_user SET last_login = %s WHERE id = %s", [timezone.now(), user.pk])
    assert _access_version() == before  # a sign-in empties no cache
    _elsewhere("UPDATE auth_user SET first_name = 'x', last_login = %s WHERE id = %s", [timezone.now(), user.pk])
    assert _access_version() == before + 1
    _elsewhere("INSERT INTO authtoken_token (key, user_id, created) SELECT %s, id, now() FROM auth_user WHERE id <> %s "
               "AND id NOT IN (SELECT user_id FROM authtoken_token) LIMIT 1", ["f" * 40, user.pk])  # fmt: skip
    assert _access_version() == before + 1  # a new token is not in any cache yet
