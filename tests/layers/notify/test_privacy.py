"""Notifications and personal data (layers.privacy): an escalation note or a summons' reason written
with a resident's phone, ID or plate keeps it in the inbox (its readers handle the case) and loses
it on the way out (e-mail, webhook) unless the channel is allowed to carry it (PERSONAL_DATA)."""

import json

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from layers.notify.worker import run_once
from layers.privacy.text import mask_text
from layers.services.complaints import complaint_transition
from tests.layers.notify.webhook import Receiver, free_port
from tests.layers.privacy.held_back import PERSONAL

# The held-back items that need no complainant of their own, as one note.
NOTE = "；".join(item["text"] for item in PERSONAL if "name" not in item and "phone" not in item)
SECRETS = [secret for item in PERSONAL if "name" not in item and "phone" not in item for secret in item["secrets"]]
NAME, PHONE = "欧阳娜娜", "15912345678"


@pytest.fixture
def receiver():
    r = Receiver(free_port()).start()
    yield r
    r.stop()


@pytest.fixture
def escalated(world, new_case, dispatch):
    case = dispatch(new_case(ticket_no="T-P", complainant_name=NAME, complainant_phone=PHONE))
    note = f"{NAME}（{PHONE}）催办：{NOTE}"
    complaint_transition(complaint=case, actor=world["leader"], to_status="escalated", note=note)
    return case, note


def _webhook(settings, receiver, **options):
    settings.NOTIFY_CHANNELS = {
        "webhook": {"BACKEND": "layers.notify.channels.WebhookChannel", "URL": receiver.url, **options}
    }


def _escalations(receiver) -> list[str]:
    return [body["text"] for _headers, _raw, body in receiver.received if body["kind"] == "escalated"]


def test_a_webhook_gets_the_note_masked(settings, receiver, escalated):
    _webhook(settings, receiver)
    run_once(now=timezone.now())
    texts = _escalations(receiver)
    assert len(texts) == 2  # alice and the department's officer
    masked = mask_text(escalated[1], NAME, PHONE)
    assert all(text.endswith(f"被督办：{masked}") for text in texts)
    raw = b"".join(raw for _headers, raw, _body in receiver.received).decode()
    assert [secret for secret in [*SECRETS, NAME, PHONE] if secret in raw] == []


def test_a_channel_allowed_personal_data_gets_it_whole(settings, receiver, escalated):
    _webhook(settings, receiver, PERSONAL_DATA=True)
    run_once(now=timezone.now())
    assert all(text.endswith(f"被督办：{escalated[1]}") for text in _escalations(receiver))


def test_an_email_gets_the_note_masked(settings, escalated):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NOTIFY_CHANNELS = {"email": {"BACKEND": "layers.notify.channels.EmailChannel"}}
    run_once(now=timezone.now())
    escalations = [m for m in mail.outbox if "督办" in m.subject]
    assert len(escalations) == 1  # alice has an address, the officer none
    text = escalations[0].subject + escalations[0].body
    assert [secret for secret in [*SECRETS, NAME, PHONE] if secret in text] == []


def test_the_inbox_shows_the_handler_the_whole_note(settings, world, escalated):
    settings.NOTIFY_CHANNELS = {}
    run_once(now=timezone.now())
    client = APIClient()
    client.force_authenticate(world["alice"])
    texts = [n["text"] for n in json.loads(client.get("/api/notifications/").content)["results"]]
    assert any(text.endswith(f"被督办：{escalated[1]}") for text in texts)
