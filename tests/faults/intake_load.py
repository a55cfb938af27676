"""Phones sending cases to a live server as the phone page's outbox does, for fault tests.

Each phone sends its cases one after another. A case keeps its client_uuid until it is accepted
(2xx): after a 503 the phone waits what Retry-After says, after no answer at all (connection
refused or reset) a moment, and sends the same case again. Any other answer ends that case (the
test then fails on it), and so does a timeout: an answer slower than CLIENT_TIMEOUT is a hang.
Bounded: a fixed number of cases per phone, and every phone gives up at a deadline.
"""

import threading
import time
import uuid
from dataclasses import dataclass

import requests

from tests.geometry import lonlat

CLIENT_TIMEOUT = 10.0  # seconds; an intake answers in milliseconds, a 503 at once
NO_ANSWER_PAUSE = 0.2


@dataclass(frozen=True)
class Attempt:
    client_uuid: str
    status: int | None  # None: no HTTP answer
    sent: float  # time.monotonic()
    answered: float
    retry_after: str | None = None
    case_id: int | None = None
    error: str = ""  # "timeout" or the connection error's class

    @property
    def accepted(self) -> bool:
        return self.status in (200, 201)


class IntakeLoad:
    """phones threads sending cases_each cases each to base_url/api/complaints/ with token."""

    def __init__(self, base_url: str, token: str, category: str, *, phones: int = 4, cases_each: int = 30):
        self.url = f"{base_url}/api/complaints/"
        self.headers = {"Authorization": f"Token {token}"}
        self.category = category
        self.cases_each = cases_each
        self.attempts: list[Attempt] = []
        self.changed = threading.Condition()
        self.give_up_at = time.monotonic() + 120
        self.threads = [threading.Thread(target=self._phone, args=(n,), daemon=True) for n in range(phones)]

    def start(self) -> "IntakeLoad":
        for thread in self.threads:
            thread.start()
        return self

    def join(self) -> list[Attempt]:
        for thread in self.threads:
            thread.join(timeout=max(0.0, self.give_up_at - time.monotonic()) + CLIENT_TIMEOUT)
        assert not any(thread.is_alive() for thread in self.threads), "a phone thread is still sending"
        return list(self.attempts)

    def wait_accepted(self, count: int, timeout: float) -> None:
        with self.changed:
            reached = self.changed.wait_for(lambda: sum(a.accepted for a in self.attempts) >= count, timeout)
        assert reached, f"fewer than {count} cases accepted within {timeout} s: {self.attempts[-5:]}"

    def body(self, client_uuid: str, phone: int, case: int) -> dict:
        lon, lat = lonlat(50 + 100 * phone, 50 + 20 * case)
        return {
            "channel": "grid_patrol",
            "description": f"楼道漏水（故障演练 {phone}-{case}）",
            "category": self.category,
            "lon": lon,
            "lat": lat,
            "client_uuid": client_uuid,
        }

    def send(self, session: requests.Session, body: dict) -> Attempt:
        sent = time.monotonic()
        try:
            response = session.post(self.url, json=body, headers=self.headers, timeout=CLIENT_TIMEOUT)
        except requests.Timeout:
            return Attempt(body["client_uuid"], None, sent, time.monotonic(), error="timeout")
        except requests.ConnectionError as exc:
            return Attempt(body["client_uuid"], None, sent, time.monotonic(), error=type(exc).__name__)
        answered = time.monotonic()
        case_id = response.json().get("id") if response.status_code in (200, 201) else None
        return Attempt(
            body["client_uuid"], response.status_code, sent, answered, response.headers.get("Retry-After"), case_id
        )

    def _record(self, attempt: Attempt) -> None:
        with self.changed:
            self.attempts.append(attempt)
            self.changed.notify_all()

    def _phone(self, phone: int) -> None:
        session = requests.Session()
        for case in range(self.cases_each):
            body = self.body(str(uuid.uuid4()), phone, case)
            if not self._send_until_settled(session, body):
                return

    def _send_until_settled(self, session: requests.Session, body: dict) -> bool:
        """Send until accepted; False when the phone should stop (a hang, a refusal, the deadline)."""
        while time.monotonic() < self.give_up_at:
            attempt = self.send(session, body)
            self._record(attempt)
            if attempt.accepted:
                return True
            if attempt.status == 503:
                time.sleep(float(attempt.retry_after or 1))
            elif attempt.status is None and attempt.error != "timeout":
                time.sleep(NO_ANSWER_PAUSE)
            else:
                return False
        return False
