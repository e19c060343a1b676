from django.apps import AppConfig

# Saving an idea with only these fields changed says nothing new about what it asks for.
_COUNTERS = {"vote_count", "comment_count", "trending_score", "updated_at", "version"}


class DedupConfig(AppConfig):
    name = "keyloop.dedup"
    label = "dedup"
    verbose_name = "Duplicate detection"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from keyloop.feedback.models import Board, Idea, IdeaActivity
        from keyloop.inbox.models import FeedbackItem

        from . import index
        from .models import Embedding
        from .tasks import embeddings_refresh_soon

        def idea_changed(sender, instance, update_fields=None, **kwargs):
            if update_fields is not None and set(update_fields) <= _COUNTERS:
                return
            index.changed(instance.workspace_id)
            if kwargs.get("signal") is not post_delete:
                embeddings_refresh_soon()

        def board_changed(sender, instance, **kwargs):  # privacy decides who sees its ideas
            index.changed(instance.workspace_id)

        def idea_activity(sender, instance, created=False, **kwargs):
            # Edits, merges and unmerges are .update()s (no Idea signal) that log an activity.
            if created:
                idea_changed(Idea, instance.idea)

        def feedback_changed(sender, instance, created=False, update_fields=None, **kwargs):
            if update_fields is None or {"title", "text"} & set(update_fields):
                if not created:  # a reply appended, say: the refresh embeds items without one
                    Embedding.objects.filter(
                        kind=Embedding.Kind.FEEDBACK, object_id=instance.pk
                    ).delete()
                embeddings_refresh_soon()

        post_save.connect(idea_changed, sender=Idea, weak=False, dispatch_uid="dedup-idea-s")
        post_delete.connect(idea_changed, sender=Idea, weak=False, dispatch_uid="dedup-idea-d")
        post_save.connect(
            idea_activity, sender=IdeaActivity, weak=False, dispatch_uid="dedup-activity"
        )
        post_save.connect(board_changed, sender=Board, weak=False, dispatch_uid="dedup-board")
        post_save.connect(
            feedback_changed, sender=FeedbackItem, weak=False, dispatch_uid="dedup-feedback"
        )
