"""Project-wide views that belong to no domain."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


def healthz(request):
    """For load balancers: 200 when the database and the cache (Redis, with CACHE_URL)
    answer, else 503 naming what did not."""
    failing = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.exception("healthz: the database does not answer")
        failing.append("database")
    try:
        cache.get("healthz")
    except Exception:
        logger.exception("healthz: the cache does not answer")
        failing.append("cache")
    if failing:
        return JsonResponse({"status": "failing", "failing": failing}, status=503)
    return JsonResponse({"status": "ok"})


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
