"""Routes of the email channel; joined into keyloop/integrations/urls.py."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("<slug:slug>/inbound/email/<str:secret>", views.inbound_email, name="inbound_email"),
]
