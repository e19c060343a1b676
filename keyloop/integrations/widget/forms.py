"""The widget panel's feedback form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from keyloop.inbox.models import FEEDBACK_TEXT_MAX


class WidgetFeedbackForm(forms.Form):
    text = forms.CharField(
        label=_("Your feedback"),
        max_length=FEEDBACK_TEXT_MAX,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": _("What would make this better for you?")}
        ),
        error_messages={
            "required": _("Write your feedback first."),
            "max_length": _("Keep it to %(limit_value)d characters (it has %(show_value)d)."),
        },
    )

    def __init__(self, *args, ask_email: bool = True, **kwargs):
        super().__init__(*args, auto_id="widget-%s", **kwargs)
        if ask_email:
            self.fields["email"] = forms.EmailField(
                label=_("Your e-mail (optional)"),
                max_length=254,
                required=False,
                widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                help_text=_("Only if you would like a reply. Never shown publicly."),
                error_messages={"invalid": _("Enter an e-mail address like you@example.com.")},
            )
