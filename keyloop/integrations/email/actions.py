"""Receiving one e-mail into a workspace's inbox (the inbound URL and `keyloop smtpd` both call
`email_receive`).

The sender becomes a Person (not confirmed: anyone can write any From:), the subject and the
new text become a FeedbackItem on the e-mail channel, and a reply naming an earlier message of
the thread is appended to that item. Each message is one transaction; the same Message-ID
delivered again changes nothing.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from keyloop.accounts.models import Person, Workspace
from keyloop.feedback.actions import person_identify
from keyloop.feedback.models import TITLE_MAX, Channel
from keyloop.inbox.actions import feedback_append, feedback_receive
from keyloop.inbox.models import FEEDBACK_TEXT_MAX, FeedbackItem
from keyloop.lib.ratelimit import check_rate

from .models import ReceivedEmail
from .parse import MalformedEmail, ParsedEmail, clean_subject, parse_email

NAME_MAX = 200


def email_rate_check(*, workspace: Workspace) -> None:
    """Count one inbound message for the workspace; raises ratelimit.Limited past the rate."""
    check_rate(action="inbound_email", keys=[f"workspace:{workspace.pk}"])


def email_receive(
    *, workspace: Workspace, raw: bytes, envelope_sender: str = ""
) -> tuple[FeedbackItem, bool]:
    """Store one raw message; (item, created). Raises MalformedEmail or ValidationError."""
    parsed = parse_email(raw, envelope_sender=envelope_sender)
    return email_store(workspace=workspace, parsed=parsed)


def email_store(*, workspace: Workspace, parsed: ParsedEmail) -> tuple[FeedbackItem, bool]:
    sender = parsed.sender_email.strip().lower()
    try:
        if len(sender) > 254:
            raise ValidationError("too long")
        validate_email(sender)
    except ValidationError:
        raise MalformedEmail(f"The sender address {sender[:100]!r} is not valid.") from None
    known = _known(workspace, parsed.message_id)
    if known is not None:
        return known, False
    try:
        with transaction.atomic():
            return _store(workspace, parsed, sender)
    except IntegrityError:
        # The same message arrived twice at the same moment: the other delivery stored it.
        known = _known(workspace, parsed.message_id)
        if known is None:
            raise
        return known, False


def _known(workspace: Workspace, message_id: str) -> FeedbackItem | None:
    row = (
        ReceivedEmail.objects.filter(workspace=workspace, message_id=message_id)
        .select_related("item")
        .first()
    )
    return row.item if row else None


def _store(workspace: Workspace, parsed: ParsedEmail, sender: str) -> tuple[FeedbackItem, bool]:
    person = person_identify(workspace=workspace, email=sender, name=parsed.sender_name[:NAME_MAX])
    thread = _thread_item(workspace, parsed.references)
    if thread is not None:
        if not parsed.auto_submitted:  # an out-of-office reply is remembered, not appended
            _append(thread, parsed, person)
        item, created = thread, False
    else:
        title = _fit(clean_subject(parsed.subject), TITLE_MAX)
        text = parsed.text or title or _attachment_names(parsed)
        if not text:
            raise ValidationError({"text": "The message has no text and no subject."})
        item, created = feedback_receive(
            workspace=workspace, channel=Channel.EMAIL, external_id=parsed.message_id,
            title=title, text=_fit(text, FEEDBACK_TEXT_MAX), person=person,
            attachments=parsed.attachments,
            metadata={"from": sender, "message_id": parsed.message_id},
        )  # fmt: skip
    ReceivedEmail.objects.create(
        workspace=workspace, message_id=parsed.message_id, item=item, sender=sender
    )
    return item, created


def _thread_item(workspace: Workspace, references: list[str]) -> FeedbackItem | None:
    """The item of the nearest earlier message of this thread that the workspace received."""
    if not references:
        return None
    rows = ReceivedEmail.objects.filter(workspace=workspace, message_id__in=references[:100])
    by_id = {row.message_id: row for row in rows.select_related("item")}
    # In-Reply-To first, then References from the newest back to the thread's root.
    return next((by_id[ref].item for ref in references if ref in by_id), None)


def _append(item: FeedbackItem, parsed: ParsedEmail, person: Person) -> None:
    text = parsed.text or _attachment_names(parsed)
    if not text:
        return
    if item.person_id != person.pk:
        text = f"{parsed.sender_name or parsed.sender_email} wrote:\n\n{text}"
    room = FEEDBACK_TEXT_MAX - len(item.text) - len("\n\n---\n\n")
    if room < 200:
        raise ValidationError(
            {"text": "This conversation is already as long as an item can be; start a new one."}
        )
    feedback_append(item=item, text=_fit(text, room), attachments=parsed.attachments)


def _attachment_names(parsed: ParsedEmail) -> str:
    names = ", ".join(a["name"] for a in parsed.attachments)
    return f"(Attachments only: {names})" if names else ""


def _fit(text: str, limit: int) -> str:
    """Cut a long text at `limit` characters and say so, rather than refuse the message."""
    if len(text) <= limit:
        return text
    note = f"\n\n[… cut: the message had {len(text):,} characters]" if limit > 500 else "…"
    return text[: limit - len(note)].rstrip() + note
