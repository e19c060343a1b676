"""POST /<slug>/inbound/email/<secret>: a raw message forwarded by an inbound-mail service."""

import json
import re
import urllib.parse
from email.parser import BytesHeaderParser

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from keyloop.lib.ratelimit import Limited

from .access import access_workspace_by_inbound_secret
from .actions import email_rate_check, email_receive
from .parse import MalformedEmail

# Where services put the raw MIME when they post a form: SendGrid ("Send Raw") uses `email`,
# Mailgun's MIME route `body-mime`, Postmark's JSON `RawEmail`; `message` for anything else.
RAW_FIELDS = ("email", "message", "body-mime", "RawEmail")


class BadForm(ValueError):
    pass


@csrf_exempt
@require_POST
def inbound_email(request, slug: str, secret: str):
    workspace = access_workspace_by_inbound_secret(slug=slug, secret=secret)
    try:
        email_rate_check(workspace=workspace)
    except Limited as limited:
        response = JsonResponse({"error": limited.message}, status=429)
        response["Retry-After"] = str(limited.retry_after)
        return response
    limit = settings.INBOUND_EMAIL_MAX_BYTES
    too_big = JsonResponse({"error": f"The message is larger than {limit:,} bytes."}, status=413)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return too_big
    body = request.read(limit + 1)
    if len(body) > limit:
        return too_big
    try:
        raw = _raw_message(request.META.get("CONTENT_TYPE", ""), body)
        item, created = email_receive(workspace=workspace, raw=raw)
    except (MalformedEmail, BadForm) as error:
        return JsonResponse({"error": str(error)}, status=400)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        text = " ".join(message for messages in errors.values() for message in messages)
        return JsonResponse({"error": text, "errors": errors}, status=400)
    return JsonResponse({"id": item.pk, "created": created}, status=201 if created else 200)


def _raw_message(content_type: str, body: bytes) -> bytes:
    """The raw message from the body, or from the form field an inbound service put it in."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "multipart/form-data":
        fields = _multipart_fields(content_type, body)
    elif kind == "application/x-www-form-urlencoded":
        # surrogateescape both ways: the field's bytes come back exactly, whatever charset.
        pairs = urllib.parse.parse_qsl(
            body.decode("ascii", "surrogateescape"), max_num_fields=200, keep_blank_values=True,
            encoding="utf-8", errors="surrogateescape",
        )  # fmt: skip
        fields = {key: value.encode("utf-8", "surrogateescape") for key, value in pairs}
    elif kind == "application/json":
        try:
            data = json.loads(body)
        except ValueError as error:  # also UnicodeDecodeError
            raise BadForm("The JSON body cannot be read.") from error
        if not isinstance(data, dict):
            raise BadForm("Send an object with the raw message in `RawEmail` or `email`.")
        fields = {key: value.encode() for key, value in data.items() if isinstance(value, str)}
    else:
        return body
    raw = next((fields[name] for name in RAW_FIELDS if fields.get(name)), None)
    if raw is None:
        raise BadForm(f"No raw message in the form; send it in a field named one of: "
                      f"{', '.join(RAW_FIELDS)}.")  # fmt: skip
    return raw


def _multipart_fields(content_type: str, body: bytes) -> dict[str, bytes]:
    """Form fields as exact bytes. Django's parser would cap them at DATA_UPLOAD_MAX_MEMORY_SIZE,
    which is smaller than the messages we accept."""
    match = re.search(r'boundary="?([^";]+)"?', content_type, re.IGNORECASE)
    if not match:
        raise BadForm("The form has no boundary.")
    delimiter = b"--" + match.group(1).strip().encode("latin-1")
    fields: dict[str, bytes] = {}
    for chunk in body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break
        chunk = chunk.removeprefix(b"\r\n").removeprefix(b"\n")
        head, separator, value = chunk.partition(b"\r\n\r\n")
        if not separator:
            head, separator, value = chunk.partition(b"\n\n")
        headers = BytesHeaderParser().parsebytes(head + b"\r\n\r\n")
        name = headers.get_param("name", header="content-disposition")
        if name:
            fields[str(name)] = value.removesuffix(b"\n").removesuffix(b"\r")
    return fields
