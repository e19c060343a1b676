"""Routes of the email channel; joined into keyloop/integrations/urls.py."""

urlpatterns: list = []
