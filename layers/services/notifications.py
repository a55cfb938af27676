"""Writes of the in-app inbox: marking notifications read. Only the recipient marks their own.

Agencies (区级部门) only read and export: they are never told of cases (they neither handle nor
dispatch them), so they have nothing to mark, and like every other write this one refuses them.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from layers.models import Notification, Role
from layers.permissions import role_of


def _check(user) -> None:
    if role_of(user) == Role.AGENCY:
        raise PermissionDenied("区级部门账号只读 / agency accounts are read-only")


def notifications_mark_read(*, user, ids) -> int:
    """Mark the user's notifications with these ids read (others' ids are ignored); returns how many
    changed. A notification read before keeps its first read time."""
    _check(user)
    return Notification.objects.filter(recipient=user, id__in=list(ids), read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of the user read; returns how many changed."""
    _check(user)
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
