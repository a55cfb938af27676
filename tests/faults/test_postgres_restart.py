"""PostgreSQL crash-restarted (`pg_ctl restart -m immediate`) under a bounded intake load, and stopped
outright, behind the real gunicorn: nothing accepted is lost, nothing is stored twice, clients get
503 with Retry-After (never a 500, never a hang) and the same workers serve again by themselves.

The test runs its own cluster (tests/faults/cluster.py), migrated and seeded with the smallest world
(tests/faults/seed.py): the shared cluster on 5432 serves every other test.
"""

import time
import uuid
from collections import Counter

import pytest
import requests

from tests.faults.cluster import Cluster
from tests.faults.intake_load import CLIENT_TIMEOUT, Attempt, IntakeLoad
from tests.faults.seed import CATEGORY
from tests.faults.server import RETRY_AFTER_SECONDS, Gunicorn, manage

RECOVERY_SECONDS = 10  # the service answers again within this long of the database being back


@pytest.fixture(scope="module")
def served():
    with Cluster() as cluster:
        cluster.init()
        manage(cluster, "migrate", "--noinput", "-v", "0")
        token = manage(cluster, module="tests.faults.seed").strip()
        with Gunicorn(cluster, workers=2) as server:
            yield cluster, server, token


def stored_cases(cluster: Cluster) -> dict[str, list[int]]:
    """client_uuid -> ids of the stored complaints carrying it."""
    rows = cluster.sql("geo_gov", "SELECT client_uuid, id FROM layers_complaint ORDER BY id")
    found: dict[str, list[int]] = {}
    for line in rows.splitlines():
        client_uuid, case_id = line.split("|")
        found.setdefault(client_uuid, []).append(int(case_id))
    return found


def intake_events(cluster: Cluster) -> Counter:
    """complaint id -> how many 接诉 (received) events it has."""
    rows = cluster.sql("geo_gov", "SELECT complaint_id FROM layers_complaintevent WHERE to_status = 'received'")
    return Counter(int(line) for line in rows.splitlines())


def first_accepted_after(attempts: list[Attempt], moment: float) -> float:
    answered = [a.answered for a in attempts if a.accepted and a.sent >= moment]
    assert answered, "no case was accepted after the database came back"
    return min(answered) - moment


def send_until_accepted(load: IntakeLoad, session, body: dict, within: float) -> Attempt | None:
    give_up_at = time.monotonic() + within
    while time.monotonic() < give_up_at:
        attempt = load.send(session, body)
        if attempt.accepted:
            return attempt
        time.sleep(0.2)
    return None


def assert_failures_were_503s(attempts: list[Attempt], logs: str) -> None:
    hangs = [a for a in attempts if a.error == "timeout"]
    no_answer = [a for a in attempts if a.status is None and a.error != "timeout"]
    other = [a for a in attempts if a.status is not None and not a.accepted and a.status != 503]
    assert not hangs, f"{len(hangs)} requests had no answer within {CLIENT_TIMEOUT} s: {hangs[:3]}"
    assert not no_answer, f"{len(no_answer)} requests got no HTTP answer: {no_answer[:3]}"
    assert not other, f"answers other than 2xx and 503: {Counter(a.status for a in other)}\n{logs}"
    assert all(a.retry_after == str(RETRY_AFTER_SECONDS) for a in attempts if a.status == 503)


def test_a_crash_restart_under_intake_load_loses_nothing_and_stores_nothing_twice(served):
    cluster, server, token = served
    workers = server.workers()
    load = IntakeLoad(server.url, token, CATEGORY, phones=4, cases_each=30).start()

    load.wait_accepted(30, timeout=60)
    cluster.restart_immediately()
    back = time.monotonic()
    attempts = load.join()

    assert_failures_were_503s(attempts, server.log_tail())
    statuses = Counter(a.status for a in attempts)
    assert statuses[503] > 0, f"the restart went unnoticed: {statuses}"
    accepted = {a.client_uuid: a.case_id for a in attempts if a.accepted}
    assert len(accepted) == 4 * 30, statuses
    stored = stored_cases(cluster)
    assert {client_uuid: ids for client_uuid, ids in stored.items() if len(ids) != 1} == {}
    assert {client_uuid: ids[0] for client_uuid, ids in stored.items()} == accepted
    assert set(intake_events(cluster).items()) == {(case_id, 1) for case_id in accepted.values()}
    assert first_accepted_after(attempts, back) <= RECOVERY_SECONDS
    assert server.workers() == workers

    # Resent after the restart (a phone that never saw the answer): the same case, not a new one.
    session = requests.Session()
    for client_uuid, case_id in list(accepted.items())[:5]:
        again = load.send(session, load.body(client_uuid, 0, 0))
        assert (again.status, again.case_id) == (200, case_id)
    assert len(stored_cases(cluster)) == len(accepted)


def test_while_the_database_is_down_clients_get_503_and_the_service_comes_back_by_itself(served):
    cluster, server, token = served
    workers = server.workers()
    load = IntakeLoad(server.url, token, CATEGORY)
    session = requests.Session()
    body = load.body(str(uuid.uuid4()), 0, 0)

    cluster.stop_immediately()
    try:
        # More requests than workers, so that each worker meets the outage.
        refused = [load.send(session, body) for _ in range(6)]
        health = requests.get(f"{server.url}/healthz", timeout=CLIENT_TIMEOUT)
        page = requests.get(f"{server.url}/accounts/login/", timeout=CLIENT_TIMEOUT)
    finally:
        cluster.start()
    back = time.monotonic()
    accepted = send_until_accepted(load, session, body, within=RECOVERY_SECONDS + CLIENT_TIMEOUT)

    assert_failures_were_503s(refused, server.log_tail())
    assert [a.status for a in refused] == [503] * 6
    assert (health.status_code, health.headers["Retry-After"]) == (503, str(RETRY_AFTER_SECONDS))
    assert health.json() == {"status": "error", "database": False, "database_state": "unavailable"}
    assert page.status_code == 200, "the login page needs no database"
    assert accepted is not None and accepted.answered - back <= RECOVERY_SECONDS, server.log_tail()
    assert accepted.status == 201
    assert stored_cases(cluster)[body["client_uuid"]] == [accepted.case_id]
    assert requests.get(f"{server.url}/healthz", timeout=CLIENT_TIMEOUT).json()["database_state"] == "ok"
    assert server.workers() == workers
