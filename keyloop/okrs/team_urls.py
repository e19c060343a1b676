"""The team's okrs pages, under /<workspace>/admin/."""

okrs_team_urlpatterns: list = []
