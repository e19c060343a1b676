"""The Channels page tells an admin everything needed to connect SSO, e-mail and Slack."""

from html import unescape

import pytest
from django.test import override_settings


@pytest.fixture
def page(world):
    def get():
        response = world.client_for(world.alice).get("/acme/admin/settings/channels/")
        assert response.status_code == 200
        return response.content.decode()

    return get


@override_settings(BASE_URL="https://feedback.example.com", INBOUND_EMAIL_DOMAIN="")
def test_it_shows_the_secrets_masked_with_the_urls_to_paste(world, page):
    html = page()
    sso = world.acme.sso_secret
    assert "••••••••••••" + sso[-4:] in html
    assert 'data-copy="#sso-secret"' in html
    # The e-mail address and URL, the Slack request URLs, all from BASE_URL.
    assert "feedback+acme@your-domain" in html
    assert (
        f"https://feedback.example.com/acme/inbound/email/{world.acme.inbound_email_secret}" in html
    )
    assert "https://feedback.example.com/acme/slack/commands" in html
    assert "https://feedback.example.com/acme/slack/interactions" in html
    assert "Not set up" in html
    assert '<a href="/acme/admin/settings/channels/" aria-current="page">Channels</a>' in html


@override_settings(BASE_URL="https://feedback.example.com")
def test_it_gives_sso_snippets_for_python_node_the_portal_and_the_widget(page):
    html = unescape(page())
    assert 'jwt.encode(claims, os.environ["KEYLOOP_SSO_SECRET"], algorithm="HS256")' in html
    assert "jwt.sign(claims, process.env.KEYLOOP_SSO_SECRET" in html
    assert 'expiresIn: "1h"' in html
    for claim in ("email", "name", "id", "avatar_url", "mrr_cents", "plan", "segment"):
        assert f'"{claim}":' in html
    assert "https://feedback.example.com/acme/?sso=TOKEN" in html
    assert '<script src="https://feedback.example.com/acme/widget.js"' in html
    assert 'data-workspace="acme"' in html
    assert 'data-sso-token="TOKEN"' in html


@override_settings(INBOUND_EMAIL_DOMAIN="in.acme-feedback.test")
def test_the_address_uses_the_configured_inbound_domain(page):
    assert "feedback+acme@in.acme-feedback.test" in page()


def test_the_python_snippet_signs_a_token_the_sso_secret_verifies(world, page, monkeypatch):
    """Run the snippet as a customer would paste it, and check its token."""
    import html as html_lib
    import re
    import time
    from types import SimpleNamespace

    import jwt

    snippet = re.search(r'<code id="snippet-python">(.*?)</code>', page(), re.S).group(1)
    monkeypatch.setenv("KEYLOOP_SSO_SECRET", world.acme.sso_secret)
    namespace: dict = {}
    exec(html_lib.unescape(snippet), namespace)  # noqa: S102 - our own snippet
    company = SimpleNamespace(id=7, name="Initech", mrr_cents=99_00, plan="pro", segment="smb")
    user = SimpleNamespace(
        email="dana@initech.test", name="Dana", id=42, avatar_url=None, company=company
    )

    token = namespace["keyloop_token"](user)

    claims = jwt.decode(token, world.acme.sso_secret, algorithms=["HS256"])
    assert claims["email"] == "dana@initech.test"
    assert claims["company"] == {
        "id": "7", "name": "Initech", "mrr_cents": 9900, "plan": "pro", "segment": "smb"
    }  # fmt: skip
    assert time.time() < claims["exp"] <= time.time() + 3600
