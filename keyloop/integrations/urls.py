"""Every channel's routes. They come before the portal's and team's patterns in keyloop/urls.py."""

from keyloop.integrations.email.urls import urlpatterns as email_urls
from keyloop.integrations.imports.urls import urlpatterns as import_urls
from keyloop.integrations.slack.urls import urlpatterns as slack_urls
from keyloop.integrations.widget.urls import urlpatterns as widget_urls

urlpatterns: list = [*email_urls, *slack_urls, *import_urls, *widget_urls]
