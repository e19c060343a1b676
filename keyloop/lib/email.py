"""Sending e-mail from background tasks: plain text plus optional HTML."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives


def send_mail_now(
    *, to: list[str], subject: str, text: str, html: str = "", headers: dict | None = None
) -> None:
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers=headers or {},
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
