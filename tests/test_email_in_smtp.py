"""Mail sent over real SMTP to feedback+<workspace>@… becomes an item; anything else is refused
while the sending server can still bounce it (550 at RCPT, 552 for size, 554 for bad MIME).

The listener is `keyloop smtpd`'s own server class, run in this process on a free port so it
shares the test database; its handler stores each message from a worker thread.
"""

import smtplib
from pathlib import Path

import pytest

from keyloop.inbox.models import FeedbackItem
from keyloop.integrations.email.smtp import inbound_smtp_controller

from .conftest import free_port

DATA = Path(__file__).parent / "data" / "email"
pytestmark = pytest.mark.django_db(transaction=True)


def sample(name: str) -> bytes:
    # Mail travels with CRLF line ends; the samples are stored with LF.
    return (DATA / name).read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


@pytest.fixture
def listen(settings):
    """Start the listener with the current settings; returns an SMTP client factory."""
    controllers = []

    def start():
        port = free_port()
        controller = inbound_smtp_controller(host="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        return lambda: smtplib.SMTP("127.0.0.1", port, timeout=10)

    yield start
    for controller in controllers:
        controller.stop()


def test_a_message_sent_over_smtp_becomes_an_item_of_the_workspace(world, listen):
    connect = listen()
    with connect() as smtp:
        refused = smtp.sendmail(
            "dana@initech.test", ["feedback+acme@feedback.acme.test"],
            sample("apple_mail_with_attachment.eml"),
        )  # fmt: skip
    assert refused == {}
    item = FeedbackItem.objects.get(workspace=world.acme)
    assert (item.channel, item.person, item.title) == (
        "email", world.dana, "Roadmap export for our board meeting",
    )  # fmt: skip
    assert [a["name"] for a in item.attachments] == ["Roadmap Q2.pdf", "colours.png"]
    assert "Sent from my iPhone" not in item.text


def test_a_message_delivered_twice_and_its_reply_make_one_item(world, listen):
    connect = listen()
    first = (
        b"From: Dana Diaz <dana@initech.test>\r\nSubject: CSV export drops the owner column\r\n"
        b"Message-ID: <CAJx3kq8Y0c1r9nQ@mail.gmail.com>\r\n\r\nThe owner column is missing.\r\n"
    )
    with connect() as smtp:
        for raw in (first, first, sample("gmail_reply_with_quote.eml")):
            smtp.sendmail("dana@initech.test", ["feedback+acme@x.test"], raw)
    item = FeedbackItem.objects.get(workspace=world.acme)
    assert item.text.startswith("The owner column is missing.\n\n---\n\nThanks for the quick")


def test_one_message_to_two_workspaces_becomes_an_item_in_each(world, listen):
    connect = listen()
    with connect() as smtp:
        smtp.sendmail(
            "eve@example.test", ["feedback+acme@x.test", "feedback+globex@x.test"],
            sample("windows_1252_8bit.eml"),
        )  # fmt: skip
    assert sorted(FeedbackItem.objects.values_list("workspace__slug", flat=True)) == [
        "acme", "globex",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "recipient", ["feedback+nobody@x.test", "support@x.test", "feedback@x.test", "acme@x.test"]
)
def test_an_unknown_workspace_or_address_is_refused_at_rcpt_with_550(world, listen, recipient):
    connect = listen()
    with connect() as smtp, pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        smtp.sendmail("eve@example.test", [recipient], sample("windows_1252_8bit.eml"))
    assert refused.value.recipients[recipient][0] == 550
    assert not FeedbackItem.objects.exists()


def test_with_a_domain_set_only_that_domain_is_accepted(world, listen, settings):
    settings.INBOUND_EMAIL_DOMAIN = "feedback.keyloop.example"
    connect = listen()
    with connect() as smtp:
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            smtp.sendmail("eve@example.test", ["feedback+acme@other.test"], b"Subject: x\r\n\r\nx")
        smtp.sendmail(
            "eve@example.test", ["feedback+acme@Feedback.Keyloop.Example"],
            sample("windows_1252_8bit.eml"),
        )  # fmt: skip
    assert FeedbackItem.objects.get().workspace == world.acme


def test_a_message_over_the_size_limit_is_refused_with_552(world, listen, settings):
    settings.INBOUND_EMAIL_MAX_BYTES = 50_000
    connect = listen()
    raw = b"From: eve@example.test\r\nSubject: Big\r\n\r\n" + (b"y" * 998 + b"\r\n") * 60
    with connect() as smtp, pytest.raises(smtplib.SMTPException) as error:
        smtp.sendmail("eve@example.test", ["feedback+acme@x.test"], raw)
    assert error.value.smtp_code == 552
    assert not FeedbackItem.objects.exists()


def test_malformed_mime_is_refused_at_data_with_554_and_the_reason(world, listen):
    connect = listen()
    with connect() as smtp, pytest.raises(smtplib.SMTPDataError) as error:
        smtp.sendmail(
            "x@example.test", ["feedback+acme@x.test"], sample("malformed_mime_no_boundary.eml")
        )
    assert error.value.smtp_code == 554
    assert b"MIME structure is broken" in error.value.smtp_error
    assert not FeedbackItem.objects.exists()
