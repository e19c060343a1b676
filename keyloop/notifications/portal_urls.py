"""The customer-facing notification pages, under /<workspace>/notifications/."""

from django.urls import path

from . import views

_N = "<slug:slug>/notifications/"

notifications_portal_urlpatterns: list = [
    path(_N, views.notifications, name="notifications"),
    path(_N + "read/", views.notifications_read, name="notifications_read"),
    path(_N + "unsubscribe/<str:token>/", views.unsubscribe, name="notification_unsubscribe"),
    path(_N + "preferences/<str:token>/", views.preferences, name="notification_preferences"),
]
