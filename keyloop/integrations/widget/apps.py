import os

from django.apps import AppConfig
from django.conf import settings

# Feedback sent from the widget, per IP and per person (or e-mail). Overridable like the
# other limits; settings.RATE_LIMITS may already define it.
WIDGET_FEEDBACK_RATE = "20/h"


class WidgetConfig(AppConfig):
    name = "keyloop.integrations.widget"
    label = "integrations_widget"

    def ready(self):
        settings.RATE_LIMITS.setdefault(
            "widget_feedback",
            os.environ.get("RATE_LIMIT_WIDGET_FEEDBACK") or WIDGET_FEEDBACK_RATE,
        )
