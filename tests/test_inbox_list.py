"""The team's inbox: tabs per state with counts, filters, newest first, and pages."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from keyloop.accounts.models import Company, Person
from keyloop.inbox import actions as inbox
from keyloop.inbox.models import FeedbackItem

INBOX = reverse("team_inbox", args=["acme"])


def _receive(world, text, *, channel="support", person=None, minutes_ago=0, **extra):
    item, _ = inbox.feedback_receive(
        workspace=world.acme, text=text, channel=channel, person=person,
        received_at=timezone.now() - timedelta(minutes=minutes_ago), **extra,
    )  # fmt: skip
    return item


def _headlines(response) -> list[str]:
    return [item.headline for item in response.context["items"]]


def test_a_member_sees_new_feedback_newest_first_with_who_sent_it(world):
    _receive(world, "Older: export is slow", person=world.eve, minutes_ago=30)
    _receive(world, "Newest: we need SSO", person=world.dana, channel="sales", minutes_ago=1)

    response = world.client_for(world.bob).get(INBOX)

    assert response.status_code == 200
    assert _headlines(response) == ["Newest: we need SSO", "Older: export is slow"]
    page = response.content.decode()
    assert "Dana Diaz" in page and "Initech" in page and "$199 MRR" in page
    assert 'title="Sales"' in page  # the channel icon says where it came from


def test_tabs_count_every_state_and_spam_stays_in_its_own_tab(world):
    kept = _receive(world, "Still new")
    dismissed = _receive(world, "Not useful")
    spam = _receive(world, "Buy cheap watches")
    inbox.feedback_set_state(item=dismissed, state="dismissed", actor_user=world.alice)
    inbox.feedback_set_state(item=spam, state="spam", actor_user=world.alice)
    bob = world.client_for(world.bob)

    tabs = {state: count for state, _, count in bob.get(INBOX).context["tabs"]}
    assert tabs == {"new": 1, "linked": 0, "dismissed": 1, "spam": 1, "all": 2}
    assert _headlines(bob.get(INBOX)) == [kept.headline]
    assert _headlines(bob.get(INBOX, {"state": "dismissed"})) == ["Not useful"]
    assert _headlines(bob.get(INBOX, {"state": "all"})) == ["Not useful", "Still new"]
    assert _headlines(bob.get(INBOX, {"state": "spam"})) == ["Buy cheap watches"]
    assert "Buy cheap watches" not in bob.get(INBOX, {"state": "all"}).content.decode()


def test_filters_by_channel_sentiment_company_segment_and_words(world):
    world.initech.segment = "Enterprise"
    world.initech.save()
    globo = Company.objects.create(workspace=world.acme, name="Globochem", segment="SMB")
    gina = Person.objects.create(workspace=world.acme, email="gina@globo.test", company=globo)
    happy = _receive(world, "I love the new dashboards", person=world.dana, channel="slack")
    angry = _receive(world, "Exports keep failing, awful", person=gina, channel="email")
    unscored = _receive(world, "Dashboards need dark mode", person=world.eve, channel="email")
    inbox.feedback_score_sentiment(items=[happy, angry])
    FeedbackItem.objects.filter(pk=unscored.pk).update(sentiment=None, sentiment_label="")
    bob = world.client_for(world.bob)

    def shown(**filters):
        return sorted(_headlines(bob.get(INBOX, filters)))

    assert shown(channel="email") == sorted([angry.headline, unscored.headline])
    assert shown(sentiment="positive") == [happy.headline]
    assert shown(sentiment="negative") == [angry.headline]
    assert shown(sentiment="unscored") == [unscored.headline]
    assert shown(company=str(globo.pk)) == [angry.headline]
    assert shown(segment="enterprise") == [happy.headline]
    assert shown(q="dashboards") == sorted([happy.headline, unscored.headline])
    assert shown(q="gina@globo") == [angry.headline]
    assert shown(channel="email", q="dark") == [unscored.headline]
    # A value that does not parse is not applied, and never a 500.
    assert len(shown(channel="fax", company="abc", sentiment="meh")) == 3


def test_the_sentiment_chip_shows_label_and_score_or_that_scoring_is_pending(world):
    scored = _receive(world, "This is wonderful, thank you!")
    inbox.feedback_score_sentiment(items=[scored])
    pending = _receive(world, "Waiting for the worker")
    FeedbackItem.objects.filter(pk=pending.pk).update(sentiment=None, sentiment_label="")

    page = world.client_for(world.bob).get(INBOX).content.decode()

    scored.refresh_from_db()
    assert f'Positive <span class="chip-score">{scored.sentiment:.2f}</span>' in page
    assert "Scoring…" in page


def test_load_more_continues_after_the_last_item_shown(world):
    for n in range(30):
        _receive(world, f"Item number {n:02}", minutes_ago=n)
    bob = world.client_for(world.bob)

    first = bob.get(INBOX)
    assert len(first.context["items"]) == 25
    cursor = first.context["page"].next_cursor
    assert cursor and "Load more" in first.content.decode()

    more = bob.get(
        INBOX, {"cursor": cursor}, headers={"HX-Request": "true", "HX-Target": "inbox-load-more"}
    )
    assert more.templates[0].name == "inbox/_rows.html"
    assert _headlines(more) == [f"Item number {n:02}" for n in range(25, 30)]
    assert "Load more" not in more.content.decode()


def test_a_tampered_cursor_shows_the_first_page_with_a_message(world):
    _receive(world, "Only item")
    response = world.client_for(world.bob).get(INBOX, {"cursor": "not-a-cursor"})
    assert response.status_code == 200
    assert _headlines(response) == ["Only item"]
    assert "This cursor is not valid" in response.content.decode()


def test_the_empty_inbox_says_everything_is_triaged(world):
    page = world.client_for(world.bob).get(INBOX).content.decode()
    assert "Inbox zero" in page


def test_the_navigation_shows_how_many_items_are_new(world):
    _receive(world, "One")
    _receive(world, "Two")
    page = world.client_for(world.bob).get(reverse("team_ideas", args=["acme"])).content.decode()
    assert 'href="/acme/admin/inbox/"' in page
    assert '<span class="nav-count" title="2 new">2</span>' in page


def test_another_workspace_never_sees_acme_feedback(world):
    _receive(world, "Acme secret roadmap request")
    response = world.client_for(world.charlie).get(reverse("team_inbox", args=["globex"]))
    assert response.status_code == 200
    assert "Acme secret roadmap request" not in response.content.decode()
    assert world.client_for(world.charlie).get(INBOX).status_code == 404
