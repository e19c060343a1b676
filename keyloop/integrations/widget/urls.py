"""Routes of the widget channel; joined into keyloop/integrations/urls.py."""

urlpatterns: list = []
