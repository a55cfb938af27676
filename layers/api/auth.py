"""Token authentication with a short per-process cache.

Resolving a DRF token costs a database round trip and an ORM query on every API call, which is
a third of the time of a hot endpoint such as /api/locate. Grid workers' phones and agency
scripts send the same token many times a second, so each worker process keeps the answer for
API_TOKEN_CACHE_SECONDS. The user is cached with their staff profile (role, community,
department), which every scoped view reads: one query fewer per call, and two for intake.
A deleted token, a deactivated user or a changed role must not outlive the change for long, in
any process:
- the process making the change forgets what it cached at once (signals below);
- every other process within ACCESS_CHECK_SECONDS: any such write, by any means, bumps
  layers_access_version in the same transaction (triggers, migration 0013), and each process reads
  that counter at most once per ACCESS_CHECK_SECONDS when a token call comes in (one tiny query),
  emptying its token cache when it moved. Before, other processes honoured the old answer for the
  whole API_TOKEN_CACHE_SECONDS (30 s).
"""

import threading
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from layers.models import StaffProfile

_cache = caches["tokens"]
ACCESS_CHECK_SECONDS = 1.0
_ACCESS_VERSION_SQL = "SELECT version FROM layers_access_version WHERE id = 1"


class _Seen:
    """The access version this process last read, and when."""

    def __init__(self):
        self.version = None
        self.checked = float("-inf")
        self.lock = threading.Lock()


_seen = _Seen()


def _forget_all_if_access_changed() -> None:
    now = time.monotonic()
    with _seen.lock:
        if now - _seen.checked < ACCESS_CHECK_SECONDS:
            return
        # Read before the cache is used or filled: a change committed after this read is seen at
        # the next check, never missed.
        with connection.cursor() as cursor:
            cursor.execute(_ACCESS_VERSION_SQL)
            version = cursor.fetchone()[0]
        if version != _seen.version:
            _cache.clear()  # rare (a role or account change): every token is read again once
        _seen.version, _seen.checked = version, now


def _key(token_key: str) -> str:
    return f"token:{token_key}"


class CachedTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        _forget_all_if_access_changed()
        cached = _cache.get(_key(key))
        if cached is not None:
            return cached
        # DRF's own lookup and messages (its translations apply), with the staff profile joined
        # (a user may have none: LEFT JOIN).
        try:
            token = Token.objects.select_related("user", "user__staff").get(key=key)
        except Token.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        _cache.set(_key(key), (token.user, token), settings.API_TOKEN_CACHE_SECONDS)
        return token.user, token


def remembered(key: str, resolve):
    """(user, auth) under `key` from this process's token cache, else resolve() and keep its answer:
    the same expiry and the same forgetting on any access change as a token. For HTTP Basic on the
    GIS endpoints (layers/api/gis_auth.py), whose password check (PBKDF2) would otherwise cost a
    second of CPU on every tile and page a GIS client asks for."""
    _forget_all_if_access_changed()
    cached = _cache.get(key)
    if cached is not None:
        return cached
    answer = resolve()
    _cache.set(key, answer, settings.API_TOKEN_CACHE_SECONDS)
    return answer


def _forget_user(user_id) -> None:
    _cache.delete_many([_key(key) for key in Token.objects.filter(user_id=user_id).values_list("key", flat=True)])


@receiver(post_delete, sender=Token)
def _forget_deleted_token(sender, instance, **kwargs):
    _cache.delete(_key(instance.key))


@receiver(post_save, sender=StaffProfile)
@receiver(post_delete, sender=StaffProfile)
def _forget_changed_profile(sender, instance, **kwargs):
    _forget_user(instance.user_id)


@receiver(post_save, sender=get_user_model())
def _forget_changed_user(sender, instance, created, update_fields=None, **kwargs):
    # A login stamps last_login only: nothing the cache answers changes.
    if not created and set(update_fields or ()) != {"last_login"}:
        _forget_user(instance.pk)
