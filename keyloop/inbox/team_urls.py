"""The team's inbox pages, under /<workspace>/admin/inbox/."""

from django.urls import path

from . import views

_INBOX = "<slug:slug>/admin/inbox/"
_ITEM = _INBOX + "<int:item_id>/"

inbox_team_urlpatterns: list = [
    path(_INBOX, views.inbox, name="team_inbox"),
    path(_INBOX + "bulk/", views.bulk, name="team_inbox_bulk"),
    path(_INBOX + "ideas/", views.idea_search, name="team_inbox_ideas"),
    path(_ITEM, views.item, name="team_inbox_item"),
    path(_ITEM + "link/", views.item_link, name="team_inbox_item_link"),
    path(_ITEM + "state/", views.item_state, name="team_inbox_item_state"),
    path(_ITEM + "new-idea/", views.item_new_idea, name="team_inbox_item_new_idea"),
]
