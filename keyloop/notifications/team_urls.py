"""The team's notification pages, under /<workspace>/admin/."""

from django.urls import path

from . import views

_A = "<slug:slug>/admin/"
_HOOK = _A + "webhooks/<int:endpoint_id>/"

notifications_team_urlpatterns: list = [
    path(
        _A + "ideas/<int:idea_id>/notify-preview/",
        views.idea_notify_preview,
        name="team_idea_notify_preview",
    ),  # fmt: skip
    path(
        _A + "ideas/<int:idea_id>/deliveries/",
        views.idea_deliveries,
        name="team_idea_deliveries",
    ),  # fmt: skip
    path(
        _A + "deliveries/<int:delivery_id>/retry/",
        views.delivery_retry,
        name="team_delivery_retry",
    ),  # fmt: skip
    path(_A + "digest/", views.digest_setting, name="team_digest_setting"),
    path(_A + "webhooks/", views.webhooks, name="team_webhooks"),
    path(_HOOK, views.webhook, name="team_webhook"),
    path(_HOOK + "delete/", views.webhook_delete, name="team_webhook_delete"),
    path(
        _HOOK + "deliveries/<int:delivery_id>/resend/",
        views.webhook_resend,
        name="team_webhook_resend",
    ),  # fmt: skip
]
