"""Reads of the in-app inbox: a user's own notifications, nobody else's."""

from django.db.models import QuerySet

from layers.models import Notification


def inbox(user, unread_only: bool = False) -> QuerySet:
    """The user's notifications, newest first; only the unread ones if asked."""
    # With the recipient's role: each case's link depends on it (layers.notify.texts.case_path).
    queryset = Notification.objects.filter(recipient=user).select_related("complaint", "recipient__staff")
    queryset = queryset.order_by("-id")
    return queryset.filter(read_at__isnull=True) if unread_only else queryset


def unread_count(user) -> int:
    """For the header's badge: one count over the partial index notification_unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
