"""The team's feedback pages, under /<workspace>/admin/."""

team_urlpatterns: list = []
