"""python manage.py notify [--once] [--interval SECONDS]: the notification worker (layers/notify/).

Runs beside the web workers (a systemd service, see README), never inside a request: intake and
transitions only append to the event trail, and this worker turns the trail into inbox entries,
e-mails and webhook calls. --once makes one pass and exits (cron, tests).
"""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from layers.notify.channels import configured
from layers.notify.worker import run_once

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Derive notifications from the event trail and deliver them (e-mail, webhook); loops unless --once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument(
            "--interval",
            type=float,
            default=float(getattr(settings, "NOTIFY_INTERVAL_SECONDS", 30)),
            help="seconds between passes (default NOTIFY_INTERVAL_SECONDS, 30)",
        )

    def handle(self, *args, once, interval, **options):
        channels = configured()  # a bad NOTIFY_CHANNELS fails here, at start, not in the loop
        while True:
            try:
                result = run_once(channels=channels)
            except DatabaseError:
                if once:
                    raise
                # The database restarting must not end the worker: the next pass picks up from the cursors.
                log.exception("notify: pass failed, retrying in %s s", interval)
            else:
                if once or result.notified or result.delivered or result.failed or result.abandoned:
                    self.stdout.write(
                        f"通知 {result.notified} 条 / notifications; 送达 {result.delivered}, "
                        f"待重试 {result.failed}, 放弃 {result.abandoned} / delivered, to retry, abandoned"
                    )
            if once:
                return
            time.sleep(interval)
            # As between requests: drop a connection the database closed or CONN_MAX_AGE retired.
            close_old_connections()
