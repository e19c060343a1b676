"""Unsubscribing stops update e-mails, not the e-mails a person asks for: a customer who
unsubscribed and muted everything still gets the login link they request."""

from django.urls import reverse

from keyloop.notifications import actions as notifications


def test_an_unsubscribed_customer_still_gets_their_login_link(
    world, client, smtp_server, django_capture_on_commit_callbacks
):
    notifications.person_unsubscribe(person=world.eve)
    notifications.person_set_preferences(
        person=world.eve, email_notifications=False, workspace_updates_muted=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal_login", args=["acme"]), {"email": "eve@example.test"})
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "eve@example.test"
    assert message["Subject"] == "Your login link for Acme feedback"
