"""Raw messages as real mail clients send them become the text a customer wrote this time:
HTML turned into readable text, quotes and signatures cut, attachments listed, any charset."""

import random
from pathlib import Path

import pytest

from keyloop.integrations.email.parse import MalformedEmail, html_to_text, parse_email

DATA = Path(__file__).parent / "data" / "email"


def parse(name: str):
    return parse_email((DATA / name).read_bytes())


def test_a_gmail_reply_keeps_the_new_text_and_drops_the_quoted_thread():
    message = parse("gmail_reply_with_quote.eml")
    assert message.sender_email == "dana@initech.test"
    assert message.sender_name == "Dana Diaz"
    assert message.subject == "Re: CSV export drops the owner column"
    assert message.message_id == "CAJx3kq9ZdN4reply@mail.gmail.com"
    assert message.references == ["CAJx3kq8Y0c1r9nQ@mail.gmail.com"]
    assert message.text == (
        "Thanks for the quick answer! It also happens with the “Due date” column, so we still "
        "can’t hand the export to finance."
    )


def test_an_outlook_html_message_becomes_text_without_the_original_message():
    message = parse("outlook_html_original_message.eml")
    assert message.sender_name == "Lambert, Eve"
    assert message.text.startswith("Hi team,\n\nWe tag about 200 ideas a week")
    # Links keep their address, lists stay lists, windows-1252's en dash survives.
    assert "bulk actions in our old tool (https://help.example.test/bulk-actions)" in message.text
    assert "- select many ideas\n- add or remove a tag" in message.text
    assert message.text.endswith("Thanks – Eve")
    # Styles, scripts and the quoted original are gone.
    for gone in ("MsoNormal", "alert", "Original Message", "what would make tagging faster"):
        assert gone not in message.text


def test_an_outlook_web_reply_stops_at_the_reply_marker():
    message = parse("outlook_web_reply.eml")
    assert message.text == "Dark mode would really help our night shift."
    assert message.references == ["dark-mode-1@acme.test"]


def test_apple_mail_attachments_are_listed_not_put_in_the_text():
    message = parse("apple_mail_with_attachment.eml")
    assert message.attachments == [
        {"name": "Roadmap Q2.pdf", "type": "application/pdf", "size": 193},
        {"name": "colours.png", "type": "image/png", "size": 75},
    ]
    assert message.text.endswith("a screenshot of the colours we use.\n\nDana")
    assert "Sent from my iPhone" not in message.text
    assert "JVBERi0" not in message.text  # no base64 of the PDF


def test_iso_8859_1_quoted_printable_is_read_as_windows_1252():
    message = parse("iso_8859_1_quoted_printable.eml")
    assert message.sender_name == "René Lefèvre"
    assert message.subject == "Pourquoi l'export coûte plus cher ?"
    # Curly quotes and € are windows-1252 bytes that the iso-8859-1 label does not cover.
    assert "L’export “Roadmap” coûte 5 € de plus" in message.text
    assert "Cabinet" not in message.text  # the "-- " signature is cut


def test_windows_1252_8bit_body_keeps_its_punctuation():
    message = parse("windows_1252_8bit.eml")
    assert message.text == (
        "Hi,\n\nthe “Share” button doesn’t work in Safari – it does nothing at all.\n"
        "Prices in € look fine though."
    )


def test_an_unknown_charset_label_falls_back_to_what_the_bytes_are():
    message = parse("bad_charset_label.eml")
    assert message.sender_name == "Jörg Weber"
    assert message.text == "Größere Schrift im Widget, bitte. Danke schön! 👍"


def test_answers_between_quotes_are_kept_and_the_signature_dropped():
    message = parse("signature_and_inline_reply.eml")
    assert message.text == "Our #product channel, please.\n\nOnce a day is enough."
    # In-Reply-To first, then References from the newest back to the root.
    assert message.references == ["slack-question@acme.test", "slack-root@acme.test"]


def test_malformed_mime_is_a_clear_error():
    with pytest.raises(MalformedEmail, match="MIME structure is broken"):
        parse("malformed_mime_no_boundary.eml")


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"", "empty"),
        (b"\x00\x01\x02 binary garbage \xff\xfe", "does not start with headers"),
        (b"Subject: no sender\r\n\r\nHello", "no sender address"),
        (
            b"From: a@b.test\r\nContent-Type: multipart/mixed; boundary=XYZ\r\n\r\n"
            b"--WRONG\r\n\r\ntext\r\n",
            "MIME structure is broken",
        ),
    ],
)
def test_unreadable_messages_say_why(raw, reason):
    with pytest.raises(MalformedEmail, match=reason):
        parse_email(raw)


def test_a_message_without_message_id_gets_a_stable_one_from_its_bytes():
    raw = b"From: eve@example.test\r\nSubject: Hi\r\n\r\nPlease add SSO.\r\n"
    assert parse_email(raw).message_id == parse_email(raw).message_id
    assert parse_email(raw).message_id != parse_email(raw + b"More.\r\n").message_id


def test_a_huge_message_parses_with_its_attachment_listed():
    blob = b"QUJD" * 500_000  # 2 MB of base64
    raw = (
        b"From: eve@example.test\r\nSubject: Logs\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\n"
        b"Content-Type: text/plain\r\n\r\nThe export hangs; logs attached.\r\n--b1\r\n"
        b"Content-Type: text/plain; name=app.log\r\nContent-Disposition: attachment; "
        b"filename=app.log\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + b"\r\n".join(blob[i : i + 76] for i in range(0, len(blob), 76))
        + b"\r\n--b1--\r\n"
    )
    message = parse_email(raw)
    assert message.text == "The export hangs; logs attached."
    assert message.attachments == [{"name": "app.log", "type": "text/plain", "size": 1_500_000}]


def test_html_to_text_drops_scripts_and_keeps_links_and_blocks():
    html = (
        "<style>p{color:red}</style><h1>Title</h1><p>One <b>bold</b> line<br>and a "
        '<a href="https://example.test/x">link</a>.</p><script>evil()</script>'
        "<table><tr><td>a</td><td>b</td></tr></table><p>&lt;ok&gt; &amp; done</p>"
    )
    assert html_to_text(html) == (
        "Title\n\nOne bold line\nand a link (https://example.test/x).\n\na b\n\n<ok> & done"
    )


def test_html_that_the_stdlib_parser_gives_up_on_still_gives_text():
    assert html_to_text("<p>Hello <![ bogus <b>world</b><script>x()</script>") == "Hello world"


def test_mangled_messages_give_text_or_a_clear_error_never_a_crash():
    """Real samples with random bytes changed, cut or inserted (seeded, so repeatable)."""
    samples = [path.read_bytes() for path in sorted(DATA.glob("*.eml"))]
    noise = [b"\n", b"=?utf-8?b?", b"--", b"boundary=", b";charset=", b"<![ x", b"=\n", b"\xff"]
    rng = random.Random(2025)
    outcomes = {"parsed": 0, "refused": 0}
    for _ in range(1_500):
        raw = bytearray(rng.choice(samples))
        for _ in range(rng.randint(1, 12)):
            at = rng.randrange(len(raw))
            if rng.random() < 0.5:
                raw[at] = rng.randrange(256)
            else:
                raw[at:at] = rng.choice(noise)
        try:
            parse_email(bytes(raw))
            outcomes["parsed"] += 1
        except MalformedEmail:
            outcomes["refused"] += 1
    assert outcomes["parsed"] > 1_000  # most damage leaves a readable message
