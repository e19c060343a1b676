from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "keyloop.accounts"
    label = "accounts"
    verbose_name = "Accounts and workspaces"

    def ready(self):
        """A committed change to an API key or a workspace invalidates every process's
        verified-key cache (actions.api_key_authenticate)."""
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from .actions import api_auth_version_bump
        from .models import ApiKey, Workspace

        def changed(sender, using="default", **kwargs):
            # Now (this process must not trust its cache any more) and after commit (another
            # process may have cached the row as it was before the commit).
            api_auth_version_bump()
            transaction.on_commit(api_auth_version_bump, using=using)

        for model in (ApiKey, Workspace):
            post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"auth-s-{model}")
            post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"auth-d-{model}")
