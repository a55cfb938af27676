"""The per-process token cache (layers/api/auth.py): it carries the user's staff profile, so a
token call reads neither the token nor the role from the database, and the process that changes a
role, deactivates a user or deletes a token forgets what it cached at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from layers.models import Role
from tests.layers.api.cases_world import cases_world_fixture, categories_fixture  # noqa: F401 (fixtures)
from tests.layers.api.test_complaints_api import URL, payload


@pytest.fixture
def token_client(cases_world):
    """A token client for the agency account (read-only: it may list cases but not take them in)."""
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
