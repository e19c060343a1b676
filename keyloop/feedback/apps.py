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
