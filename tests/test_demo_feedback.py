"""`keyloop demo` fills Acme Analytics with boards, 300 ideas, votes, comments, a roadmap and a
changelog whose counters are exactly what the actions would have kept."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from keyloop.accounts.models import Person, Workspace
from keyloop.feedback import demo_content
from keyloop.feedback.actions import _recount_comments, _recount_votes
from keyloop.feedback.models import (
    Board,
    ChangelogEntry,
    Comment,
    Idea,
    IdeaActivity,
    Status,
    StatusCategory,
    Subscription,
    Tag,
    Vote,
)
from keyloop.feedback.queries import roadmap_columns
from keyloop.inbox.models import FeedbackItem


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db) -> Workspace:
    run_demo()
    return Workspace.objects.get(slug="demo")


def test_demo_has_three_boards_300_ideas_3000_votes_and_600_comments(demo):
    assert list(Board.objects.filter(workspace=demo).values_list("name", flat=True)) == [
        "Feature requests",
        "Integrations",
        "Bugs",
    ]
    ideas = Idea.objects.filter(workspace=demo)
    assert ideas.count() == 300
    assert set(ideas.values_list("board__slug", flat=True)) == {
        "feature-requests",
        "integrations",
        "bugs",
    }
    assert 2_800 <= Vote.objects.filter(idea__workspace=demo).count() <= 3_200
    comments = Comment.objects.filter(idea__workspace=demo)
    assert 550 <= comments.count() <= 650
    assert comments.filter(is_internal=True, author=None).exclude(author_user=None).count() >= 30
    replies = comments.exclude(parent=None)
    assert replies.count() >= 30
    assert not replies.exclude(parent__parent=None).exists()  # one level deep
    assert Tag.objects.filter(workspace=demo).count() >= 7


def test_demo_uses_its_own_status_set_with_the_right_categories(demo):
    statuses = {s.name: s for s in Status.objects.filter(workspace=demo)}
    expected = {
        "Needs triage": StatusCategory.OPEN,
        "Under review": StatusCategory.UNDER_REVIEW,
        "Planned": StatusCategory.PLANNED,
        "Building": StatusCategory.IN_PROGRESS,
        "Beta": StatusCategory.IN_PROGRESS,
        "Shipped": StatusCategory.SHIPPED,
        "Won't do": StatusCategory.CLOSED,
    }
    assert {name: s.category for name, s in statuses.items()} == expected
    assert statuses["Needs triage"].is_default
    used = set(Idea.objects.filter(workspace=demo).values_list("status__name", flat=True))
    assert used == set(expected)


def test_roadmap_columns_are_filled_and_some_ideas_have_owners_etas_and_a_pin(demo):
    columns = roadmap_columns(workspace=demo, membership=None)
    assert [c["category"] for c in columns] == ["planned", "in_progress", "shipped"]
    for column in columns:
        assert len(column["ideas"]) >= 5, column["category"]
    ideas = Idea.objects.filter(workspace=demo)
    assert ideas.exclude(owner=None).count() >= 5
    assert ideas.exclude(eta=None).filter(eta__gt=timezone.localdate()).count() >= 3
    pinned = ideas.get(is_pinned=True)
    assert pinned.title == demo_content.PINNED_IDEA
    assert IdeaActivity.objects.filter(idea=pinned, kind=IdeaActivity.Kind.PINNED).exists()


def test_counters_equal_what_the_actions_recount(demo):
    before = {
        idea.pk: (idea.vote_count, idea.comment_count, idea.trending_score)
        for idea in Idea.objects.filter(workspace=demo)
    }
    for idea_id in before:
        _recount_votes(idea_id)
        _recount_comments(idea_id)
    for idea in Idea.objects.filter(workspace=demo):
        votes, comments, score = before[idea.pk]
        assert (idea.vote_count, idea.comment_count) == (votes, comments), idea.title
        assert idea.trending_score == pytest.approx(score, rel=1e-12, abs=1e-9), idea.title


def test_voters_customer_commenters_and_requesters_follow_the_idea(demo):
    follows = set(
        Subscription.objects.filter(idea__workspace=demo).values_list("idea_id", "person_id")
    )
    voters = set(Vote.objects.filter(idea__workspace=demo).values_list("idea_id", "person_id"))
    commenters = set(
        Comment.objects.filter(idea__workspace=demo, is_internal=False)
        .exclude(author=None)
        .values_list("idea_id", "author_id")
    )
    requesters = set(
        FeedbackItem.objects.filter(workspace=demo, state="linked").values_list(
            "idea_id", "person_id"
        )
    )
    assert voters and commenters - voters  # some people comment without voting
    assert requesters - voters - commenters  # some only asked through a channel
    assert follows == voters | commenters | requesters


def test_every_author_voted_and_every_vote_is_after_the_idea_was_posted(demo):
    for idea in Idea.objects.filter(workspace=demo):
        assert Vote.objects.filter(idea=idea, person=idea.author_id).exists(), idea.title
    late = Vote.objects.filter(idea__workspace=demo).order_by("created_at")
    assert all(v.created_at >= v.idea.created_at for v in late.select_related("idea"))
    assert all(
        c.created_at >= c.idea.created_at
        and (c.parent is None or c.created_at >= c.parent.created_at)
        for c in Comment.objects.filter(idea__workspace=demo).select_related("idea", "parent")
    )


def test_activity_log_records_creation_and_every_status_change(demo):
    for idea in Idea.objects.filter(workspace=demo).select_related("status"):
        kinds = list(idea.activity.order_by("created_at", "id").values_list("kind", "data"))
        assert kinds[0][0] == IdeaActivity.Kind.CREATED, idea.title
        changes = [data for kind, data in kinds if kind == IdeaActivity.Kind.STATUS]
        if idea.status.name == demo_content.DEFAULT_STATUS:
            assert changes == []
        else:
            assert changes[0]["from"] == demo_content.DEFAULT_STATUS
            assert changes[-1]["to"] == idea.status.name
            assert changes[-1]["to_category"] == idea.status.category
            assert idea.status_changed_at is not None


def test_votes_are_skewed_and_spread_so_trending_is_not_top(demo):
    ideas = Idea.objects.filter(workspace=demo)
    counts = sorted(ideas.values_list("vote_count", flat=True), reverse=True)
    assert counts[0] >= 50 and counts[len(counts) // 2] <= 10  # a few favourites, a long tail
    top = list(ideas.order_by("-vote_count", "-id").values_list("pk", flat=True)[:10])
    trending = list(ideas.order_by("-trending_score", "-id").values_list("pk", flat=True)[:10])
    assert len(set(top) & set(trending)) <= 7
    votes = Vote.objects.filter(idea__workspace=demo)
    oldest = votes.order_by("created_at").first().created_at
    assert timezone.now() - oldest > timedelta(days=150)
    assert votes.filter(created_at__gt=timezone.now() - timedelta(days=14)).count() >= 100
    importance = set(votes.values_list("importance", flat=True))
    assert importance == {"nice_to_have", "important", "critical"}


def test_twelve_published_changelog_entries_announce_shipped_ideas_over_months(demo):
    entries = ChangelogEntry.objects.filter(workspace=demo, published_at__lte=timezone.now())
    assert entries.count() == 12
    dates = sorted(entries.values_list("published_at", flat=True))
    assert dates[-1] - dates[0] > timedelta(days=120)
    for entry in entries:
        linked = list(entry.ideas.select_related("status"))
        assert linked, entry.title
        assert all(idea.status.category == StatusCategory.SHIPPED for idea in linked)
        for idea in linked:
            shipped = idea.activity.filter(kind=IdeaActivity.Kind.CHANGELOG)
            assert shipped.filter(data__entry=entry.title).exists()
    assert ChangelogEntry.objects.filter(workspace=demo, published_at=None).count() == 1


def test_duplicate_groups_name_ideas_that_exist(demo):
    titles = [idea.title for idea in demo_content.IDEAS]
    assert len(titles) == len({t.lower() for t in titles})  # a title finds exactly one idea
    assert len(demo_content.DUPLICATE_GROUPS) >= 20
    stored = set(Idea.objects.filter(workspace=demo).values_list("title", flat=True))
    for key, group in demo_content.DUPLICATE_GROUPS.items():
        assert 2 <= len(group) <= 4, key
        assert set(group) <= stored, key


def test_people_who_took_part_have_confirmed_their_email(demo):
    voters = Person.objects.filter(workspace=demo, votes__isnull=False).distinct()
    assert voters.count() >= 150
    assert not voters.filter(email_confirmed_at=None).exists()


def test_running_demo_again_changes_nothing(demo):
    def snapshot():
        return (
            list(
                Idea.objects.order_by("pk").values_list(
                    "pk", "title", "status_id", "vote_count", "comment_count", "updated_at"
                )
            ),
            Vote.objects.count(),
            Comment.objects.count(),
            Subscription.objects.count(),
            IdeaActivity.objects.count(),
            ChangelogEntry.objects.count(),
            list(Status.objects.order_by("pk").values_list("pk", "name", "category", "position")),
            list(Board.objects.order_by("pk").values_list("pk", "name", "slug")),
            Tag.objects.count(),
        )

    before = snapshot()
    output = run_demo()
    assert "already loaded" in output
    assert snapshot() == before


def test_the_demo_is_the_same_every_time_it_is_loaded(demo):
    def story():
        return sorted(
            Idea.objects.filter(workspace__slug="demo").values_list(
                "title", "body", "status__name", "vote_count", "comment_count", "author__email"
            )
        )

    first = story()
    Idea.objects.filter(workspace__slug="demo").delete()  # boards and statuses protect ideas
    Workspace.objects.filter(slug="demo").delete()
    run_demo()
    assert story() == first
