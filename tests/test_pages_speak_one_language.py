"""The interface is in English for every visitor, whatever language their browser asks for.

Keyloop has no translations of its own. Negotiating Accept-Language only translated
Django's built-in messages, so a German browser got German form errors on an English page.
"""

from django.urls import reverse

from .conftest import PASSWORD


def test_a_german_browser_gets_english_form_errors_on_the_english_page(client, db):
    response = client.post(
        reverse("signup"),
        {"name": "Fiona Fox", "email": "not-an-address", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9",
    )
    body = response.content.decode()
    assert '<html lang="en"' in body
    assert "Enter a valid email address." in body
    assert "This field is required." in body  # the workspace name left empty
    assert "Dieses Feld" not in body and "E-Mail-Adresse" not in body
    assert "Content-Language" not in response
