"""API writes that are all-or-nothing, and creates that an `Idempotency-Key` makes safe to retry.

Both wrap a django-ninja operation's `run` (apply with `ninja.decorators.decorate_view`), so
they see the final HTTP response: anything but a 2xx rolls the whole request back, and a 2xx
sent with an `Idempotency-Key` is stored and replayed byte for byte on a retry.
"""

import functools
import hashlib
import json
from datetime import timedelta

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from .transactions import atomic_from_first_write

HEADER = "Idempotency-Key"
KEY_MAX = 255
MISMATCH = "This Idempotency-Key was used with a different request."

# Documents the header on every operation that honours it (ninja's `openapi_extra`).
OPENAPI_HEADER = {
    "parameters": [
        {
            "in": "header",
            "name": HEADER,
            "required": False,
            "schema": {"type": "string", "maxLength": KEY_MAX},
            "description": (
                "Any unique string (a UUID is ideal). Retrying with the same key and body "
                "replays the first response instead of creating again; keys are kept 24 hours "
                "per API key."
            ),
        }
    ]
}


def all_or_nothing(run):
    """Run the write in one transaction that is rolled back unless the answer is a 2xx.

    The transaction opens only when the operation's own function starts: authentication, body
    parsing and validation run before it. On SQLite it takes the write lock only at its first
    write (lib/transactions.atomic_from_first_write), so the lookups before it do not hold
    other writers back. It ends after the response is built, so a failure anywhere up to
    then still rolls back.
    """
    operation = getattr(run, "__self__", None)
    if operation is not None and hasattr(operation, "view_func"):
        _open_transaction_in_view(operation)

        @functools.wraps(run)
        def lazy(request, *args, **kwargs):
            return _run_lazily_atomic(run, request, args, kwargs)

        return lazy

    @functools.wraps(run)
    def wrapper(request, *args, **kwargs):
        with transaction.atomic():
            response = run(request, *args, **kwargs)
            if not 200 <= response.status_code < 300:
                transaction.set_rollback(True)
        return response

    return wrapper


class _PendingTransaction:
    atomic = None


def _open_transaction_in_view(operation) -> None:
    view = operation.view_func
    if getattr(view, "_opens_pending_transaction", False):
        return

    @functools.wraps(view)
    def opening(request, *args, **kwargs):
        pending = getattr(request, "_keyloop_pending_transaction", None)
        if pending is not None and pending.atomic is None:
            pending.atomic = atomic_from_first_write()
            pending.atomic.__enter__()
        return view(request, *args, **kwargs)

    opening._opens_pending_transaction = True
    operation.view_func = opening


def _run_lazily_atomic(run, request, args, kwargs):
    pending = request._keyloop_pending_transaction = _PendingTransaction()
    try:
        response = run(request, *args, **kwargs)
    except BaseException as error:
        request._keyloop_pending_transaction = None
        if pending.atomic is not None:
            pending.atomic.__exit__(type(error), error, error.__traceback__)
        raise
    request._keyloop_pending_transaction = None
    if pending.atomic is not None:
        if not 200 <= response.status_code < 300:
            transaction.set_rollback(True)
        pending.atomic.__exit__(None, None, None)
    return response


def idempotent(run):
    """Honour `Idempotency-Key` on a create; without the header it is just all_or_nothing."""

    plain = all_or_nothing(run)

    @functools.wraps(run)
    def wrapper(request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return plain(request, *args, **kwargs)
        if not key.strip() or len(key) > KEY_MAX:
            return _error(
                422,
                "The request is not valid.",
                [{"field": HEADER, "message": f"Use 1 to {KEY_MAX} characters."}],
            )
        api_key = _api_key_of(request)
        try:
            fingerprint = _fingerprint(request)
        except RequestDataTooBig:
            api_key = None
        if api_key is None:  # let the operation give its usual 401, 403 or 413
            return plain(request, *args, **kwargs)
        return _run_once(request, api_key, key, fingerprint, run, args, kwargs)

    return wrapper


def _run_once(request, api_key, key, fingerprint, run, args, kwargs):
    from keyloop.accounts.models import IdempotentRequest

    expired = timezone.now() - timedelta(hours=IdempotentRequest.TTL_HOURS)
    with transaction.atomic():
        try:
            # Claim the key. A concurrent request with the same key blocks here until this
            # transaction ends, then sees the stored response (or claims it if we rolled back).
            with transaction.atomic():
                # Keys live a day: forget this API key's older ones (this one's included).
                IdempotentRequest.objects.filter(api_key=api_key, created_at__lt=expired).delete()
                record = IdempotentRequest.objects.create(
                    api_key=api_key, key=key, fingerprint=fingerprint
                )
        except IntegrityError:
            earlier = IdempotentRequest.objects.get(api_key=api_key, key=key)
            if earlier.fingerprint != fingerprint:
                return _error(422, MISMATCH)
            replay = HttpResponse(
                earlier.response_body,
                status=earlier.response_status,
                content_type="application/json; charset=utf-8",
            )
            replay["Idempotent-Replayed"] = "true"
            return replay

        response = run(request, *args, **kwargs)
        if 200 <= response.status_code < 300:
            record.response_status = response.status_code
            record.response_body = response.content.decode()
            record.save(update_fields=["response_status", "response_body"])
        else:  # nothing was created: forget the key so a corrected retry may use it
            transaction.set_rollback(True)
        return response


def _api_key_of(request):
    from keyloop.accounts.actions import api_key_authenticate

    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    api_key = api_key_authenticate(raw=token.strip())
    if api_key is None or "write" not in api_key.scopes:
        return None
    return api_key


def _fingerprint(request) -> str:
    try:
        body = json.dumps(json.loads(request.body), sort_keys=True, separators=(",", ":"))
    except ValueError:
        body = request.body.decode(errors="replace")
    text = f"{request.method}\n{request.get_full_path()}\n{body}"
    return hashlib.sha256(text.encode()).hexdigest()


def _error(status: int, detail: str, errors: list | None = None) -> JsonResponse:
    payload = {"detail": detail}
    if errors:
        payload["errors"] = errors
    return JsonResponse(payload, status=status)
