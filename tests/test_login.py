"""Team members log in with e-mail and password and log out."""

from django.urls import reverse

from .conftest import PASSWORD


def test_a_wrong_password_gets_a_clear_message(client, world):
    response = client.post(reverse("login"), {"username": "alice@acme.test", "password": "nope"})
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_right_password_logs_in_and_lists_the_workspaces(client, world):
    response = client.post(
        reverse("login"), {"username": "Alice@Acme.test", "password": PASSWORD}, follow=True
    )
    body = response.content.decode()
    assert "Your workspaces" in body
    assert "Acme" in body and "Globex" not in body


def test_login_returns_to_the_page_that_asked_for_it(client, world):
    target = reverse("members", args=["acme"])
    response = client.post(
        reverse("login"), {"username": "alice@acme.test", "password": PASSWORD, "next": target}
    )
    assert response["Location"] == target


def test_logging_out_ends_the_session(world):
    alice = world.client_for(world.alice)
    alice.post(reverse("logout"))
    response = alice.get(reverse("team_dashboard", args=["acme"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
