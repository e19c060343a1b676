"""`keyloop demo` fills the inbox with 1,000 pieces of feedback from every channel, part linked
to the ideas they ask for, part waiting in triage, and all of it scored."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from keyloop.accounts.models import Workspace
from keyloop.feedback.models import Channel, IdeaActivity, Subscription
from keyloop.inbox.models import FeedbackItem


@pytest.fixture
def demo(db) -> Workspace:
    call_command("demo", stdout=io.StringIO())
    return Workspace.objects.get(slug="demo")


def test_the_demo_inbox_has_a_thousand_items_from_every_channel(demo):
    items = FeedbackItem.objects.filter(workspace=demo)
    channels = dict(items.values_list("channel").annotate(n=Count("id")).order_by())
    states = dict(items.values_list("state").annotate(n=Count("id")).order_by())

    assert items.count() == 1000
    wanted = {Channel.EMAIL, Channel.SUPPORT, Channel.SLACK, Channel.SALES, Channel.WIDGET}
    assert wanted | {Channel.API, Channel.IMPORT} <= set(channels)
    assert all(channels[channel] >= 50 for channel in wanted)
    # Part linked, part still waiting for triage, with some noise dismissed or marked spam.
    assert 300 <= states["linked"] <= 600
    assert 300 <= states["new"] <= 600
    assert states["dismissed"] > 0 and states["spam"] > 0
    assert not items.filter(sentiment=None).exists()
    assert {"positive", "neutral", "negative"} <= set(
        items.values_list("sentiment_label", flat=True)
    )


def test_linked_demo_feedback_is_kept_as_linking_would_keep_it(demo):
    linked = FeedbackItem.objects.filter(workspace=demo, state="linked")

    assert not linked.filter(idea=None).exists()
    assert (
        not FeedbackItem.objects.filter(workspace=demo)
        .exclude(state="linked")
        .exclude(idea=None)
        .exists()
    )
    for item in linked.order_by("pk")[:50]:
        assert item.triaged_at is not None and item.triaged_at >= item.received_at
        assert Subscription.objects.filter(idea=item.idea, person=item.person).exists()
    logged = IdeaActivity.objects.filter(
        idea__workspace=demo, kind=IdeaActivity.Kind.FEEDBACK_LINKED
    ).count()
    assert logged == linked.count()


def test_loading_the_demo_again_adds_no_feedback(demo):
    call_command("demo", stdout=io.StringIO())

    assert FeedbackItem.objects.filter(workspace=demo).count() == 1000
