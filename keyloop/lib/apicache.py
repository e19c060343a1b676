"""Cache of API read responses, per API key, invalidated by every committed change.

Integrations poll list endpoints; most polls see nothing new. A GET answered 200 is stored
under the portal content version (lib/pagecache.py), so any committed write makes it
stale at once. A key is served from the cache only while it was verified in the last minute
by the normal path (which also keeps its last-used time); revoking a key forgets it at once.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from .pagecache import content_version

API_PREFIX = "/api/v1/"
VERIFIED_SECONDS = 60


def verified_key_cache_key(key_hash: str) -> str:
    return f"api-key-ok:{key_hash}"


def forget_api_key(key_hash: str) -> None:
    cache.delete(verified_key_cache_key(key_hash))


class ApiReadCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = self._token(request)
        if token is None:
            return self.get_response(request)
        key_hash = hashlib.sha256(token.encode()).hexdigest()
        response_key = f"api-get:{content_version()}:{key_hash}:{request.get_full_path()}"
        if cache.get(verified_key_cache_key(key_hash)):
            cached = cache.get(response_key)
            if cached is not None:
                content, content_type = cached
                return HttpResponse(content, content_type=content_type)
        response = self.get_response(request)
        if response.status_code == 200 and getattr(request, "api_key", None) is not None:
            cache.set(verified_key_cache_key(key_hash), True, timeout=VERIFIED_SECONDS)
            cache.set(
                response_key,
                (response.content, response["Content-Type"]),
                timeout=settings.API_READ_CACHE_SECONDS,
            )
        return response

    @staticmethod
    def _token(request) -> str | None:
        if (
            settings.API_READ_CACHE_SECONDS <= 0
            or request.method != "GET"
            or not request.path.startswith(API_PREFIX)
        ):
            return None
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return token.strip()
