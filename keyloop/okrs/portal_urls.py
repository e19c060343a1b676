"""The customer-facing okrs pages, under /<workspace>/."""

okrs_portal_urlpatterns: list = []
