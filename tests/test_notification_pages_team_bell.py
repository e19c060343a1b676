"""A team member's bell, in the team pages' header and the portal's: it lists the notices
addressed to them — a disabled webhook for the admins, a check-in reminder for its owner,
an idea they voted for shipping — and nobody else's."""

import re
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from keyloop.feedback import actions as feedback
from keyloop.feedback.actions import person_for_user
from keyloop.feedback.models import Status
from keyloop.notifications import actions as notifications
from keyloop.notifications.events import emit
from keyloop.notifications.models import WebhookEndpoint


def _bell(html: str) -> int:
    assert 'class="bell' in html
    count = re.search(r'data-testid="bell-count">(\d+)<', html)
    return int(count.group(1)) if count else 0


def _titles(html: str) -> list[str]:
    return re.findall(r'class="notification-title"[^>]*>([^<]*)<', html)


def _notices(world, capture):
    """Acme's webhook failed for a day (admins are told); Bob's key result wants a check-in;
    the idea Bob voted for ships."""
    endpoint = WebhookEndpoint.objects.create(
        workspace=world.acme, url="https://hooks.acme.test/keyloop",
        failing_since=timezone.now() - timedelta(days=1, minutes=1),
    )  # fmt: skip
    with capture(execute=True):
        notifications.webhook_endpoint_record_outcome(endpoint_id=endpoint.pk, ok=False)
    with capture(execute=True), transaction.atomic():
        emit(
            workspace=world.acme, kind="key_result.reminder",
            payload={"title": "Weekly active teams", "url": "/acme/admin/okrs/"},
            people=[person_for_user(workspace=world.acme, user=world.bob)],
        )  # fmt: skip
    board = world.acme.boards.get(slug="feature-requests")
    idea = feedback.idea_create(board=board, title="Dark mode", author=None)
    feedback.vote_add(idea=idea, person=person_for_user(workspace=world.acme, user=world.bob))
    with capture(execute=True):
        feedback.idea_change_status(
            idea=idea, status=Status.objects.get(workspace=world.acme, name="Shipped"),
            actor_user=world.alice,
        )  # fmt: skip
    return endpoint


def test_each_team_member_sees_the_notices_addressed_to_them(
    world, django_capture_on_commit_callbacks
):
    endpoint = _notices(world, django_capture_on_commit_callbacks)
    alice, bob = world.client_for(world.alice), world.client_for(world.bob)
    team_page = reverse("team_dashboard", args=["acme"])
    assert _bell(alice.get(team_page).content.decode()) == 1
    assert _bell(bob.get(team_page).content.decode()) == 2

    html = alice.get(reverse("notifications", args=["acme"])).content.decode()
    assert _titles(html) == ["Webhook to hooks.acme.test disabled"]
    assert "Every delivery failed since" in html
    assert reverse("team_webhook", args=["acme", endpoint.pk]) in html

    html = bob.get(reverse("notifications", args=["acme"])).content.decode()
    assert sorted(_titles(html)) == [
        "Time for a check-in: Weekly active teams", "“Dark mode” is now Shipped",
    ]  # fmt: skip
    assert "hooks.acme.test" not in html  # Bob is not an admin


def test_the_bell_shows_on_the_portal_too_and_mark_all_read_clears_it(
    world, django_capture_on_commit_callbacks
):
    _notices(world, django_capture_on_commit_callbacks)
    bob = world.client_for(world.bob)
    assert _bell(bob.get(reverse("portal_home", args=["acme"])).content.decode()) == 2
    response = bob.post(reverse("notifications_read", args=["acme"]), follow=True)
    assert "All notifications are marked read." in response.content.decode()
    assert _bell(bob.get(reverse("team_dashboard", args=["acme"])).content.decode()) == 0
    # Alice's notice is still unread: Bob's "mark all" was his own.
    alice = world.client_for(world.alice)
    assert _bell(alice.get(reverse("team_dashboard", args=["acme"])).content.decode()) == 1


def test_another_workspaces_team_sees_none_of_it(world, django_capture_on_commit_callbacks):
    _notices(world, django_capture_on_commit_callbacks)
    charlie = world.client_for(world.charlie)
    assert _bell(charlie.get(reverse("team_dashboard", args=["globex"])).content.decode()) == 0
    html = charlie.get(reverse("notifications", args=["globex"])).content.decode()
    assert _titles(html) == [] and "Nothing yet" in html
    # On acme's portal Charlie is a stranger: no bell.
    html = charlie.get(reverse("portal_home", args=["acme"])).content.decode()
    assert 'class="bell' not in html
