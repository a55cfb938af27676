"""A notification reaches a webhook on loopback exactly once per event and recipient; with the
webhook down it is retried on the backoff schedule and arrives once when the webhook is back.

Time is passed to the worker (run_once(now=…)): the schedule is the real one, nobody waits for it.
"""

import hashlib
import hmac
from datetime import timedelta

import pytest
from django.utils import timezone

from layers.models import Delivery, Notification
from layers.notify.deliver import backoff
from layers.notify.worker import run_once
from tests.layers.notify.webhook import Receiver, free_port

SECRET = "s3cret"


@pytest.fixture
def receiver():
    r = Receiver(free_port())
    yield r
    r.stop()


@pytest.fixture
def webhook(settings, receiver):
    settings.NOTIFY_CHANNELS = {
        "webhook": {"BACKEND": "layers.notify.channels.WebhookChannel", "URL": receiver.url, "SECRET": SECRET}
    }
    settings.NOTIFY_RETRY_BASE_SECONDS, settings.NOTIFY_RETRY_MAX_SECONDS = 30, 3600
    settings.NOTIFY_SITE_URL = "http://wulidian.example"
    return receiver


def test_each_event_reaches_the_webhook_exactly_once(world, new_case, dispatch, webhook):
    webhook.start()
    case = dispatch(new_case(ticket_no="T-9"))
    now = timezone.now()
    result = run_once(now=now)
    assert (result.notified, result.delivered, result.failed) == (2, 2, 0)
    for later in (timedelta(seconds=30), timedelta(minutes=11), timedelta(minutes=25)):
        assert run_once(now=now + later).delivered == 0
    assert len(webhook.received) == 2
    bodies = {body["recipient"]["username"]: body for _headers, _raw, body in webhook.received}
    assert set(bodies) == {"alice", "dept"}
    alice = bodies["alice"]
    notification = Notification.objects.get(recipient=world["alice"])
    assert alice["id"] == str(notification.uuid) and alice["kind"] == "assigned" and alice["kind_label"] == "新派单"
    assert alice["text"].startswith("案件T-9已派单给城管科 alice")
    assert alice["case"] == {
        "id": case.pk,
        "ticket_no": "T-9",
        "url": f"http://wulidian.example/api/complaints/{case.pk}/",
    }
    assert (alice["attempt"], alice["recipient"]["email"], alice["summons"]) == (1, "alice@wulidian.invalid", None)
    headers, raw, _ = next(r for r in webhook.received if r[2]["recipient"]["username"] == "alice")
    assert headers["Idempotency-Key"] == alice["id"]
    signed = headers["X-Notify-Timestamp"].encode() + b"." + raw
    assert headers["X-Notify-Signature"] == "sha256=" + hmac.new(SECRET.encode(), signed, hashlib.sha256).hexdigest()
    assert Delivery.objects.filter(delivered_at__isnull=False).count() == 2


def test_a_webhook_down_for_a_minute_gets_the_notification_once_when_back(world, new_case, dispatch, webhook):
    dispatch(new_case())  # the webhook is not running: its port refuses connections
    t0 = timezone.now()
    assert run_once(now=t0).failed == 2
    delivery = Delivery.objects.order_by("id").first()
    assert delivery.attempts == 1 and delivery.next_attempt_at == t0 + timedelta(seconds=30)
    assert "refused" in delivery.last_error.lower()
    assert run_once(now=t0 + timedelta(seconds=10)).failed == 0  # not due yet: no attempt
    assert run_once(now=t0 + timedelta(seconds=30)).failed == 2  # second attempt, then wait 60 s
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.next_attempt_at == t0 + timedelta(seconds=90)

    webhook.start()  # back after a minute
    assert run_once(now=t0 + timedelta(seconds=60)).delivered == 0  # the schedule says 90 s
    assert webhook.received == []
    assert run_once(now=t0 + timedelta(seconds=90)).delivered == 2
    assert run_once(now=t0 + timedelta(minutes=30)).delivered == 0
    assert len(webhook.received) == 2
    assert {body["attempt"] for _h, _r, body in webhook.received} == {3}
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.delivered_at, delivery.last_error) == (3, t0 + timedelta(seconds=90), "")


def test_an_error_answer_is_retried_and_given_up_after_the_maximum(world, new_case, dispatch, webhook, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    webhook.status = 503
    webhook.start()
    dispatch(new_case())
    t0 = timezone.now()
    moments = [t0, t0 + timedelta(seconds=30), t0 + timedelta(seconds=90)]
    outcomes = [run_once(now=moment) for moment in moments]
    assert [(o.failed, o.abandoned) for o in outcomes] == [(2, 0), (2, 0), (0, 2)]
    delivery = Delivery.objects.order_by("id").first()
    assert delivery.abandoned_at == moments[-1] and "HTTP 503" in delivery.last_error
    assert run_once(now=t0 + timedelta(hours=5)).failed == 0
    assert len(webhook.received) == 6  # 3 attempts x 2 recipients, then no more


def test_backoff_doubles_up_to_the_cap(settings):
    settings.NOTIFY_RETRY_BASE_SECONDS, settings.NOTIFY_RETRY_MAX_SECONDS = 30, 3600
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4, 7, 8, 20)] == [30, 60, 120, 240, 1920, 3600, 3600]


def test_kinds_option_limits_a_channel(world, new_case, dispatch, webhook, settings):
    settings.NOTIFY_CHANNELS["webhook"]["KINDS"] = ["overdue"]
    webhook.start()
    dispatch(new_case())
    assert run_once(now=timezone.now()).notified == 2
    assert not Delivery.objects.exists() and webhook.received == []
