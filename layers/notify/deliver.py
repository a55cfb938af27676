"""Deliveries: one row per (notification, channel), tried until delivered, with exponential backoff.

enqueue() adds the rows for new notifications (set-based, in the derive transaction). deliver()
claims the rows that are due, then sends each outside any transaction: a claim pushes the row's
next attempt NOTIFY_LEASE_SECONDS ahead and commits, so a second worker skips it, and a worker that
dies mid-send leaves it to be tried again after the lease. After a failure the next attempt waits
NOTIFY_RETRY_BASE_SECONDS × 2^(attempts − 1), at most NOTIFY_RETRY_MAX_SECONDS; after
NOTIFY_MAX_ATTEMPTS the row is abandoned with its last error (the inbox still has the notification).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone, translation

from layers.models import Delivery, Notification
from layers.models.staff import person_name
from layers.notify.channels import Channel, DeliveryError, Message, configured
from layers.notify.texts import case_path, masked_data, render

_ENQUEUE = """
INSERT INTO layers_delivery (notification_id, channel, attempts, next_attempt_at, last_error)
SELECT n.id, %(channel)s, 0, %(now)s, ''
FROM layers_notification n JOIN auth_user u ON u.id = n.recipient_id
WHERE n.id = ANY(%(ids)s)
  AND (cardinality(%(kinds)s::text[]) = 0 OR n.kind = ANY(%(kinds)s::text[]))
  AND (NOT %(needs_email)s OR u.email <> '')
ON CONFLICT (notification_id, channel) DO NOTHING
"""

_CLAIM = """
UPDATE layers_delivery SET attempts = attempts + 1, next_attempt_at = %(lease)s
WHERE id IN (
    SELECT id FROM layers_delivery
    WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= %(now)s
    ORDER BY next_attempt_at, id
    LIMIT %(batch)s
    FOR UPDATE SKIP LOCKED
)
RETURNING id
"""


def _setting(name: str, default):
    return type(default)(getattr(settings, name, default))


def enqueue(ids: list[int], now: datetime, channels: dict[str, Channel] | None = None) -> None:
    """A delivery row per new notification and configured channel that takes it."""
    if not ids:
        return
    channels = configured() if channels is None else channels
    with connection.cursor() as cursor:
        for channel in channels.values():
            cursor.execute(
                _ENQUEUE,
                {
                    "channel": channel.name,
                    "now": now,
                    "ids": ids,
                    "kinds": list(channel.kinds),
                    "needs_email": channel.needs_email,
                },
            )


def backoff(attempts: int) -> timedelta:
    """Wait before the next try after `attempts` failed ones: base × 2^(attempts − 1), capped."""
    base = _setting("NOTIFY_RETRY_BASE_SECONDS", 30.0)
    cap = _setting("NOTIFY_RETRY_MAX_SECONDS", 3600.0)
    # At least a second: a retry is never due at the `now` that failed (deliver() would spin).
    return timedelta(seconds=max(min(base * 2 ** max(attempts - 1, 0), cap), 1.0))


def message(notification: Notification, attempt: int, personal_data: bool = False) -> Message:
    """The notification as a channel sends it, its text in NOTIFY_LANGUAGE, with the personal data in
    its free text masked unless personal_data (the channel's PERSONAL_DATA option)."""
    site = getattr(settings, "NOTIFY_SITE_URL", "").rstrip("/")
    user = notification.recipient
    case = None
    if notification.complaint_id is not None:
        case = {
            "id": notification.complaint_id,
            "ticket_no": notification.complaint.ticket_no,
            "url": site + case_path(notification.complaint_id),
        }
    data = notification.data if personal_data else masked_data(notification.data, notification.complaint)
    with translation.override(getattr(settings, "NOTIFY_LANGUAGE", settings.LANGUAGE_CODE)):
        return Message(
            id=str(notification.uuid),
            kind=notification.kind,
            kind_label=str(Notification.Kind(notification.kind).label),
            text=render(notification.kind, data),
            created_at=timezone.localtime(notification.created_at).isoformat(),
            attempt=attempt,
            recipient={"username": user.get_username(), "name": person_name(user), "email": user.email},
            case=case,
            summons={"id": notification.summons_id} if notification.summons_id is not None else None,
        )


@dataclass
class Outcome:
    delivered: int = 0
    failed: int = 0
    abandoned: int = 0


def _claim(now: datetime, batch: int) -> list[int]:
    lease = now + timedelta(seconds=_setting("NOTIFY_LEASE_SECONDS", 300.0))
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM, {"now": now, "lease": lease, "batch": batch})
        return [row[0] for row in cursor.fetchall()]


def _failed(delivery: Delivery, now: datetime, error: str, outcome: Outcome, give_up: bool = False) -> None:
    delivery.last_error = error[:2000]
    if give_up or delivery.attempts >= _setting("NOTIFY_MAX_ATTEMPTS", 30):
        delivery.abandoned_at = now
        outcome.abandoned += 1
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
        outcome.failed += 1
    delivery.save(update_fields=["last_error", "abandoned_at", "next_attempt_at"])


def _send(delivery: Delivery, channel: Channel | None, now: datetime, outcome: Outcome) -> None:
    if channel is None:
        # A channel removed from the settings: no retry can succeed.
        _failed(delivery, now, f"channel {delivery.channel!r} is not in NOTIFY_CHANNELS", outcome, give_up=True)
        return
    try:
        channel.send(message(delivery.notification, delivery.attempts, channel.personal_data))
    except DeliveryError as error:
        _failed(delivery, now, str(error), outcome)
        return
    delivery.delivered_at, delivery.last_error = now, ""
    delivery.save(update_fields=["delivered_at", "last_error"])
    outcome.delivered += 1


def deliver(now: datetime, channels: dict[str, Channel] | None = None, batch: int = 200) -> Outcome:
    """Try every delivery due at `now` (in batches); returns how many arrived, failed, were abandoned."""
    channels = configured() if channels is None else channels
    outcome = Outcome()
    while ids := _claim(now, batch):
        rows = Delivery.objects.filter(id__in=ids).select_related(
            "notification__recipient__staff", "notification__complaint"
        )
        for delivery in rows.order_by("id"):
            _send(delivery, channels.get(delivery.channel), now, outcome)
    return outcome
