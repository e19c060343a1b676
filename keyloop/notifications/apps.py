from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "keyloop.notifications"
    verbose_name = "Notifications"

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from .events import webhook_kinds_forget
        from .models import WebhookEndpoint

        def forget(sender, instance, **kwargs):
            # Now, and again after commit: a reader in between must not keep the old set.
            webhook_kinds_forget(instance.workspace_id)
            transaction.on_commit(lambda: webhook_kinds_forget(instance.workspace_id))

        post_save.connect(forget, sender=WebhookEndpoint, weak=False)
        post_delete.connect(forget, sender=WebhookEndpoint, weak=False)
