"""Every channel's routes, and the admins' Channels page. They come before the portal's and
team's patterns in keyloop/urls.py."""

from django.urls import path

from keyloop.integrations import views
from keyloop.integrations.email.urls import urlpatterns as email_urls
from keyloop.integrations.imports.urls import urlpatterns as import_urls
from keyloop.integrations.slack.urls import urlpatterns as slack_urls
from keyloop.integrations.widget.urls import urlpatterns as widget_urls

SETTINGS = "<slug:slug>/admin/settings/channels/"

urlpatterns: list = [
    path(SETTINGS, views.team_channels, name="team_channels"),
    path(f"{SETTINGS}rotate/", views.team_channel_rotate, name="team_channel_rotate"),
    path(f"{SETTINGS}slack/", views.team_slack_secret, name="team_slack_secret"),
    *email_urls,
    *slack_urls,
    *import_urls,
    *widget_urls,
]
