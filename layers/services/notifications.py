"""Writes of the in-app inbox: marking notifications read. Only the recipient marks their own."""

from django.utils import timezone

from layers.models import Notification


def notifications_mark_read(*, user, ids) -> int:
    """Mark the user's notifications with these ids read (others' ids are ignored); returns how many
    changed. A notification read before keeps its first read time."""
    return Notification.objects.filter(recipient=user, id__in=list(ids), read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of the user read; returns how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
