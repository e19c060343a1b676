"""Rotating a channel secret replaces it at once; the page shows the new one."""

import pytest
from django.urls import reverse

from keyloop.inbox.models import FeedbackItem

ROTATE = "/acme/admin/settings/channels/rotate/"

RAW = (
    b"From: Dana <dana@acme.test>\r\nTo: feedback+acme@example.test\r\n"
    b"Subject: Rotation\r\nMessage-ID: <rotate-1@acme.test>\r\n\r\nPlease add SAML.\r\n"
)


@pytest.fixture
def alice(world):
    return world.client_for(world.alice)


def test_rotating_the_sso_secret_replaces_it_and_the_page_shows_the_new_one(world, alice):
    old = world.acme.sso_secret

    response = alice.post(ROTATE, {"secret": "sso"}, follow=True)

    world.acme.refresh_from_db()
    new = world.acme.sso_secret
    assert new != old and len(new) >= 40
    html = response.content.decode()
    assert "New SSO secret in place" in html
    assert "••••••••••••" + new[-4:] in html
    assert old not in html
    assert world.acme.inbound_email_secret  # the other secret is untouched


def test_rotating_the_inbound_secret_retires_the_old_url(world, alice, client):
    old_url = reverse("inbound_email", args=["acme", world.acme.inbound_email_secret])
    old_sso = world.acme.sso_secret

    response = alice.post(ROTATE, {"secret": "inbound_email"}, follow=True)

    world.acme.refresh_from_db()
    assert world.acme.sso_secret == old_sso
    html = response.content.decode()
    assert "New inbound e-mail address in place" in html
    assert f"/acme/inbound/email/{world.acme.inbound_email_secret}" in html
    assert old_url not in html
    refused = client.post(old_url, RAW, "message/rfc822")
    assert refused.status_code in (403, 404)
    new_url = reverse("inbound_email", args=["acme", world.acme.inbound_email_secret])
    assert client.post(new_url, RAW, "message/rfc822").status_code in (200, 201, 202)
    assert FeedbackItem.objects.filter(workspace=world.acme, channel="email").count() == 1


def test_an_unknown_secret_name_changes_nothing(world, alice):
    before = (world.acme.sso_secret, world.acme.inbound_email_secret)

    response = alice.post(ROTATE, {"secret": "slack_signing"}, follow=True)

    world.acme.refresh_from_db()
    assert (world.acme.sso_secret, world.acme.inbound_email_secret) == before
    assert "Unknown secret." in response.content.decode()


def test_rotation_is_post_only(alice):
    assert alice.get(ROTATE).status_code == 405
