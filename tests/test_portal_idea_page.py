"""An idea's page: rendered description, status in its colour, votes, voters, comments."""

from django.urls import reverse

from keyloop.accounts.models import Person
from keyloop.feedback import actions
from keyloop.feedback.models import Status

from .portal_support import idea_on


def page_of(client, idea):
    response = client.get(reverse("idea", args=["acme", idea.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_title_markdown_status_tags_and_author(world, client):
    idea = idea_on(world, title="Export to CSV", body="# Why\n\n- **fast**\n- [docs](https://x.test)",
                   author=world.dana)  # fmt: skip
    planned = Status.objects.get(workspace=world.acme, name="Planned")
    actions.idea_change_status(idea=idea, status=planned, actor_user=world.alice)
    tag = actions.tag_create(workspace=world.acme, name="Reporting", color="#0ea5e9")
    actions.idea_set_tags(idea=idea, tags=[tag], actor_user=world.alice)
    html = page_of(client, idea)
    assert "<h1>Why</h1>" in html and "<strong>fast</strong>" in html
    assert '<a href="https://x.test" rel="nofollow ugc noopener">docs</a>' in html
    assert f'style="--status-color: {planned.color}" data-category="planned">Planned</span>' in html
    assert 'style="--tag-color: #0ea5e9">Reporting</span>' in html
    assert "Dana Diaz" in html
    assert "dana@initech.test" not in html  # e-mails are never shown publicly


def test_voters_show_as_initials_and_the_rest_as_a_count(world, client):
    idea = idea_on(world, author=world.dana)
    for number in range(14):
        person = Person.objects.create(workspace=world.acme, email=f"v{number}@x.test")
        actions.vote_add(idea=idea, person=person)
    actions.vote_add(idea=idea, person=world.eve)
    html = page_of(client, idea)
    assert '<span class="portal-vote-count">16</span>' in html
    assert ">EE</span>" in html  # Eve Evans, among the 12 most recent voters
    assert "+4" in html


def test_a_merged_idea_redirects_to_the_idea_it_went_into_which_lists_it(world, client):
    target = idea_on(world, title="Export to CSV")
    duplicate = idea_on(world, title="CSV download please")
    duplicate.merged_into = target
    duplicate.save()
    response = client.get(reverse("idea", args=["acme", duplicate.pk]))
    assert response["Location"] == reverse("idea", args=["acme", target.pk])
    html = page_of(client, target)
    assert "Merged from" in html and "CSV download please" in html


def test_hidden_ideas_are_404_to_customers(world, client):
    private_board = actions.board_create(workspace=world.acme, name="Internal", is_private=True)
    private = idea_on(world, title="Secret", board=private_board)
    deleted = idea_on(world, title="Deleted")
    actions.idea_delete(idea=deleted, actor_user=world.alice)
    unconfirmed = idea_on(world, title="Unconfirmed", author=world.eve, published=False)
    globex_idea = idea_on(world, board=world.globex.boards.get())
    for idea in (private, deleted, unconfirmed):
        assert client.get(reverse("idea", args=["acme", idea.pk])).status_code == 404
        assert (
            world.client_for(world.charlie).get(reverse("idea", args=["acme", idea.pk])).status_code
            == 404
        )
    assert client.get(reverse("idea", args=["acme", globex_idea.pk])).status_code == 404
    # The team sees the private and the unconfirmed one, marked as such.
    bob = world.client_for(world.bob)
    assert "Private board" in bob.get(reverse("idea", args=["acme", private.pk])).content.decode()
    assert (
        "Waiting for its author"
        in bob.get(reverse("idea", args=["acme", unconfirmed.pk])).content.decode()
    )


def test_a_shipped_idea_links_to_its_changelog_entry(world, client):
    idea = idea_on(world)
    entry = actions.changelog_create(
        workspace=world.acme, title="CSV is here", body="", ideas=[idea], author=world.alice,
        publish=True,
    )  # fmt: skip
    draft = actions.changelog_create(
        workspace=world.acme, title="Secret draft", body="", ideas=[idea], author=world.alice
    )
    html = page_of(client, idea)
    assert reverse("changelog_entry", args=["acme", entry.pk]) in html
    assert draft.title not in html
