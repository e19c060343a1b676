"""Routes of the widget channel and customer SSO; joined into keyloop/integrations/urls.py.

They come before the portal's patterns, so none of them may collide with a portal path.
"""

from django.urls import path

from keyloop.feedback.views.portal import portal_sso

from . import views

urlpatterns: list = [
    path("<slug:slug>/sso/", portal_sso, name="portal_sso"),
    path("<slug:slug>/widget.js", views.widget_js, name="widget_js"),
    path("<slug:slug>/widget/", views.widget_panel, name="widget_panel"),
    path("<slug:slug>/widget/identify/", views.widget_identify, name="widget_identify"),
    path("<slug:slug>/widget/search/", views.widget_search, name="widget_search"),
    path("<slug:slug>/widget/ideas/<int:idea_id>/vote/", views.widget_vote, name="widget_vote"),
    path(
        "<slug:slug>/widget/ideas/<int:idea_id>/unvote/", views.widget_unvote, name="widget_unvote"
    ),
    path("<slug:slug>/widget/feedback/", views.widget_feedback, name="widget_feedback"),
    path("<slug:slug>/widget-demo", views.widget_demo, name="widget_demo"),
]
