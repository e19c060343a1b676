"""A forgotten password is reset through a link e-mailed over real SMTP."""

import re

from django.urls import reverse

from .conftest import body_of


def test_the_reset_link_arrives_and_sets_a_new_password(client, world, smtp_server, settings):
    settings.BASE_URL = "http://keyloop.test"
    response = client.post(reverse("password_reset"), {"email": "alice@acme.test"})
    assert response["Location"] == reverse("password_reset_done")

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "alice@acme.test"
    assert message["Subject"] == "Reset your Keyloop password"
    text = body_of(message)
    assert "<a " in body_of(message, "html")
    link = re.search(r"http://keyloop\.test(/password-reset/\S+/)", text).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new_password = "a brand new passphrase 42"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done["Location"] == reverse("password_reset_complete")
    world.alice.refresh_from_db()
    assert world.alice.check_password(new_password)

    # The link works only once.
    again = client.get(link, follow=True)
    assert "no longer works" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, world, smtp_server):
    response = client.post(reverse("password_reset"), {"email": "nobody@nowhere.test"})
    assert response["Location"] == reverse("password_reset_done")
    assert smtp_server.wait_for(1, timeout=0.5) == []
