"""Publishing a changelog entry that ships three ideas sends each person one e-mail for the
whole entry, listing only the ideas they asked for — not one e-mail per idea."""

from django.urls import reverse

from keyloop.accounts.models import Person
from keyloop.feedback import actions as feedback
from keyloop.notifications.models import Delivery

from .conftest import body_of


def _idea(world, title):
    return feedback.idea_create(
        board=world.acme.boards.get(slug="feature-requests"), title=title, author=None,
        actor_user=world.alice,
    )  # fmt: skip


def test_each_person_gets_one_email_listing_only_their_ideas(
    world, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.BASE_URL = "http://testserver"
    csv, pdf, dark = (
        _idea(world, "CSV export"),
        _idea(world, "PDF export"),
        _idea(world, "Dark mode"),
    )
    both = Person.objects.create(workspace=world.acme, email="both@customers.test")
    feedback.vote_add(idea=csv, person=both)
    feedback.comment_add(idea=pdf, body="PDF please", author=both)
    feedback.vote_add(idea=dark, person=world.eve)
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for(world.alice).post(
            reverse("team_changelog_new", args=["acme"]),
            {"title": "Exports and dark mode", "body": "Three things.", "mark_shipped": "on",
             "intent": "publish", "ideas": [csv.pk, pdf.pk, dark.pk]},
        )  # fmt: skip
    assert response.status_code == 302

    messages = smtp_server.wait_for(2)
    assert sorted(m["To"] for m in messages) == ["both@customers.test", "eve@example.test"]
    mail = {m["To"]: body_of(m) for m in messages}
    assert (
        "CSV export" in mail["both@customers.test"] and "PDF export" in mail["both@customers.test"]
    )
    assert "Dark mode" not in mail["both@customers.test"]
    assert "Dark mode" in mail["eve@example.test"] and "CSV export" not in mail["eve@example.test"]
    assert "Exports and dark mode" in messages[0]["Subject"]
    # The three ideas moved to shipped without an e-mail each.
    assert not Delivery.objects.filter(event__idea__in=[csv, pdf, dark]).exists()
    for idea in (csv, pdf, dark):
        idea.refresh_from_db()
        assert idea.status.category == "shipped"


def test_an_entry_published_quietly_tells_nobody(
    world, smtp_server, django_capture_on_commit_callbacks
):
    idea = _idea(world, "CSV export")
    feedback.vote_add(idea=idea, person=world.eve)
    with django_capture_on_commit_callbacks(execute=True):
        feedback.changelog_create(
            workspace=world.acme, title="Small fix", body="", ideas=[idea], author=world.alice,
            publish=True, notify=False,
        )  # fmt: skip
    assert smtp_server.wait_for(1, timeout=0.5) == []
    idea.refresh_from_db()
    assert idea.status.category == "shipped"
