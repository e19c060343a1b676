"""The team's notifications pages, under /<workspace>/admin/."""

notifications_team_urlpatterns: list = []
