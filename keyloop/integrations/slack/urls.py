"""Routes of the slack channel; joined into keyloop/integrations/urls.py."""

urlpatterns: list = []
