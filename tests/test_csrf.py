"""A form posted without its CSRF token is refused with a clear page and changes nothing."""

from django.test import Client
from django.urls import reverse

from keyloop.accounts.models import Workspace


def test_a_form_without_csrf_token_is_refused_and_nothing_changes(world):
    alice = Client(enforce_csrf_checks=True)
    alice.force_login(world.alice)
    response = alice.post(reverse("workspace_settings", args=["acme"]), {"name": "Changed"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    assert Workspace.objects.get(slug="acme").name == "Acme"
