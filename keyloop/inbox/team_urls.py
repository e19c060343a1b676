"""The team's inbox pages, under /<workspace>/admin/inbox/."""

inbox_team_urlpatterns: list = []
