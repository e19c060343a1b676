"""The webhook sender: signed POSTs to integrators' URLs, never to private addresses.

The host name is resolved once, every address checked (loopback, private, link-local,
reserved are refused unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES), and the connection goes to
that checked address, so a DNS answer cannot change between the check and the request.
Redirects are not followed: a 3xx is a failed delivery, whatever it points at.
"""

import http.client
import ipaddress
import json
import socket
import ssl
import threading
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder

from keyloop.notifications.actions import (
    backoff,
    deliveries_claim,
    delivery_mark_failed,
    delivery_mark_sent,
    webhook_endpoint_record_outcome,
)
from keyloop.notifications.models import DeliveryStatus, WebhookAttempt, WebhookDelivery

from .sign import headers as signed_headers

RESPONSE_KEEP = 2000  # characters of the answer kept in the log
DISABLED = "The endpoint is disabled."


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _is_public(ip) -> bool:
    """Global unicast, and so is any IPv4 address an IPv6 one carries (::ffff:10.0.0.1,
    6to4, NAT64 64:ff9b::7f00:1), which would otherwise reach a private host."""
    if not ip.is_global or ip.is_multicast:
        return False
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour
        if ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return _is_public(embedded)
    return True


def _checked_addresses(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise ValidationError(f"The host “{host}” does not resolve ({error.strerror}).") from None
    addresses = [info[4][0] for info in infos]
    if not settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        for address in addresses:
            if not _is_public(ipaddress.ip_address(address.split("%")[0])):
                raise ValidationError(
                    f"“{host}” points at a private or local address ({address}); webhooks only "
                    "go to public addresses."
                )
    return addresses


def refuse_private_url(url: str) -> list[str]:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError("Give a full http(s):// URL.")
    return _checked_addresses(
        parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    )


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, address, **kwargs):
        super().__init__(host, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, address, **kwargs):
        super().__init__(host, context=ssl.create_default_context(), **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict) -> tuple[int, str]:
    """POST and return (status, first characters of the answer); raises OSError on failure."""
    address = refuse_private_url(url)[0]
    parts = urlsplit(url)
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(
        parts.hostname, address, port=parts.port, timeout=settings.WEBHOOK_TIMEOUT_SECONDS
    )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    # The socket timeout bounds each read; this bounds the whole try, so an endpoint that
    # drips its answer a byte at a time cannot hold a worker for long.
    cut = threading.Event()
    watchdog = threading.Timer(settings.WEBHOOK_TIMEOUT_SECONDS, _cut, args=[connection, cut])
    watchdog.start()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(RESPONSE_KEEP).decode("utf-8", "replace")
        return response.status, text
    except (OSError, http.client.HTTPException) as error:
        if cut.is_set() and not isinstance(error, TimeoutError):
            raise TimeoutError(
                f"timed out: no complete answer within {settings.WEBHOOK_TIMEOUT_SECONDS} s"
            ) from error
        raise
    finally:
        watchdog.cancel()
        connection.close()


def _cut(connection, cut: threading.Event) -> None:
    """Shut the socket down from the watchdog thread: the blocked read fails at once."""
    cut.set()
    sock = connection.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def payload_of(event) -> dict:
    data = dict(event.payload)
    data["workspace"] = event.workspace.slug
    return {"type": event.kind, "timestamp": event.created_at, "data": data}


def _deliver(delivery: WebhookDelivery) -> bool:
    endpoint, event = delivery.endpoint, delivery.event
    if not endpoint.is_active:
        delivery_mark_failed(
            model=WebhookDelivery, delivery_id=delivery.pk,
            reason=DISABLED, retry_in=None,
        )  # fmt: skip
        return False
    body = json.dumps(payload_of(event), cls=DjangoJSONEncoder, separators=(",", ":")).encode()
    headers = {
        "content-type": "application/json",
        "user-agent": "Keyloop-Webhooks/1",
        **signed_headers(
            secret=endpoint.secret, message_id=f"msg_{event.pk}",
            timestamp=int(time.time()), body=body,
        ),
    }  # fmt: skip
    started = time.monotonic()
    status, answer, error = None, "", ""
    try:
        status, answer = post(endpoint.url, body, headers)
    except ValidationError as refused:
        error = refused.messages[0]
    except (OSError, http.client.HTTPException) as failure:
        error = f"{type(failure).__name__}: {failure}" if str(failure) else type(failure).__name__
    WebhookAttempt.objects.create(
        delivery=delivery, request_headers=headers, request_body=body.decode(),
        response_status=status, response_body=answer, error=error[:300],
        duration_ms=int((time.monotonic() - started) * 1000),
    )  # fmt: skip
    ok = status is not None and 200 <= status < 300
    webhook_endpoint_record_outcome(endpoint_id=endpoint.pk, ok=ok)
    if ok:
        delivery_mark_sent(model=WebhookDelivery, delivery_id=delivery.pk)
        return True
    if status is not None and 300 <= status < 400:
        reason = f"HTTP {status}: redirects are not followed."
    elif status is not None:
        reason = f"HTTP {status}."
    else:
        reason = error
    endpoint.refresh_from_db(fields=["is_active"])
    retry_in = backoff(attempts=delivery.attempts, schedule=settings.WEBHOOK_RETRY_SECONDS)
    if not endpoint.is_active:
        retry_in = None
        reason += " The endpoint was disabled after failing for a day."
        # Its other waiting deliveries end now, visibly, instead of at their next retry.
        WebhookDelivery.objects.filter(
            endpoint_id=endpoint.pk, status=DeliveryStatus.PENDING
        ).update(status=DeliveryStatus.FAILED, reason=DISABLED, claimed_until=None)
    delivery_mark_failed(
        model=WebhookDelivery, delivery_id=delivery.pk, reason=reason, retry_in=retry_in
    )
    return False


def webhooks_send_due(*, batch: int = 20) -> int:
    lease = timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    sent = 0
    while True:
        ids = deliveries_claim(model=WebhookDelivery, batch=batch, lease=lease)
        if not ids:
            return sent
        endpoints = {}  # one instance per endpoint, so a disable is seen by the whole batch
        for delivery in (
            WebhookDelivery.objects.filter(pk__in=ids)
            .select_related("endpoint", "event__workspace")
            .order_by("next_attempt_at", "id")
        ):
            delivery.endpoint = endpoints.setdefault(delivery.endpoint_id, delivery.endpoint)
            sent += _deliver(delivery)
