"""Fixed-window rate limits kept in Django's cache (shared by processes on one machine)."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Limited(Exception):
    """Raised when a limit is exceeded; `retry_after` is in whole seconds."""

    retry_after: int
    message: str = "Too many requests. Please wait a moment and try again."


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/m' → (10, 60). Units: s, m, h, d."""
    count, _, unit = rate.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit[:1] or "m"]
    return int(count), seconds


def check_rate(*, action: str, keys: list[str]) -> None:
    """Count one `action` for each key (e.g. person:12, ip:1.2.3.4); raise Limited past the rate."""
    if not settings.RATE_LIMITS_ENABLED:
        return
    limit, window = parse_rate(settings.RATE_LIMITS[action])
    now = int(time.time())
    bucket = now // window
    for key in keys:
        cache_key = f"rl:{action}:{key}:{bucket}"
        cache.add(cache_key, 0, timeout=window + 1)
        try:
            count = cache.incr(cache_key)
            # Some backends (file, database) re-save on incr with the default timeout
            # (5 minutes), which would forget counts of longer windows: keep the window's.
            cache.touch(cache_key, timeout=window + 1)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=window + 1)
            count = 1
        if count > limit:
            raise Limited(retry_after=max(1, (bucket + 1) * window - now))


def client_ip(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is trivially forged unless a proxy is configured.
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def wait_text(seconds: int) -> str:
    if seconds < 90:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    minutes = round(seconds / 60)
    if minutes < 90:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    hours = round(seconds / 3600)
    return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}


def limited_message(limited: Limited) -> str:
    """What a person who went too fast is told on a page."""
    return _("You are going a bit fast. Please wait %(wait)s and try again.") % {
        "wait": wait_text(limited.retry_after)
    }


def too_many(response, limited: Limited):
    """Turn a page that shows `limited_message` into a 429 with Retry-After."""
    response.status_code = 429
    response["Retry-After"] = str(limited.retry_after)
    return response
