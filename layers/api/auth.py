"""Token authentication with a short per-process cache.

Resolving a DRF token costs a database round trip and an ORM query on every API call, which is
a third of the time of a hot endpoint such as /api/locate. Grid workers' phones and agency
scripts send the same token many times a second, so each worker process keeps the answer for
API_TOKEN_CACHE_SECONDS. The user is cached with their staff profile (role, community,
department), which every scoped view reads: one query fewer per call, and two for intake.
The price: a deleted token, a deactivated user or a changed role is honoured for at most that long
by processes that have it cached (the process making the change forgets it at once).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from layers.models import StaffProfile

_cache = caches["tokens"]


def _key(token_key: str) -> str:
    return f"token:{token_key}"


class CachedTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
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
