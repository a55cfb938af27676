"""Delivery channels: e-mail (Django's mail backends) and a generic JSON webhook.

Configured in settings.NOTIFY_CHANNELS, name -> options; the name is what Delivery.channel stores:

    NOTIFY_CHANNELS = {
        "email": {"BACKEND": "layers.notify.channels.EmailChannel"},
        "wecom": {
            "BACKEND": "layers.notify.channels.WebhookChannel",
            "URL": "http://10.0.0.5:8080/notify",  # a WeChat Work / DingTalk robot relay, an SMS gateway …
            "SECRET": "shared secret",              # optional: signs each body (X-Notify-Signature)
            "TIMEOUT": 5,                            # seconds
            "KINDS": ["assigned", "overdue"],        # optional: only these kinds (default all)
            "PERSONAL_DATA": False,                  # optional, see below
        },
    }

Texts leave the system here, to a mail server or a robot's chat group: the personal data people
wrote into them (a resident's phone in an escalation note or a summons' reason) is masked, as for
a reader who does not handle the case (layers.privacy), unless the channel says PERSONAL_DATA: True
(a relay inside the sub-district's network whose readers handle the cases). The inbox
(/inbox/, /api/notifications/) shows the text whole: its readers are the case's handlers.

Webhook body (JSON, UTF-8), one POST per notification and recipient:
    {"id": "<uuid, the same on every retry>", "kind": "assigned", "kind_label": "新派单",
     "text": "案件…", "created_at": "2026-11-20T09:00:00+08:00", "attempt": 1,
     "recipient": {"username": "…", "name": "…", "email": "…"},
     "case": {"id": 17, "ticket_no": "…", "url": "http://…/desk/cases/17/"} or null,
     "summons": {"id": 3} or null}
Headers: Idempotency-Key: <id> (a receiver drops a repeat it has seen: a worker that dies after
the POST but before recording it sends again), X-Notify-Timestamp: <unix seconds>, and with a
SECRET X-Notify-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>.
Any 2xx answer is delivered; anything else (refused, timeout, 4xx/5xx) is retried with backoff.

A new channel is a class with `name`, `kinds`, `needs_email` and send(message) raising
DeliveryError; point BACKEND at it.
"""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, get_connection
from django.utils.module_loading import import_string


class DeliveryError(Exception):
    """The channel could not deliver now; the worker retries later."""


@dataclass(frozen=True)
class Message:
    """What a channel sends: the notification as plain data, text already in NOTIFY_LANGUAGE."""

    id: str
    kind: str
    kind_label: str
    text: str
    created_at: str
    attempt: int
    recipient: dict
    case: dict | None
    summons: dict | None

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "text": self.text,
            "created_at": self.created_at,
            "attempt": self.attempt,
            "recipient": self.recipient,
            "case": self.case,
            "summons": self.summons,
        }


class Channel:
    needs_email = False  # only recipients with an e-mail address get a delivery

    def __init__(self, name: str, options: dict):
        self.name = name
        self.options = options
        self.kinds = tuple(options.get("KINDS") or ())  # empty: every kind
        self.personal_data = bool(options.get("PERSONAL_DATA", False))

    def send(self, message: Message) -> None:
        raise NotImplementedError


class EmailChannel(Channel):
    """One e-mail per notification through Django's mail backend (settings.EMAIL_BACKEND, or the
    channel's own EMAIL_BACKEND option). The Message-ID is derived from the notification, so a
    repeated send is recognisable as the same message."""

    needs_email = True

    def send(self, message: Message) -> None:
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "localhost"
        body = message.text + (f"\n\n{message.case['url']}" if message.case else "")
        email = EmailMessage(
            subject=f"【{message.kind_label}】{message.text[:60]}",
            body=body,
            to=[message.recipient["email"]],
            headers={"Message-ID": f"<{message.id}@{domain}>", "X-Notify-Id": message.id},
            connection=get_connection(self.options.get("EMAIL_BACKEND")),
        )
        try:
            email.send()
        except OSError as error:  # smtplib's errors are OSErrors (SMTPException, refused, timeout)
            raise DeliveryError(f"e-mail to {message.recipient['email']}: {error}") from error


class WebhookChannel(Channel):
    """JSON POST to URL (see the module docstring for the body and the headers)."""

    def __init__(self, name: str, options: dict):
        super().__init__(name, options)
        if not options.get("URL"):
            raise ImproperlyConfigured(f"NOTIFY_CHANNELS[{name!r}] needs a URL")
        self.url = options["URL"]
        self.secret = options.get("SECRET") or ""
        self.timeout = float(options.get("TIMEOUT", 5))

    def headers(self, body: bytes, timestamp: int, idempotency_key: str) -> dict:
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": idempotency_key,
            "X-Notify-Timestamp": str(timestamp),
        }
        if self.secret:
            signed = str(timestamp).encode() + b"." + body
            digest = hmac.new(self.secret.encode(), signed, hashlib.sha256).hexdigest()
            headers["X-Notify-Signature"] = f"sha256={digest}"
        return headers

    def send(self, message: Message) -> None:
        body = json.dumps(message.as_json(), ensure_ascii=False).encode()
        request = urllib.request.Request(
            self.url, data=body, headers=self.headers(body, int(time.time()), message.id), method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                response.read()
        except urllib.error.HTTPError as error:  # a non-2xx answer
            raise DeliveryError(f"{self.url}: HTTP {error.code} {error.read(200)!r}") from error
        except (urllib.error.URLError, OSError) as error:  # refused, unreachable, timed out
            raise DeliveryError(f"{self.url}: {getattr(error, 'reason', error)}") from error


def configured() -> dict[str, Channel]:
    """The channels of settings.NOTIFY_CHANNELS, by name."""
    channels = {}
    for name, options in getattr(settings, "NOTIFY_CHANNELS", {}).items():
        backend = options.get("BACKEND")
        if not backend:
            raise ImproperlyConfigured(f"NOTIFY_CHANNELS[{name!r}] needs a BACKEND")
        channels[name] = import_string(backend)(name, options)
    return channels
