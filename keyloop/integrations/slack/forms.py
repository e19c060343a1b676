from django import forms


class SlackSecretForm(forms.Form):
    secret = forms.CharField(
        label="Signing secret",
        max_length=200,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="Slack app → Basic Information → App Credentials → Signing Secret.",
        error_messages={"required": "Paste the signing secret from your Slack app."},
    )
