from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

# Global pages (no workspace in the URL).
urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", views.signup, name="signup"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/link/", views.login_link_request, name="login_link_request"),
    path("login/link/<str:token>/", views.login_link, name="login_link"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("workspaces/new/", views.workspace_new, name="workspace_new"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
]

# The team's pages of one workspace, /<slug>/admin/…; the public portal /<slug>/… lives in
# keyloop/feedback/portal_urls.py.
workspace_urlpatterns = [
    path("<slug:slug>/admin/", views.team_dashboard, name="team_dashboard"),
    path("<slug:slug>/admin/members/", views.members, name="members"),
    path(
        "<slug:slug>/admin/members/<int:membership_id>/role/",
        views.member_role,
        name="member_role",
    ),
    path(
        "<slug:slug>/admin/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "<slug:slug>/admin/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<slug:slug>/admin/settings/", views.workspace_settings, name="workspace_settings"),
    path("<slug:slug>/admin/api-keys/", views.api_keys, name="api_keys"),
    path(
        "<slug:slug>/admin/api-keys/<int:api_key_id>/revoke/",
        views.api_key_revoke,
        name="api_key_revoke",
    ),
]
