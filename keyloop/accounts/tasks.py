"""Background work of the accounts app: e-mail never leaves on the request path."""

from django.tasks import task

from keyloop.lib.email import send_mail_now


@task()
def send_account_email(*, to: str, subject: str, text: str, html: str = "") -> None:
    send_mail_now(to=[to], subject=subject, text=text, html=html)
