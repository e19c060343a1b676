"""The hot write paths insert and read rows in plain SQL (keyloop/lib/sql.py); what they
write and read must be exactly what the ORM would, on SQLite and PostgreSQL alike."""

from datetime import UTC, datetime

from keyloop.inbox.models import FeedbackItem
from keyloop.lib import sql

BY_ID = 'SELECT * FROM "inbox_feedbackitem" WHERE "id" = %s'
RECEIVED = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC)


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def _item(world, **overrides):
    values = {
        "workspace": world.acme, "channel": "email", "external_id": "msg-1@example.com",
        "title": "Exports", "text": "Exports drop accents — é, ü, 😀", "person": world.dana,
        "attachments": [{"name": "export.csv", "size": 1204}], "metadata": {"thread": ["a"]},
        "received_at": RECEIVED,
    }  # fmt: skip
    return FeedbackItem(**{**values, **overrides})


def test_an_inserted_row_reads_back_through_the_orm_as_written(world):
    item = _item(world)
    assert sql.insert(item, ignore_conflicts=True)
    stored = FeedbackItem.objects.get(pk=item.pk)
    assert _fields(stored) == _fields(item)
    assert stored.received_at == RECEIVED and stored.attachments[0]["name"] == "export.csv"


def test_a_row_read_in_plain_sql_equals_the_orm_instance(world):
    item = _item(world)
    item.save()
    row = sql.first(FeedbackItem, BY_ID, [item.pk])
    assert _fields(row) == _fields(FeedbackItem.objects.get(pk=item.pk))
    assert row.person == world.dana  # relations load as usual
    assert sql.first(FeedbackItem, BY_ID, [0]) is None


def test_a_conflicting_insert_changes_nothing_and_says_so(world):
    assert sql.insert(_item(world), ignore_conflicts=True)
    again = _item(world, text="A different text")
    assert not sql.insert(again, ignore_conflicts=True)
    assert again.pk is None
    assert list(FeedbackItem.objects.values_list("text", flat=True)) == [
        "Exports drop accents — é, ü, 😀"
    ]
