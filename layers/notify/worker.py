"""One pass of the notify worker: derive the notifications due now, queue their deliveries, deliver.

`manage.py notify` runs passes in a loop (or one with --once, for cron and tests). Time is a
parameter: a test passes `now` to walk through a retry schedule without waiting for it.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from layers.notify.channels import Channel, configured
from layers.notify.deliver import deliver, enqueue
from layers.notify.derive import derive


@dataclass(frozen=True)
class Pass:
    notified: int  # notifications written
    delivered: int
    failed: int  # to be retried
    abandoned: int


def run_once(now: datetime | None = None, channels: dict[str, Channel] | None = None) -> Pass:
    """Derive and queue in one transaction (a notification never lacks its deliveries), then deliver."""
    now = now or timezone.now()
    channels = configured() if channels is None else channels
    with transaction.atomic():
        created = derive(now)
        enqueue(created, now, channels)
    outcome = deliver(now, channels)
    return Pass(len(created), outcome.delivered, outcome.failed, outcome.abandoned)
