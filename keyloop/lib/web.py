"""Small request and error helpers shared by the views of every app."""

from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme


def error_text(error: ValidationError) -> str:
    """An action's error as one sentence for a flash message."""
    return " ".join(error.messages)


def safe_next(request) -> str:
    """The `next` parameter, if it points back into this site; otherwise empty."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""
