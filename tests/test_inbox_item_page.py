"""Opening one feedback item: the whole text (plain, escaped), where it came from, who sent
it, and the idea search to link it."""

from django.urls import reverse

from keyloop.feedback import actions as feedback
from keyloop.inbox import actions as inbox


def _item(world, **extra):
    fields = {"text": "Line one\nLine two", "channel": "email", "person": world.dana} | extra
    return inbox.feedback_receive(workspace=world.acme, **fields)[0]


def _url(item, **params):
    return reverse("team_inbox_item", args=["acme", item.pk])


def test_the_item_shows_its_text_source_attachments_sender_and_details(world):
    world.initech.segment = "Enterprise"
    world.initech.save()
    item = _item(
        world, title="Exports fail", source_url="https://support.example.test/tickets/42",
        attachments=[{"name": "screenshot.png", "type": "image/png", "size": 48_000}],
        metadata={"mailbox": "support@acme.test"}, external_id="<m1@mail.test>",
    )  # fmt: skip

    page = world.client_for(world.bob).get(_url(item)).content.decode()

    assert "<h1>Exports fail</h1>" in page
    assert "Line one\nLine two" in page
    assert 'href="https://support.example.test/tickets/42"' in page
    assert "screenshot.png" in page and "46.9\xa0KB" in page
    assert "Dana Diaz" in page and "dana@initech.test" in page
    assert "Initech" in page and "$199 MRR" in page and "Enterprise" in page and "Growth" in page
    assert "support@acme.test" in page and "&lt;m1@mail.test&gt;" in page


def test_the_text_is_shown_as_text_never_as_html(world):
    item = _item(world, text='<script>alert("x")</script><img src=x onerror=alert(1)>')
    page = world.client_for(world.bob).get(_url(item)).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_the_idea_search_finds_ideas_by_words_most_wanted_first(world):
    board = world.acme.boards.get(slug="feature-requests")
    sso = feedback.idea_create(board=board, title="SAML single sign-on", body="", author=None)
    feedback.idea_create(board=board, title="Dark mode", body="", author=None)
    gone = feedback.idea_create(board=board, title="SSO via Google", body="", author=None)
    feedback.idea_delete(idea=gone, actor_user=world.alice)
    bob = world.client_for(world.bob)

    results = bob.get(reverse("team_inbox_ideas", args=["acme"]), {"idea_q": "sign"})

    page = results.content.decode()
    assert "SAML single sign-on" in page and "Dark mode" not in page
    assert f'name="idea" value="{sso.pk}"' in page
    nothing = bob.get(reverse("team_inbox_ideas", args=["acme"]), {"idea_q": "google"})
    assert "No idea matches" in nothing.content.decode()  # deleted ideas are not offered


def test_without_javascript_the_search_reloads_the_item_page_with_results(world):
    board = world.acme.boards.get(slug="feature-requests")
    feedback.idea_create(board=board, title="Audit log export", body="", author=None)
    item = _item(world)
    page = world.client_for(world.bob).get(_url(item), {"idea_q": "audit", "link": "1"})
    assert "Ideas matching “audit”" in page.content.decode()
    assert "Audit log export" in page.content.decode()


def test_an_item_of_another_workspace_is_not_found(world):
    item = _item(world)
    assert world.client_for(world.charlie).get(_url(item)).status_code == 404
    globex_url = reverse("team_inbox_item", args=["globex", item.pk])
    assert world.client_for(world.charlie).get(globex_url).status_code == 404
