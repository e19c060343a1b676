"""POST /<slug>/inbound/email/<secret>: an inbound-mail service forwards a raw message and it
becomes an item of the inbox; a re-delivery or a reply in the thread never adds a second one."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from keyloop.accounts.models import Person
from keyloop.inbox.models import FEEDBACK_TEXT_MAX, FeedbackItem

DATA = Path(__file__).parent / "data" / "email"


def url_for(workspace, secret=None):
    secret = workspace.inbound_email_secret if secret is None else secret
    return reverse("inbound_email", kwargs={"slug": workspace.slug, "secret": secret})


def post_raw(client, workspace, raw: bytes, secret=None):
    return client.post(url_for(workspace, secret), raw, content_type="message/rfc822")


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def message(*, message_id: str, text: str, sender="Dana Diaz <dana@initech.test>",
            subject="Exports", headers="") -> bytes:  # fmt: skip
    return (
        f"From: {sender}\r\nTo: feedback+acme@keyloop.example\r\nSubject: {subject}\r\n"
        f"Message-ID: <{message_id}>\r\n{headers}Content-Type: text/plain; charset=utf-8\r\n"
        f"\r\n{text}\r\n"
    ).encode()


def test_a_forwarded_message_becomes_an_email_item_of_its_sender(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_raw(client, world.acme, sample("apple_mail_with_attachment.eml"))
    assert response.status_code == 201
    item = FeedbackItem.objects.get(pk=response.json()["id"])
    assert response.json() == {"id": item.pk, "created": True}
    assert (item.workspace, item.channel, item.person) == (world.acme, "email", world.dana)
    assert item.company == world.initech
    assert item.title == "Roadmap export for our board meeting"
    assert item.text.startswith("Hello Acme,\n\nOur board wants the public roadmap as a PDF.")
    assert [a["name"] for a in item.attachments] == ["Roadmap Q2.pdf", "colours.png"]
    assert item.external_id == "8E3C1A52-7F0D-4B9E-A6C2-3D5F1E9B0A44@initech.test"
    item.refresh_from_db()
    assert item.sentiment_label  # scored by the task queued after commit


def test_a_new_sender_becomes_an_unconfirmed_person_with_their_name(world, client):
    response = post_raw(client, world.acme, sample("iso_8859_1_quoted_printable.eml"))
    assert response.status_code == 201
    person = Person.objects.get(workspace=world.acme, email="rene@lefevre.test")
    assert person.name == "René Lefèvre"
    assert person.email_confirmed_at is None  # anyone can write any From: line
    item = FeedbackItem.objects.get(pk=response.json()["id"])
    assert item.title == "Pourquoi l'export coûte plus cher ?"
    assert "coûte 5 € de plus" in item.text


def test_the_same_message_delivered_again_changes_nothing(world, client):
    first = post_raw(client, world.acme, sample("windows_1252_8bit.eml"))
    again = post_raw(client, world.acme, sample("windows_1252_8bit.eml"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == {"id": first.json()["id"], "created": False}
    assert FeedbackItem.objects.filter(workspace=world.acme).count() == 1


def test_a_reply_in_the_thread_is_appended_to_the_first_item(world, client):
    first = post_raw(client, world.acme, message(
        message_id="CAJx3kq8Y0c1r9nQ@mail.gmail.com", subject="CSV export drops the owner column",
        text="The CSV export drops the owner column.",
    ))  # fmt: skip
    reply = post_raw(client, world.acme, sample("gmail_reply_with_quote.eml"))
    assert reply.status_code == 200
    assert reply.json() == {"id": first.json()["id"], "created": False}
    item = FeedbackItem.objects.get(pk=first.json()["id"])
    assert item.text.startswith("The CSV export drops the owner column.")
    assert item.text.endswith("so we still can’t hand the export to finance.")
    assert "could you tell us which columns" not in item.text  # the quote is not appended
    assert item.title == "CSV export drops the owner column"
    assert FeedbackItem.objects.filter(workspace=world.acme).count() == 1
    # Re-delivering the reply appends nothing more.
    post_raw(client, world.acme, sample("gmail_reply_with_quote.eml"))
    item.refresh_from_db()
    assert item.text.count("Thanks for the quick answer!") == 1


def test_a_reply_deeper_in_the_thread_finds_the_item_through_references(world, client):
    first = post_raw(client, world.acme, message(message_id="root@x.test", text="Add SSO."))
    second = post_raw(client, world.acme, message(
        message_id="second@x.test", text="For Okta, please.",
        headers="In-Reply-To: <root@x.test>\r\n",
    ))  # fmt: skip
    third = post_raw(client, world.acme, message(
        message_id="third@x.test", text="Any news?", sender="Eve Evans <eve@example.test>",
        headers="In-Reply-To: <someone-elses@mail.test>\r\n"
        "References: <root@x.test> <second@x.test> <someone-elses@mail.test>\r\n",
    ))  # fmt: skip
    assert {second.json()["id"], third.json()["id"]} == {first.json()["id"]}
    item = FeedbackItem.objects.get(pk=first.json()["id"])
    # Another person's reply says who wrote it.
    assert item.text == (
        "Add SSO.\n\n---\n\nFor Okta, please.\n\n---\n\nEve Evans wrote:\n\nAny news?"
    )


def test_a_reply_naming_another_workspaces_message_starts_a_new_item(world, client):
    acme_item = post_raw(client, world.acme, message(message_id="root@x.test", text="Add SSO."))
    globex = post_raw(client, world.globex, message(
        message_id="reply@x.test", text="We want SSO too.", headers="In-Reply-To: <root@x.test>\r\n"
    ))  # fmt: skip
    assert globex.status_code == 201
    assert FeedbackItem.objects.get(pk=globex.json()["id"]).workspace == world.globex
    assert FeedbackItem.objects.get(pk=acme_item.json()["id"]).text == "Add SSO."


@pytest.mark.parametrize(
    "encode",
    [
        # SendGrid's Inbound Parse with "POST the raw, full MIME message": field `email`.
        lambda raw: {"data": {"email": raw.decode(), "to": "feedback+acme@x.test"}},
        # Mailgun's MIME route: field `body-mime`, form-encoded.
        lambda raw: {
            "data": "body-mime=" + __import__("urllib.parse").parse.quote(raw.decode()),
            "content_type": "application/x-www-form-urlencoded",
        },
        # Postmark with "Include raw email content": JSON with `RawEmail`.
        lambda raw: {
            "data": json.dumps({"RawEmail": raw.decode()}),
            "content_type": "application/json",
        },  # fmt: skip
    ],
    ids=["multipart-email-field", "urlencoded-body-mime", "json-RawEmail"],
)
def test_services_that_post_the_raw_message_in_a_form_field_are_understood(world, client, encode):
    raw = message(message_id="form@x.test", text="Größere Schrift, bitte.")
    response = client.post(url_for(world.acme), **encode(raw))
    assert response.status_code == 201, response.content
    assert FeedbackItem.objects.get(pk=response.json()["id"]).text == "Größere Schrift, bitte."


def test_a_form_without_the_message_is_refused_clearly(world, client):
    response = client.post(url_for(world.acme), {"subject": "Hi", "text": "Hello"})
    assert response.status_code == 400
    assert "field named one of: email, message" in response.json()["error"]


@pytest.mark.parametrize("target", ["wrong secret", "unknown workspace", "globex's secret"])
def test_a_bad_secret_or_unknown_workspace_gets_the_same_404(world, client, target):
    url = {
        "wrong secret": url_for(world.acme, "not-the-secret"),
        "unknown workspace": reverse("inbound_email", args=["nobody", "whatever"]),
        "globex's secret": url_for(world.acme, world.globex.inbound_email_secret),
    }[target]
    response = client.post(url, sample("windows_1252_8bit.eml"), content_type="message/rfc822")
    assert response.status_code == 404
    assert b"acme" not in response.content.lower()
    assert not FeedbackItem.objects.exists()


def test_a_message_over_the_size_limit_gets_413_and_is_not_stored(world, client, settings):
    settings.INBOUND_EMAIL_MAX_BYTES = 100_000
    raw = message(message_id="big@x.test", text="x" * 120_000)
    response = post_raw(client, world.acme, raw)
    assert response.status_code == 413
    assert "larger than 100,000 bytes" in response.json()["error"]
    assert not FeedbackItem.objects.exists()


def test_a_long_message_within_the_limit_is_kept_cut_to_an_items_length(world, client):
    raw = message(message_id="long@x.test", text="Please add more export formats. " * 3_000)
    response = post_raw(client, world.acme, raw)
    assert response.status_code == 201
    text = FeedbackItem.objects.get(pk=response.json()["id"]).text
    assert len(text) == FEEDBACK_TEXT_MAX
    assert text.endswith("[… cut: the message had 95,999 characters]")


@pytest.mark.parametrize(
    "name, reason",
    [
        ("malformed_mime_no_boundary.eml", "MIME structure is broken"),
        ("not a message at all", "does not start with headers"),
        ("no sender", "no sender address"),
    ],
)
def test_an_unreadable_message_gets_400_with_the_reason(world, client, name, reason):
    raw = {
        "not a message at all": b"%PDF-1.4 \x00\x01 binary",
        "no sender": b"Subject: Hello\r\n\r\nWho am I?\r\n",
    }.get(name) or sample(name)
    response = post_raw(client, world.acme, raw)
    assert response.status_code == 400
    assert reason in response.json()["error"]
    assert not FeedbackItem.objects.exists()


def test_a_message_with_neither_text_nor_subject_is_refused(world, client):
    raw = b"From: dana@initech.test\r\nMessage-ID: <empty@x.test>\r\n\r\n> only a quote\r\n"
    response = post_raw(client, world.acme, raw)
    assert response.status_code == 400
    assert response.json()["error"] == "The message has no text and no subject."


def test_too_many_messages_for_a_workspace_get_429_with_retry_after(world, client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "inbound_email": "2/m"}
    codes = [
        post_raw(client, world.acme, message(message_id=f"{n}@x.test", text="Hi")).status_code
        for n in range(3)
    ]
    assert codes == [201, 201, 429]
    response = post_raw(client, world.acme, message(message_id="4@x.test", text="Hi"))
    assert 1 <= int(response["Retry-After"]) <= 60
    assert FeedbackItem.objects.count() == 2
    # Another workspace has its own allowance.
    assert (
        post_raw(client, world.globex, message(message_id="g@x.test", text="Hi")).status_code == 201
    )


def test_get_is_not_allowed(world, client):
    assert client.get(url_for(world.acme)).status_code == 405


def test_an_out_of_office_reply_in_the_thread_is_not_appended(world, client):
    first = post_raw(client, world.acme, message(message_id="root@x.test", text="Add SSO."))
    auto = post_raw(client, world.acme, message(
        message_id="ooo@x.test", text="I am out of the office until Monday.",
        headers="In-Reply-To: <root@x.test>\r\nAuto-Submitted: auto-replied\r\n",
    ))  # fmt: skip
    assert auto.json() == {"id": first.json()["id"], "created": False}
    assert FeedbackItem.objects.get(pk=first.json()["id"]).text == "Add SSO."


@pytest.mark.parametrize("as_form", [False, True], ids=["raw-body", "form-field"])
def test_a_message_larger_than_djangos_form_limit_is_accepted(world, client, settings, as_form):
    # Django refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB); mail is often bigger.
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE < 4_000_000 < settings.INBOUND_EMAIL_MAX_BYTES
    blob = b"QUJD" * 1_000_000  # 4 MB of base64, 3 MB decoded
    raw = (
        b"From: eve@example.test\r\nSubject: Screen recording\r\nMessage-ID: <big@x.test>\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\n"
        b"Content-Type: text/plain\r\n\r\nThe board freezes, see the recording.\r\n--b1\r\n"
        b"Content-Type: video/mp4\r\nContent-Disposition: attachment; filename=freeze.mp4\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        + b"\r\n".join(blob[i : i + 76] for i in range(0, len(blob), 76))
        + b"\r\n--b1--\r\n"
    )
    if as_form:
        response = client.post(url_for(world.acme), {"email": raw.decode()})
    else:
        response = post_raw(client, world.acme, raw)
    assert response.status_code == 201, response.content[:200]
    item = FeedbackItem.objects.get(pk=response.json()["id"])
    assert item.text == "The board freezes, see the recording."
    assert item.attachments == [{"name": "freeze.mp4", "type": "video/mp4", "size": 3_000_000}]
