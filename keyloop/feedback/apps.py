from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "keyloop.feedback"
    label = "feedback"
    verbose_name = "Feedback boards"

    def ready(self):
        from keyloop.accounts.signals import workspace_created

        from .actions import workspace_defaults_create

        workspace_created.connect(
            lambda sender, workspace, **kwargs: workspace_defaults_create(workspace=workspace),
            weak=False,
            dispatch_uid="feedback_workspace_defaults",
        )
        self._connect_page_cache_invalidation()

    def _connect_page_cache_invalidation(self):
        """Any committed change to what the portal shows makes cached portal pages stale."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from keyloop.accounts.models import Company, Person, Workspace
        from keyloop.lib.pagecache import bump_content_version
        from keyloop.lib.transactions import on_commit_once

        from . import models

        def changed(sender, using="default", **kwargs):
            # A person or company just created shows nowhere yet: what they do next (vote,
            # comment) bumps. Keeps feedback ingestion from rewriting the version per item.
            if kwargs.get("created") and sender in (Person, Company):
                return
            on_commit_once("content-version", bump_content_version, using=using)

        watched = [
            models.Board, models.Status, models.Tag, models.Idea, models.Vote, models.Comment,
            models.ChangelogEntry, models.IdeaActivity, Workspace, Person, Company,
        ]  # fmt: skip
        for model in watched:
            post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"pc-s-{model}")
            post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"pc-d-{model}")
        for through in (models.Idea.tags.through, models.ChangelogEntry.ideas.through):
            m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=f"pc-m-{through}")
