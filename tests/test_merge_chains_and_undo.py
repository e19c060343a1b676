"""Merging is a link that always points at a live root, never loops, and undoes exactly."""

import pytest
from django.core.exceptions import ValidationError

from keyloop.feedback import actions
from keyloop.feedback.models import AuditEvent, Board, Comment, IdeaActivity, Subscription, Vote
from keyloop.inbox import actions as inbox_actions


@pytest.fixture
def board(world):
    return Board.objects.get(workspace=world.acme)


def _idea(board, title, author=None):
    return actions.idea_create(board=board, title=title, author=author)


def test_a_chain_always_ends_at_a_live_root_one_hop_away(world, board):
    x, y, z = _idea(board, "X"), _idea(board, "Y"), _idea(board, "Z")
    a = _idea(board, "A")
    actions.idea_merge(idea=a, into=x, actor=world.alice)
    # X (with A inside) goes into Y: A follows to Y.
    actions.idea_merge(idea=x, into=y, actor=world.alice)
    a.refresh_from_db()
    assert a.merged_into_id == y.pk
    # Merging into a merged idea lands on its root.
    merged = actions.idea_merge(idea=z, into=x, actor=world.alice)
    assert merged.merged_into_id == y.pk


def test_itself_its_own_merged_ideas_deleted_and_foreign_ideas_are_refused(world, board):
    root, dup = _idea(board, "Root"), _idea(board, "Dup")
    with pytest.raises(ValidationError, match="itself"):
        actions.idea_merge(idea=root, into=root, actor=None)
    actions.idea_merge(idea=dup, into=root, actor=None)
    with pytest.raises(ValidationError, match="loop"):
        actions.idea_merge(idea=root, into=dup, actor=None)
    with pytest.raises(ValidationError, match="already merged"):
        actions.idea_merge(idea=dup, into=root, actor=None)
    gone = _idea(board, "Gone")
    actions.idea_delete(idea=gone, actor_user=None)
    with pytest.raises(ValidationError, match="deleted"):
        actions.idea_merge(idea=root, into=gone, actor=None)
    with pytest.raises(ValidationError, match="deleted"):
        actions.idea_merge(idea=gone, into=root, actor=None)
    foreign = _idea(Board.objects.get(workspace=world.globex), "Theirs")
    with pytest.raises(ValidationError):
        actions.idea_merge(idea=root, into=foreign, actor=None)
    root.refresh_from_db()
    assert root.merged_into_id is None


def test_nothing_is_copied_and_unmerge_restores_exactly(world, board):
    root = _idea(board, "CSV export", author=world.dana)
    dup = _idea(board, "Excel export", author=world.eve)
    actions.comment_add(idea=dup, body="Me too", author=world.dana)
    item, _ = inbox_actions.feedback_receive(
        workspace=world.acme, text="CSV!", channel="email", person=world.eve, idea=dup
    )
    inner = _idea(board, "Export spreadsheets")
    actions.idea_merge(idea=inner, into=dup, actor=world.alice)

    def snapshot():
        return (
            sorted(Vote.objects.values_list("idea_id", "person_id", "importance")),
            sorted(Comment.objects.values_list("idea_id", "body")),
            sorted(Subscription.objects.values_list("idea_id", "person_id")),
            sorted((i.idea_id, i.state) for i in type(item).objects.filter(workspace=world.acme)),
            sorted((i.pk, i.vote_count, i.comment_count) for i in board.ideas.all()),
        )

    before = snapshot()
    actions.idea_merge(idea=dup, into=root, actor=world.alice)
    inner.refresh_from_db()
    assert inner.merged_into_id == root.pk  # re-pointed: one hop to the live root
    assert snapshot() == before  # nothing copied or moved
    actions.idea_unmerge(idea=dup, actor=world.bob)
    dup.refresh_from_db()
    inner.refresh_from_db()
    assert dup.merged_into_id is None
    assert inner.merged_into_id == dup.pk  # back where it was before the merge
    assert snapshot() == before
    with pytest.raises(ValidationError, match="not merged"):
        actions.idea_unmerge(idea=dup, actor=world.bob)


def test_both_ideas_log_it_and_the_audit_log_says_who(world, board):
    root, dup = _idea(board, "Root"), _idea(board, "Dup")
    actions.idea_merge(idea=dup, into=root, actor=world.alice)
    actions.idea_unmerge(idea=dup, actor=world.bob)
    kinds = list(IdeaActivity.objects.filter(idea=dup).values_list("kind", flat=True))
    assert kinds[:2] == ["unmerged", "merged"]
    assert IdeaActivity.objects.filter(idea=root, kind="merged").exists()
    events = list(AuditEvent.objects.values_list("action", "actor_user__email", "object_id"))
    assert events == [
        ("idea.unmerge", "bob@acme.test", dup.pk), ("idea.merge", "alice@acme.test", dup.pk)
    ]  # fmt: skip
