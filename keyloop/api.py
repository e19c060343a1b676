"""The REST API at /api/v1/: bearer API keys, one error shape, routers from each app."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from keyloop.accounts.actions import api_key_authenticate

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


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


@api.exception_handler(ValidationError)
def on_invalid(request, exc):
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        # Drop ninja's "body"/"query" + parameter-name prefix so `field` reads as the user wrote it.
        if location and location[0] in {"body", "query", "path", "header", "form"}:
            location = location[2:] if len(location) > 2 else location[1:]
        errors.append({"field": ".".join(location), "message": error.get("msg", "Invalid.")})
    return api.create_response(
        request, {"detail": "The request is not valid.", "errors": errors}, status=422
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


def _add_routers() -> None:
    from keyloop.accounts.api import router as accounts_router

    api.add_router("", accounts_router)


_add_routers()
