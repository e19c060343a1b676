"""Routes of the slack channel; joined into keyloop/integrations/urls.py."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("<slug:slug>/slack/commands", views.slack_command, name="slack_command"),
    path("<slug:slug>/slack/interactions", views.slack_interaction, name="slack_interaction"),
]
