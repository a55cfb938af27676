"""The database unreachable or its connection dropped, inside Django: 503 with Retry-After, never a 500,
and the next request on a new connection (with intake's prepared statements prepared again).

Real failures only: the connection is pointed at a loopback port nobody listens on (connection
refused), or its server process is terminated with pg_terminate_backend.
"""

import subprocess
import sys
import time
import uuid

import psycopg
import pytest
from django.conf import settings
from django.core.signals import request_started
from django.db import OperationalError, connection
from django.test import Client, RequestFactory

from layers.models import Complaint
from layers.prepared import prepared_cursor
from layers.services.complaints import complaint_create
from map_ui.errors import server_error
from tests.faults.cluster import free_port
from tests.faults.server import ROOT
from tests.geometry import lonlat
from tests.layers.api.cases_world import cases_world_fixture, categories_fixture  # noqa: F401 (fixtures)

RETRY_AFTER = str(settings.DATABASE_RETRY_AFTER_SECONDS)


@pytest.fixture
def unreachable(transactional_db):
    """The default connection points at a port nobody listens on until the test ends."""
    saved = {key: connection.settings_dict[key] for key in ("HOST", "PORT")}
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))
    yield
    connection.close()
    connection.settings_dict.update(saved)


def test_an_api_request_without_a_database_gets_503_json_with_retry_after(unreachable):
    response = Client().post(
        "/api/complaints/", {"client_uuid": str(uuid.uuid4())}, content_type="application/json",
        HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567",
    )  # fmt: skip

    assert response.status_code == 503
    assert response["Retry-After"] == RETRY_AFTER
    body = response.json()
    assert body["retry_after"] == settings.DATABASE_RETRY_AFTER_SECONDS
    assert "数据库暂时不可用" in body["detail"] and "database is unavailable" in body["detail"]


def test_a_page_without_a_database_gets_a_503_page_in_both_languages(unreachable):
    client = Client()
    client.cookies["sessionid"] = "a-session-the-database-would-have-to-look-up"

    response = client.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == RETRY_AFTER
    page = response.content.decode()
    assert "数据库暂时不可用" in page and "The database is unavailable for a moment" in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_healthz_says_the_database_is_unavailable(unreachable):
    response = Client().get("/healthz")

    assert (response.status_code, response["Retry-After"]) == (503, RETRY_AFTER)
    assert response.json() == {"status": "error", "database": False, "database_state": "unavailable"}


def test_a_failure_outside_any_view_is_a_503_too(unreachable):
    # handler500 receives what no view raised (a middleware, the session): it looks at the exception itself.
    request = RequestFactory().get("/api/complaints/")
    with pytest.raises(OperationalError):
        try:
            connection.ensure_connection()
        except OperationalError:
            response = server_error(request)
            raise

    assert (response.status_code, response["Retry-After"]) == (503, RETRY_AFTER)


def _backend_pid() -> int:
    with prepared_cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _terminate(pid: int) -> None:
    """End that server process from another connection, and wait until it is gone."""
    params = connection.get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
        for _ in range(100):
            if not other.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
                return
            time.sleep(0.05)
    raise AssertionError(f"backend {pid} still running")


def _intake(actor, east_m: float) -> Complaint:
    lon, lat = lonlat(east_m, 100)
    return complaint_create(
        actor=actor, channel="grid_patrol", description="楼道漏水", category_code="t_general",
        lon=lon, lat=lat, client_uuid=uuid.uuid4(),
    )[0]  # fmt: skip


def test_a_connection_the_server_dropped_is_replaced_and_intake_prepares_again(transactional_db, cases_world):
    actor = cases_world["alice"]
    request_started.send(sender=None)
    _intake(actor, 100)
    dropped = _backend_pid()
    _terminate(dropped)

    request_started.send(sender=None)  # the next request of this worker (a database restart in between)
    case = _intake(actor, 200)

    assert case.pk is not None and _backend_pid() != dropped
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("layers_locate" in sql for sql in prepared), prepared
    assert any("INSERT INTO" in sql and "layers_complaintevent" in sql for sql in prepared), prepared


SHOW_TIMEOUT = (
    "from django.db import connection\n"
    "with connection.cursor() as cursor:\n"
    "    cursor.execute('SHOW statement_timeout')\n"
    "    print(cursor.fetchone()[0])\n"
)


def _statement_timeout(*command: str) -> str:
    settings_dict = connection.settings_dict
    url = "postgis://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**settings_dict)
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "geo_gov.settings"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.strip().splitlines()[-1]


def test_web_workers_limit_each_statement_and_commands_do_not(db):
    web = _statement_timeout(sys.executable, "-c", "import geo_gov.wsgi\n" + SHOW_TIMEOUT)
    command = _statement_timeout(sys.executable, "manage.py", "shell", "-c", SHOW_TIMEOUT)

    assert web == f"{settings.DB_REQUEST_STATEMENT_TIMEOUT_MS // 1000}s"
    assert command == "0"
