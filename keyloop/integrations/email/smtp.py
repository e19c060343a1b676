"""The SMTP listener (`keyloop smtpd`): mail to feedback+<workspace>@<domain> becomes feedback.

aiosmtpd runs the protocol on its own event loop; the ORM work of each message runs in a
worker thread (Django's ORM is synchronous) that closes its database connections afterwards.
Refusals happen as early as SMTP allows: an unknown recipient at RCPT (550), an oversize
message while it is sent (552), so the sending server bounces it to its author.
"""

import logging
import re

from aiosmtpd.controller import Controller
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections

from keyloop.accounts.models import Workspace
from keyloop.lib.ratelimit import Limited

from .actions import email_rate_check, email_receive
from .parse import MalformedEmail

logger = logging.getLogger(__name__)

LOCAL_PREFIX = "feedback+"
_SLUG = re.compile(r"^[-a-z0-9_]+$")


def recipient_workspace_slug(address: str, domain: str = "") -> str | None:
    """'feedback+acme@feedback.example.com' → 'acme'; None for any other address."""
    local, at, host = (address or "").strip().strip("<>").rpartition("@")
    if not at:
        return None
    local, host = local.lower(), host.lower().rstrip(".")
    if domain and host != domain.lower():
        return None
    slug = local.removeprefix(LOCAL_PREFIX)
    if slug == local or not _SLUG.match(slug):
        return None
    return slug


def _in_thread(function):
    """Run `function` in a worker thread and close the connections it opened there."""

    def closing(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        finally:
            connections.close_all()

    return sync_to_async(closing, thread_sensitive=False)


def _workspace_exists(slug: str) -> bool:
    return Workspace.objects.filter(slug=slug).exists()


def _smtp_text(text: str) -> str:
    """One line of ASCII, as an SMTP reply must be."""
    return " ".join(text.encode("ascii", "replace").decode().split())[:400]


def deliver(*, slugs: list[str], raw: bytes, mail_from: str = "") -> str:
    """Store one message for each recipient workspace; the SMTP reply to give."""
    try:
        for slug in slugs:
            workspace = Workspace.objects.filter(slug=slug).first()
            if workspace is None:
                return "550 5.1.1 No such mailbox here"
            email_rate_check(workspace=workspace)
            item, created = email_receive(workspace=workspace, raw=raw, envelope_sender=mail_from)
            logger.info("E-mail to %s: item %s (%s)", slug, item.pk, "new" if created else "known")
    except MalformedEmail as error:
        return f"554 5.6.0 {_smtp_text(str(error))}"
    except ValidationError as error:
        return f"554 5.6.0 {_smtp_text(' '.join(error.messages))}"
    except Limited:
        # Temporary: the sending server retries later; a retried message is stored once.
        return "451 4.7.1 Too many messages for this workspace; try again later"
    except Exception:
        logger.exception("Could not store an inbound e-mail")
        return "451 4.3.0 Temporary failure; try again later"
    return "250 2.0.0 OK: stored"


def is_unsubscribe_address(address: str) -> bool:
    """The mailto: address in every notification's List-Unsubscribe header."""
    return (address or "").strip().strip("<>").lower() == (
        settings.NOTIFICATIONS_UNSUBSCRIBE_MAILTO.lower()
    )


def unsubscribe(*, raw: bytes) -> str:
    from email import message_from_bytes, policy

    from keyloop.notifications.unsubscribe import person_unsubscribe_by_mail

    subject = str(message_from_bytes(raw, policy=policy.default).get("Subject", ""))
    if person_unsubscribe_by_mail(subject):
        return "250 2.0.0 OK: unsubscribed"
    return "550 5.7.1 This is not an unsubscribe request Keyloop sent"


class InboundHandler:
    def __init__(self, *, domain: str = ""):
        self.domain = domain

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if is_unsubscribe_address(address):
            envelope.rcpt_tos.append(address)
            return "250 2.1.5 OK"
        slug = recipient_workspace_slug(address, self.domain)
        if slug is None or not await _in_thread(_workspace_exists)(slug):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content or envelope.content
        if any(is_unsubscribe_address(address) for address in envelope.rcpt_tos):
            return await _in_thread(unsubscribe)(raw=content)
        slugs = list(
            dict.fromkeys(recipient_workspace_slug(a, self.domain) for a in envelope.rcpt_tos)
        )
        return await _in_thread(deliver)(
            slugs=[s for s in slugs if s], raw=content, mail_from=envelope.mail_from or ""
        )


def inbound_smtp_controller(*, host: str, port: int) -> Controller:
    """A started-when-you-call-start() listener with the project's limits."""
    return Controller(
        InboundHandler(domain=settings.INBOUND_EMAIL_DOMAIN), hostname=host, port=port,
        data_size_limit=settings.INBOUND_EMAIL_MAX_BYTES, enable_SMTPUTF8=True,
        ident="Keyloop inbound mail",
    )  # fmt: skip
