"""Channel secrets are for owners and admins: a plain member, another workspace's owner
and an anonymous visitor can neither see nor change them."""

import pytest

PAGES = [
    ("get", "/acme/admin/settings/channels/", None),
    ("post", "/acme/admin/settings/channels/rotate/", {"secret": "sso"}),
    ("post", "/acme/admin/settings/channels/rotate/", {"secret": "inbound_email"}),
    ("post", "/acme/admin/settings/channels/slack/", {"secret": "b" * 32}),
    ("post", "/acme/admin/settings/channels/slack/", {"intent": "clear"}),
]


def _secrets(world):
    world.acme.refresh_from_db()
    return (world.acme.sso_secret, world.acme.inbound_email_secret, world.acme.slack_signing_secret)


@pytest.mark.parametrize("persona", ["bob", "charlie"])
@pytest.mark.parametrize("method, url, data", PAGES)
def test_others_get_404_and_change_nothing(world, persona, method, url, data):
    world.acme.slack_signing_secret = "a" * 32
    world.acme.save()
    before = _secrets(world)
    client = world.client_for(getattr(world, persona))

    response = getattr(client, method)(url, data)

    assert response.status_code == 404
    assert world.acme.sso_secret not in response.content.decode()
    assert _secrets(world) == before


@pytest.mark.parametrize("method, url, data", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(world, method, url, data):
    before = _secrets(world)

    response = getattr(world.client_for(None), method)(url, data)

    assert response.status_code == 302
    assert response["Location"].startswith("/login")
    assert _secrets(world) == before
