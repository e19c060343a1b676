import keyloop.accounts.models
from django.db import migrations, models


def give_each_workspace_its_own_secrets(apps, schema_editor):
    """AddField evaluates a callable default once; every existing workspace needs its own."""
    Workspace = apps.get_model("accounts", "Workspace")
    for workspace in Workspace.objects.all():
        workspace.sso_secret = keyloop.accounts.models.new_secret()
        workspace.inbound_email_secret = keyloop.accounts.models.new_secret()
        workspace.save(update_fields=["sso_secret", "inbound_email_secret"])


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_idempotent_request"),
    ]

    operations = [
        migrations.AddField(
            model_name="workspace",
            name="inbound_email_secret",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="workspace",
            name="slack_signing_secret",
            field=models.CharField(blank=True, editable=False, max_length=128),
        ),
        migrations.AddField(
            model_name="workspace",
            name="sso_secret",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(give_each_workspace_its_own_secrets, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="workspace",
            name="inbound_email_secret",
            field=models.CharField(
                default=keyloop.accounts.models.new_secret, editable=False, max_length=64
            ),
        ),
        migrations.AlterField(
            model_name="workspace",
            name="sso_secret",
            field=models.CharField(
                default=keyloop.accounts.models.new_secret, editable=False, max_length=64
            ),
        ),
    ]
