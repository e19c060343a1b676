"""Customers comment on ideas and reply one level deep; internal notes never reach them."""

from django.urls import reverse

from keyloop.feedback import actions
from keyloop.feedback.models import Comment

from .portal_support import click_magic_link, idea_on, log_in_customer, magic_link_in

HTMX = {"HTTP_HX_REQUEST": "true"}


def comment_url(idea):
    return reverse("idea_comment", args=[idea.workspace.slug, idea.pk])


def idea_url(idea):
    return reverse("idea", args=[idea.workspace.slug, idea.pk])


def test_a_logged_in_customer_comments_and_sees_it_on_the_idea(world, client):
    idea = idea_on(world)
    log_in_customer(client, world.eve)
    response = client.post(comment_url(idea), {"body": "We need this *badly*"})
    comment = Comment.objects.get(idea=idea)
    assert response["Location"] == idea_url(idea) + f"#comment-{comment.pk}"
    page = client.get(idea_url(idea)).content.decode()
    assert "We need this <em>badly</em>" in page
    assert "Eve Evans" in page
    idea.refresh_from_db()
    assert idea.comment_count == 1
    assert idea.subscriptions.filter(person=world.eve).exists()


def test_a_reply_goes_under_its_comment_and_replies_stay_one_level_deep(world, client):
    idea = idea_on(world)
    first = actions.comment_add(idea=idea, body="First!", author=world.dana)
    log_in_customer(client, world.eve)
    client.post(comment_url(idea), {"body": "Reply to first", "parent": first.pk})
    reply = Comment.objects.get(body="Reply to first")
    client.post(comment_url(idea), {"body": "Reply to the reply", "parent": reply.pk})
    deep = Comment.objects.get(body="Reply to the reply")
    assert reply.parent == first and deep.parent == first

    page = client.get(idea_url(idea)).content.decode()
    thread = page[page.index(f'id="comment-{first.pk}"') :]
    assert thread.index("Reply to first") < thread.index("Reply to the reply")
    assert 'class="portal-comment-replies"' in thread


def test_htmx_gets_the_refreshed_comment_section(world, client):
    idea = idea_on(world)
    log_in_customer(client, world.eve)
    response = client.post(comment_url(idea), {"body": "Via HTMX"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="portal-comments card" id="comments"')
    assert "Via HTMX" in html and "is-new" in html
    assert "<html" not in html


def test_an_anonymous_comment_waits_for_the_link(
    world, client, smtp_server, django_capture_on_commit_callbacks
):
    idea = idea_on(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            comment_url(idea), {"body": "Anonymous thoughts", "email": "fay@example.test"}, **HTMX
        )
    assert "Check your inbox" in response.content.decode()
    assert "Anonymous thoughts" not in client.get(idea_url(idea)).content.decode()
    [message] = smtp_server.wait_for(1)
    assert message["Subject"] == "Confirm your e-mail to publish your comment"
    assert "Anonymous thoughts" in str(message.get_body(("plain",)).get_content())

    click_magic_link(client, magic_link_in(message))
    assert "Anonymous thoughts" in client.get(idea_url(idea)).content.decode()
    idea.refresh_from_db()
    assert idea.comment_count == 1


def test_internal_notes_never_reach_the_portal(world, client):
    idea = idea_on(world)
    note = actions.comment_add(
        idea=idea, body="Internal: big customer", author=None, author_user=world.alice,
        internal=True,
    )  # fmt: skip
    for viewer in (None, world.alice):
        page = world.client_for(viewer).get(idea_url(idea)).content.decode()
        assert "Internal: big customer" not in page
    # …and nobody replies to one from the portal.
    log_in_customer(client, world.eve)
    response = client.post(comment_url(idea), {"body": "Ha", "parent": note.pk})
    assert "The comment you replied to is no longer there." in response.content.decode()
    assert not Comment.objects.filter(body="Ha").exists()


def test_a_team_member_comments_as_the_team(world):
    idea = idea_on(world)
    alice = world.client_for(world.alice)
    alice.post(comment_url(idea), {"body": "We are on it"})
    page = world.client_for(None).get(idea_url(idea)).content.decode()
    assert "We are on it" in page
    assert "Alice Adams" in page and "badge-team" in page


def test_a_closed_board_takes_no_comments_from_customers(world, client):
    idea = idea_on(world)
    actions.board_update(board=idea.board, is_locked=True)
    log_in_customer(client, world.eve)
    page = client.get(idea_url(idea)).content.decode()
    assert "This board is closed to new comments." in page
    assert "Post comment" not in page
    response = client.post(comment_url(idea), {"body": "Let me in"})
    assert response.status_code == 403
    assert "This board is closed to new comments." in response.content.decode()
    assert not Comment.objects.exists()


def test_an_empty_or_too_long_comment_is_refused_clearly(world, client):
    idea = idea_on(world)
    log_in_customer(client, world.eve)
    empty = client.post(comment_url(idea), {"body": "   "}).content.decode()
    assert "Write something first." in empty
    long = client.post(comment_url(idea), {"body": "x" * 10_001}, **HTMX).content.decode()
    assert "Keep the comment to 10000 characters" in long
    assert not Comment.objects.exists()


def test_a_bad_reply_target_is_refused_clearly(world, client):
    idea = idea_on(world)
    other = actions.comment_add(idea=idea_on(world, title="Other"), body="Else", author=None)
    log_in_customer(client, world.eve)
    for parent in (other.pk, 999_999):
        response = client.post(comment_url(idea), {"body": "Hm", "parent": parent})
        assert response.status_code == 200
        assert "The comment you replied to is no longer there." in response.content.decode()
    response = client.post(comment_url(idea), {"body": "Hm", "parent": "abc"})
    assert response.status_code == 200
    assert not Comment.objects.filter(body="Hm").exists()


def test_a_failed_reply_reopens_its_own_form_with_the_error(world, client):
    idea = idea_on(world)
    first = actions.comment_add(idea=idea, body="First!", author=world.dana)
    html = client.post(
        comment_url(idea), {"body": "My reply", "parent": first.pk, "email": "bad"}, **HTMX
    ).content.decode()
    reply_form = html[html.index(f'name="parent" value="{first.pk}"') :]
    assert "Enter an e-mail address like you@example.com." in reply_form.split("</form>")[0]
    assert "My reply</textarea>" in reply_form
    assert '<details class="portal-reply" open>' in html
