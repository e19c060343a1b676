"""Routes of the imports channel; joined into keyloop/integrations/urls.py."""

urlpatterns: list = []
