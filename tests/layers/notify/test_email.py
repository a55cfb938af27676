"""E-mail through Django's locmem backend (its real backend for tests): once per notification,
only to recipients with an address, in Chinese, with a Message-ID a mail system can dedupe by."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from layers.models import Delivery, Notification
from layers.notify.worker import run_once


def test_an_assignment_email_reaches_the_outbox_once(world, new_case, dispatch, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NOTIFY_CHANNELS = {"email": {"BACKEND": "layers.notify.channels.EmailChannel"}}
    case = dispatch(new_case(ticket_no="T-7"))
    now = timezone.now()
    result = run_once(now=now)
    # alice and the department's officer are told; only alice has an e-mail address.
    assert (result.notified, result.delivered) == (2, 1)
    run_once(now=now + timedelta(minutes=1))
    run_once(now=now + timedelta(hours=1))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    notification = Notification.objects.get(recipient=world["alice"])
    assert message.to == ["alice@wulidian.invalid"]
    assert message.subject.startswith("【新派单】案件T-7已派单给")
    assert f"/api/complaints/{case.pk}/" in message.body
    assert message.extra_headers["Message-ID"] == f"<{notification.uuid}@wulidian.invalid>"
    assert Delivery.objects.get().notification == notification
