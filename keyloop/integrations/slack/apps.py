import os

from django.apps import AppConfig
from django.conf import settings


class SlackConfig(AppConfig):
    name = "keyloop.integrations.slack"
    label = "integrations_slack"

    def ready(self):
        # Requests per minute per workspace and sending address, checked before the signature.
        # TODO(settings.py owner): move into RATE_LIMITS in keyloop/settings.py.
        settings.RATE_LIMITS.setdefault("slack", os.environ.get("RATE_LIMIT_SLACK", "300/m"))
