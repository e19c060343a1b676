"""Whole-page cache for anonymous portal visitors.

Most portal traffic is anonymous and reads the same pages. A page is rendered once per
content version and served from the cache until anything on the portal changes; the
version is bumped after every committed write to feedback data (see feedback/apps.py).
Pages carry forms, so the CSRF token is rendered as a placeholder and filled in per
request: every visitor still gets their own token and cookie.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token

from . import versions

CSRF_PLACEHOLDER = "__keyloop_csrf_token__"
VERSION = "portal-content"


def content_version() -> str:
    return versions.current(VERSION)


def bump_content_version() -> None:
    versions.bump(VERSION)


def rendering_for_cache(request) -> bool:
    return getattr(request, "_render_for_page_cache", False)


def _cacheable_request(request) -> bool:
    return (
        settings.PORTAL_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_HX_REQUEST" not in request.META
    )


def cached_for_anonymous(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        # Hashed: a query string can be long (an SSO token) and should not be a key.
        path = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
        key = f"page:{content_version()}:{path}"
        cached = cache.get(key)
        if cached is None:
            request._render_for_page_cache = True
            response = view(request, *args, **kwargs)
            request._render_for_page_cache = False
            if (
                response.status_code != 200
                or response.cookies
                or getattr(response, "streaming", False)
                or not response.get("Content-Type", "").startswith("text/html")
            ):
                return response
            cached = (response.content.decode(), response["Content-Type"])
            cache.set(key, cached, timeout=settings.PORTAL_PAGE_CACHE_SECONDS)
        content, content_type = cached
        response = HttpResponse(
            content.replace(CSRF_PLACEHOLDER, get_token(request)), content_type=content_type
        )
        response["Cache-Control"] = "private, no-cache"
        return response

    return wrapper
