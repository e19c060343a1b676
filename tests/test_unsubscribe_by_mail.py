"""The mailto: of List-Unsubscribe works: a message to it with the token in the subject, sent
over real SMTP to the bundled listener, unsubscribes that person; anything else is refused."""

import re
import smtplib
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from keyloop.feedback import actions as feedback
from keyloop.feedback.models import Status
from keyloop.integrations.email.smtp import inbound_smtp_controller

from .conftest import free_port

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def listener(settings):
    settings.NOTIFICATIONS_UNSUBSCRIBE_MAILTO = "unsubscribe@feedback.acme.test"
    port = free_port()
    controller = inbound_smtp_controller(host="127.0.0.1", port=port)
    controller.start()
    yield lambda: smtplib.SMTP("127.0.0.1", port, timeout=10)
    controller.stop()


def _mail(to: str, subject: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "eve@example.test", to, subject
    message.set_content("unsubscribe")
    return message


def test_mailing_the_list_unsubscribe_address_unsubscribes(
    world, listener, smtp_server, django_capture_on_commit_callbacks
):
    idea = feedback.idea_create(
        board=world.acme.boards.get(slug="feature-requests"), title="Dark mode", author=world.eve
    )
    with django_capture_on_commit_callbacks(execute=True):
        feedback.idea_change_status(
            idea=idea, status=Status.objects.get(workspace=world.acme, category="planned"),
            actor_user=world.alice,
        )  # fmt: skip
    (notice,) = smtp_server.wait_for(1)
    mailto = re.findall(r"<(mailto:[^>]+)>", notice["List-Unsubscribe"])[0]
    address = urlsplit(mailto).path
    subject = unquote(parse_qs(urlsplit(mailto).query)["subject"][0])
    assert address == "unsubscribe@feedback.acme.test"

    with listener() as smtp:
        smtp.send_message(_mail(address, subject))
    world.eve.refresh_from_db()
    assert world.eve.email_notifications is False


def test_a_forged_token_is_refused_and_changes_nothing(world, listener):
    with listener() as smtp, pytest.raises(smtplib.SMTPDataError) as refused:
        smtp.send_message(_mail("unsubscribe@feedback.acme.test", "unsubscribe WzEsMl0:forged"))
    assert refused.value.smtp_code == 550
    world.eve.refresh_from_db()
    world.dana.refresh_from_db()
    assert world.eve.email_notifications and world.dana.email_notifications
