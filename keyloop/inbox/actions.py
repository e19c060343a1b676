"""Every write to the inbox: receive feedback from a channel, triage it, score it.

Channels (API, widget, e-mail, Slack, imports) all call `feedback_receive`; it is idempotent
per (workspace, channel, external id), so a re-delivered webhook or a re-run import never
stores an item twice. Sentiment is scored by the worker after commit.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connections, transaction
from django.utils import timezone

from keyloop.accounts.models import Person, User, Workspace
from keyloop.feedback import actions as feedback
from keyloop.feedback.models import TITLE_MAX, Board, Channel, Idea, IdeaActivity
from keyloop.lib import sql
from keyloop.lib.tasks import enqueue_unless_waiting
from keyloop.notifications.events import Kind as EventKind
from keyloop.notifications.events import emit

from .models import FEEDBACK_TEXT_MAX, FeedbackItem, FeedbackState
from .sentiment import score_text
from .tasks import score_pending_sentiment

EXTERNAL_ID_MAX = 255
SOURCE_URL_MAX = 2000
_url = URLValidator(schemes=["http", "https"])


def _clean(*, text: str, channel: str, external_id: str, title: str, source_url: str):
    text, title = (text or "").strip(), (title or "").strip()
    external_id, source_url = (external_id or "").strip(), (source_url or "").strip()
    errors = {}
    if channel not in Channel.values:
        errors["channel"] = f"Unknown channel; use one of {', '.join(Channel.values)}."
    if not text:
        errors["text"] = "The feedback has no text."
    elif len(text) > FEEDBACK_TEXT_MAX:
        errors["text"] = (
            f"The text is too long ({len(text):,} characters; {FEEDBACK_TEXT_MAX:,} at most)."
        )
    if len(title) > TITLE_MAX:
        errors["title"] = f"The title is too long ({len(title)} characters; {TITLE_MAX} at most)."
    if len(external_id) > EXTERNAL_ID_MAX:
        errors["external_id"] = f"The external id is too long ({EXTERNAL_ID_MAX} at most)."
    if source_url:
        try:
            if len(source_url) > SOURCE_URL_MAX:
                raise ValidationError("too long")
            _url(source_url)
        except ValidationError:
            errors["source_url"] = "Give an http(s) address of at most 2,000 characters."
    if errors:
        raise ValidationError(errors)
    return text, title, external_id, source_url


def _check_idea(workspace_id: int, idea: Idea) -> None:
    if idea.workspace_id != workspace_id:
        raise ValidationError({"idea": "Unknown idea."})
    if idea.deleted_at is not None:
        raise ValidationError("This idea was deleted; link the feedback to another.", code="gone")


def _score_after_commit() -> None:
    transaction.on_commit(lambda: enqueue_unless_waiting(score_pending_sentiment))


def feedback_receive(
    *, workspace: Workspace, text: str, channel: str, person: Person | None = None,
    external_id: str = "", title: str = "", source_url: str = "",
    received_at: datetime | None = None, idea: Idea | None = None,
    actor_user: User | None = None, attachments: list | None = None,
    metadata: dict | None = None,
) -> tuple[FeedbackItem, bool]:  # fmt: skip
    """Store one piece of feedback; (item, created).

    The same non-empty `external_id` on the same channel returns the stored item unchanged
    (created=False), whatever the rest says: a re-delivery, not an edit. With `idea`, the new
    item is linked to it at once.
    """
    text, title, external_id, source_url = _clean(
        text=text, channel=channel, external_id=external_id, title=title, source_url=source_url
    )
    if person is not None and person.workspace_id != workspace.pk:
        raise ValidationError({"person": "Unknown person."})
    if idea is not None:
        _check_idea(workspace.pk, idea)
    # No savepoint of its own: inside a caller's transaction, an error rolls the caller back.
    with transaction.atomic(savepoint=False):
        item = FeedbackItem(
            workspace=workspace, channel=channel, external_id=external_id, title=title,
            text=text, person=person, company_id=person.company_id if person else None,
            source_url=source_url, attachments=attachments or [], metadata=metadata or {},
            received_at=received_at or timezone.now(),
        )  # fmt: skip
        # Most items are new: insert first. The unique (channel, external id) constraint
        # turns a re-delivery into no row, and then the stored item is the answer.
        if not sql.insert(item, ignore_conflicts=True):
            return _item_by_external_id(workspace.pk, channel, external_id), False
        if idea is not None:
            feedback_link(item=item, idea=idea, actor_user=actor_user)
        emit(
            workspace=workspace, kind=EventKind.FEEDBACK_RECEIVED, actor_user=actor_user,
            payload={"feedback_id": item.pk, "channel": channel, "title": title, "text": text,
                     "person_id": item.person_id, "external_id": external_id,
                     "idea_id": idea.pk if idea else None},
        )  # fmt: skip
        _score_after_commit()
    return item, True


# Repeats the unique index's condition so the lookup uses it.
_BY_EXTERNAL_ID = (
    'SELECT * FROM "inbox_feedbackitem" WHERE "workspace_id" = %s AND "channel" = %s'
    ' AND "external_id" = %s AND NOT ("external_id" = \'\') LIMIT 1'
)


def _item_by_external_id(workspace_id: int, channel: str, external_id: str):
    return sql.first(FeedbackItem, _BY_EXTERNAL_ID, [workspace_id, channel, external_id])


def feedback_clean(
    *, text: str, channel: str, external_id: str = "", title: str = "", source_url: str = ""
) -> None:
    """The checks feedback_receive makes, for callers that validate before writing anything
    else for an item (an import row creates its person only once the row is known good)."""
    _clean(text=text, channel=channel, external_id=external_id, title=title, source_url=source_url)


def feedback_receive_many(
    *, workspace: Workspace, channel: str, entries: list[dict], actor_user: User | None = None,
    checked: bool = False,
) -> list[tuple[FeedbackItem, bool]]:  # fmt: skip
    """feedback_receive for many items in a few queries (imports): the same checks and the
    same idempotency per (channel, external id); an external id repeated within `entries`
    is one item. One sentiment run is enqueued for all of them.

    `entries` hold feedback_receive's keyword arguments (text, person, external_id, title,
    source_url, received_at, idea, metadata). All or nothing: the first bad entry raises its
    ValidationError, and an insert that races another writer raises IntegrityError; callers
    check entries first (feedback_clean) and fall back to feedback_receive one by one.
    `checked=True` says they did, with the same feedback_clean, so it is not repeated.

    New items that need no link are written with one multi-row INSERT statement and come back
    without a pk (read them again by external id if needed); the others get theirs.
    """
    prepared = []
    for entry in entries:
        fields = {
            "text": entry.get("text", ""), "channel": channel,
            "external_id": entry.get("external_id", ""), "title": entry.get("title", ""),
            "source_url": entry.get("source_url", ""),
        }  # fmt: skip
        if checked:
            text, title = fields["text"].strip(), fields["title"].strip()
            external_id, source_url = fields["external_id"].strip(), fields["source_url"].strip()
        else:
            text, title, external_id, source_url = _clean(**fields)
        person, idea = entry.get("person"), entry.get("idea")
        if person is not None and person.workspace_id != workspace.pk:
            raise ValidationError({"person": "Unknown person."})
        if idea is not None:
            _check_idea(workspace.pk, idea)
        prepared.append((entry, text, title, external_id, source_url))
    wanted = {external_id for _, _, _, external_id, _ in prepared if external_id}
    stored = {
        item.external_id: item
        for item in FeedbackItem.objects.filter(
            workspace=workspace, channel=channel, external_id__in=wanted
        )
        .exclude(external_id="")
        .order_by()
    } if wanted else {}  # fmt: skip
    results: list = []
    new_items, links, now = [], [], timezone.now()
    with transaction.atomic(savepoint=False):
        for entry, text, title, external_id, source_url in prepared:
            if external_id and external_id in stored:
                results.append((stored[external_id], False))
                continue
            person = entry.get("person")
            item = FeedbackItem(
                workspace=workspace, channel=channel, external_id=external_id, title=title,
                text=text, person=person, company_id=person.company_id if person else None,
                source_url=source_url, attachments=entry.get("attachments") or [],
                metadata=entry.get("metadata") or {},
                received_at=entry.get("received_at") or now, created_at=now,
            )  # fmt: skip
            if external_id:
                stored[external_id] = item
            new_items.append(item)
            if entry.get("idea") is not None:
                links.append((item, entry["idea"]))
            results.append((item, True))
        linked = {id(item) for item, _ in links}
        _insert_many([i for i in new_items if id(i) not in linked and i.external_id])
        FeedbackItem.objects.bulk_create(
            [i for i in new_items if id(i) in linked or not i.external_id], batch_size=500
        )
        for item, idea in links:
            feedback_link(item=item, idea=idea, actor_user=actor_user)
        if new_items:
            _score_after_commit()
    return results


def _insert_many(items: list[FeedbackItem]) -> None:
    """INSERT items with executemany: Django's bulk_create compiles SQL for every batch of a
    few dozen rows (SQLite's parameter limit), which costs more than the insert itself."""
    if not items:
        return
    fields = [f for f in FeedbackItem._meta.concrete_fields if not f.primary_key]
    connection = connections[FeedbackItem.objects.db]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(FeedbackItem._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    constant = {}  # empty JSON and the shared created_at are prepared once
    rows = []
    for item in items:
        row = []
        for field in fields:
            value = getattr(item, field.attname)
            if field.attname in ("attachments", "metadata", "created_at") and not (
                value and field.attname != "created_at"
            ):
                key = (field.attname, value if field.attname == "created_at" else None)
                if key not in constant:
                    constant[key] = field.get_db_prep_save(value, connection)
                row.append(constant[key])
            elif value is None or isinstance(value, (str, int, float)):
                row.append(value)
            else:
                row.append(field.get_db_prep_save(value, connection))
        rows.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def feedback_append(*, item: FeedbackItem, text: str, attachments: list | None = None) -> None:
    """Add a follow-up (an e-mail reply in the same thread) to an item; it is scored again."""
    text = (text or "").strip()
    if not text:
        return
    combined = f"{item.text}\n\n---\n\n{text}"
    if len(combined) > FEEDBACK_TEXT_MAX:
        raise ValidationError(
            {"text": f"The conversation is too long ({FEEDBACK_TEXT_MAX:,} characters at most)."}
        )
    item.text = combined
    item.attachments = [*item.attachments, *(attachments or [])]
    item.sentiment, item.sentiment_label = None, ""
    with transaction.atomic():
        item.save(update_fields=["text", "attachments", "sentiment", "sentiment_label"])
        _score_after_commit()


def _triage(item: FeedbackItem, actor_user: User | None, state: str, idea: Idea | None):
    item.state, item.idea = state, idea
    item.triaged_by, item.triaged_at = actor_user, timezone.now()
    item.save(update_fields=["state", "idea", "triaged_by", "triaged_at"])


@transaction.atomic
def feedback_link(*, item: FeedbackItem, idea: Idea, actor_user: User | None) -> FeedbackItem:
    """Link an item to an idea: its person becomes a requester (a follower) of the idea."""
    _check_idea(item.workspace_id, idea)
    previous = item.idea if item.idea_id and item.idea_id != idea.pk else None
    if item.state == FeedbackState.LINKED and item.idea_id == idea.pk:
        return item
    _triage(item, actor_user, FeedbackState.LINKED, idea)
    if previous is not None:
        IdeaActivity.objects.create(
            idea=previous, kind=IdeaActivity.Kind.FEEDBACK_UNLINKED, actor_user=actor_user,
            data={"feedback_id": item.pk, "channel": item.channel},
        )  # fmt: skip
    IdeaActivity.objects.create(
        idea=idea, kind=IdeaActivity.Kind.FEEDBACK_LINKED, actor_user=actor_user,
        actor_person=item.person, data={"feedback_id": item.pk, "channel": item.channel},
    )  # fmt: skip
    if item.person_id is not None:
        feedback.subscription_add(idea=idea, person=item.person)
    return item


@transaction.atomic
def feedback_unlink(*, item: FeedbackItem, actor_user: User | None) -> FeedbackItem:
    """Back to the inbox as new. The person keeps following the idea (they may unfollow)."""
    if item.idea_id is None:
        return item
    idea = item.idea
    _triage(item, actor_user, FeedbackState.NEW, None)
    IdeaActivity.objects.create(
        idea=idea, kind=IdeaActivity.Kind.FEEDBACK_UNLINKED, actor_user=actor_user,
        data={"feedback_id": item.pk, "channel": item.channel},
    )  # fmt: skip
    return item


@transaction.atomic
def feedback_set_state(*, item: FeedbackItem, state: str, actor_user: User | None) -> FeedbackItem:
    """Dismiss, mark as spam, or reopen (back to new). Linking goes through feedback_link."""
    if state not in (FeedbackState.NEW, FeedbackState.DISMISSED, FeedbackState.SPAM):
        raise ValidationError({"state": "Use new, dismissed or spam here; link with an idea."})
    if item.idea_id is not None:
        feedback_unlink(item=item, actor_user=actor_user)
    if item.state != state:
        _triage(item, actor_user, state, None)
    return item


@transaction.atomic
def feedback_create_idea(
    *, item: FeedbackItem, board: Board, title: str, body: str, actor_user: User | None
) -> Idea:
    """A new idea from an item, authored by the item's person, with the item linked to it."""
    if board.workspace_id != item.workspace_id:
        raise ValidationError({"board": "Unknown board."})
    idea = feedback.idea_create(
        board=board, title=title, body=body, author=item.person, source=item.channel,
        actor_user=actor_user,
    )  # fmt: skip
    feedback_link(item=item, idea=idea, actor_user=actor_user)
    return idea


BULK_ACTIONS = ("link", "dismiss", "spam", "reopen")


@transaction.atomic
def feedback_bulk(
    *, items: list[FeedbackItem], action: str, actor_user: User | None, idea: Idea | None = None
) -> int:
    """Apply one triage action to many items, all or nothing; returns how many changed."""
    if action not in BULK_ACTIONS:
        raise ValidationError({"action": "Unknown action."})
    if action == "link" and idea is None:
        raise ValidationError({"idea": "Choose the idea to link the feedback to."})
    state = {"dismiss": FeedbackState.DISMISSED, "spam": FeedbackState.SPAM}.get(
        action, FeedbackState.NEW
    )
    changed = 0
    for item in items:
        before = (item.state, item.idea_id)
        if action == "link":
            feedback_link(item=item, idea=idea, actor_user=actor_user)
        else:
            feedback_set_state(item=item, state=state, actor_user=actor_user)
        changed += (item.state, item.idea_id) != before
    return changed


def feedback_score_sentiment(*, items: list[FeedbackItem]) -> int:
    """Score `items` now (the worker calls this in batches): one UPDATE statement run with
    every item's values (bulk_update's CASE expression cost more to build than to run)."""
    for item in items:
        item.sentiment, item.sentiment_label = score_text(
            f"{item.title}. {item.text}" if item.title else item.text
        )
    sql.execute_many(
        FeedbackItem,
        'UPDATE "inbox_feedbackitem" SET "sentiment" = %s, "sentiment_label" = %s WHERE "id" = %s',
        [(item.sentiment, item.sentiment_label, item.pk) for item in items],
    )
    return len(items)
