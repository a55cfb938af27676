"""Login lockout (django-axes, geo_gov/lockout.py): after LOGIN_FAILURE_LIMIT wrong passwords a
username is refused from that address, even with the right password, with a page saying in
Chinese how long to wait; the lockout ends after LOGIN_LOCKOUT_MINUTES; the admin's login too."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

LOGIN, ADMIN_LOGIN = "/accounts/login/", "/admin/login/"
OFFICE, ELSEWHERE = "192.0.2.10", "192.0.2.77"


@pytest.fixture
def worker(make_user):
    return make_user("grid_worker", username="li")


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("boss", password="right-pw-for-tests")


def _try(client, url, username, password, address=OFFICE):
    return client.post(url, {"username": username, "password": password, "next": "/"}, REMOTE_ADDR=address)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_nine_wrong_passwords_then_the_right_one_is_refused(worker):
    client = Client()
    for _ in range(9):
        assert _try(client, LOGIN, "li", "wrong").status_code in (200, 429)
    response = _try(client, LOGIN, "li", "pw-for-tests")
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    page = response.content.decode()
    assert "登录失败次数过多" in page and "请 15 分钟后再试" in page
    assert 'value="li"' in page  # the form is shown again, with the username tried
    assert not _logged_in(client)


def test_the_limit_is_a_setting_and_fewer_failures_do_not_lock(worker, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(2):
        assert _try(client, LOGIN, "li", "wrong").status_code == 200
    assert _try(client, LOGIN, "li", "pw-for-tests").status_code == 302
    assert _logged_in(client)
    # A success forgot the failures: three more are needed for a lockout.
    client = Client()
    for _ in range(2):
        _try(client, LOGIN, "li", "wrong")
    assert _try(client, LOGIN, "li", "pw-for-tests").status_code == 302
    for _ in range(3):
        _try(Client(), LOGIN, "li", "wrong")
    assert _try(Client(), LOGIN, "li", "pw-for-tests").status_code == 429


def test_the_lockout_is_per_username_and_address(worker, make_user):
    make_user("grid_worker", username="zhang")
    for _ in range(9):
        _try(Client(), LOGIN, "li", "wrong")
    assert _try(Client(), LOGIN, "li", "pw-for-tests").status_code == 429
    # The same worker from another address, and another worker from the same address, log in.
    assert _try(Client(), LOGIN, "li", "pw-for-tests", address=ELSEWHERE).status_code == 302
    assert _try(Client(), LOGIN, "zhang", "pw-for-tests").status_code == 302


def test_the_lockout_expires_after_the_cool_off(worker):
    for _ in range(9):
        _try(Client(), LOGIN, "li", "wrong")
    assert _try(Client(), LOGIN, "li", "pw-for-tests").status_code == 429
    # Time passes: every attempt is now older than the cool-off (no sleeping in a test).
    cool_off = settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - cool_off)
    client = Client()
    assert _try(client, LOGIN, "li", "pw-for-tests").status_code == 302
    assert _logged_in(client)


def test_the_admin_login_is_locked_too(admin_user):
    client = Client()
    for _ in range(9):
        _try(client, ADMIN_LOGIN, "boss", "wrong")
    response = _try(client, ADMIN_LOGIN, "boss", "right-pw-for-tests")
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    page = response.content.decode()
    assert "请 15 分钟后再试" in page and 'class="errornote"' in page
    assert not _logged_in(client)
    assert _try(Client(), ADMIN_LOGIN, "boss", "right-pw-for-tests", address=ELSEWHERE).status_code == 302
