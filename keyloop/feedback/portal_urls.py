"""Customer-facing pages of a workspace's portal, under /<workspace>/."""

portal_urlpatterns: list = []
