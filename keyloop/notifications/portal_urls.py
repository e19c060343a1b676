"""The customer-facing notifications pages, under /<workspace>/."""

notifications_portal_urlpatterns: list = []
