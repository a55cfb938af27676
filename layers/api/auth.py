"""Token authentication with a short per-process cache.

Resolving a DRF token costs a database round trip and an ORM query on every API call, which is
a third of the time of a hot endpoint such as /api/locate. Grid workers' phones and agency
scripts send the same token many times a second, so each worker process keeps the answer for
API_TOKEN_CACHE_SECONDS. The price: a deleted token or deactivated user is honoured for at most
that long by processes that have it cached (deletion clears the cache of the process doing it).
"""

from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import post_delete
from django.dispatch import receiver
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

_cache = caches["tokens"]


def _key(token_key: str) -> str:
    return f"token:{token_key}"


class CachedTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        cached = _cache.get(_key(key))
        if cached is not None:
            return cached
        user, token = super().authenticate_credentials(key)
        _cache.set(_key(key), (user, token), settings.API_TOKEN_CACHE_SECONDS)
        return user, token


@receiver(post_delete, sender=Token)
def _forget_deleted_token(sender, instance, **kwargs):
    _cache.delete(_key(instance.key))
