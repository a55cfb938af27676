"""The --user option of the commands that write cases: who is recorded as the actor of their events."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def operator(username: str | None):
    """The user named by --user, None without the option; CommandError naming it when there is none."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"--user {username!r}: 用户不存在 (no such user)")
    return user
