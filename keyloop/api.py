"""The REST API at /api/v1/: bearer API keys, one error shape, routers from each app."""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as RuleBroken
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from keyloop.accounts.actions import api_key_authenticate

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Action error codes that mean "the object is in a state that forbids this" (HTTP 409).
CONFLICT_CODES = {"gone", "locked", "stale"}


class ApiKeyAuth(HttpBearer):
    """`Authorization: Bearer kl_…`; the key decides the workspace of every request."""

    openapi_description = "A workspace API key, created on the workspace's API keys page."

    def authenticate(self, request, token):
        api_key = api_key_authenticate(raw=token)
        if api_key is None:
            return None
        if request.method not in SAFE_METHODS and "write" not in api_key.scopes:
            raise HttpError(403, "This API key is read-only; it lacks the “write” scope.")
        request.api_key = api_key
        request.workspace = api_key.workspace
        return api_key


api = NinjaAPI(
    title="Keyloop API",
    version="1",
    description=(
        "Customer feedback boards joined to OKRs. Authenticate with "
        "`Authorization: Bearer <API key>`. Errors are JSON: "
        '`{"detail": "…", "errors": [{"field": "…", "message": "…"}]}`.'
    ),
    auth=ApiKeyAuth(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": "Missing, unknown or revoked API key."}, status=401
    )


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    detail = str(exc.message)
    if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
        detail = "The request body is not valid JSON."
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(ValidationError)
def on_invalid(request, exc):
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        # Drop ninja's "body"/"query" + parameter-name prefix so `field` reads as the user wrote it.
        if location and location[0] == "body":
            location = location[2:]  # "" when the body as a whole is wrong
        elif location and location[0] in {"query", "path", "header", "form", "cookie"}:
            location = location[2:] if len(location) > 2 else location[1:]
        message = error.get("msg", "Invalid.").removeprefix("Value error, ")
        errors.append({"field": ".".join(location), "message": message})
    return api.create_response(
        request, {"detail": "The request is not valid.", "errors": errors}, status=422
    )


@api.exception_handler(RequestDataTooBig)
def on_too_big(request, exc):
    return api.create_response(request, {"detail": "The request body is too large."}, status=413)


@api.exception_handler(RuleBroken)
def on_rule_broken(request, exc):
    """A domain rule said no (raised by an action): 422 with fields, or 409 for a conflict."""
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
        detail = "The request is not valid."
        if list(exc.message_dict) == ["__all__"]:
            errors, detail = [], " ".join(exc.message_dict["__all__"])
        return api.create_response(request, {"detail": detail, "errors": errors}, status=422)
    conflict = any(error.code in CONFLICT_CODES for error in exc.error_list)
    return api.create_response(
        request, {"detail": " ".join(exc.messages), "errors": []}, status=409 if conflict else 422
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    """404 for anything outside the key's workspace; access_* messages say what was missing."""
    detail = str(exc) if exc.args and str(exc).startswith("No such") else "Not found."
    errors = getattr(exc, "errors", None)
    body = {"detail": detail, **({"errors": errors} if errors else {})}
    return api.create_response(request, body, status=404)


def _add_routers() -> None:
    from keyloop.accounts.api import router as accounts_router
    from keyloop.dedup.api import router as dedup_router
    from keyloop.feedback.api import router as feedback_router
    from keyloop.inbox.api import router as inbox_router
    from keyloop.notifications.api import router as notifications_router
    from keyloop.okrs.api import router as okrs_router

    api.add_router("", accounts_router)
    api.add_router("", dedup_router)  # before /ideas/{id}
    api.add_router("", feedback_router)
    api.add_router("", inbox_router)
    api.add_router("", notifications_router)
    api.add_router("", okrs_router)


_add_routers()
