"""Forms of the notification pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .events import WEBHOOK_KINDS, Kind


class PreferencesForm(forms.Form):
    idea_updates = forms.BooleanField(
        label=_("Updates about this idea"), required=False,
        help_text=_("Status changes and when it ships."),
    )  # fmt: skip
    workspace_updates = forms.BooleanField(
        label=_("Updates about any idea I asked for"), required=False,
        help_text=_("Off: nothing from this workspace, by e-mail or in the portal."),
    )  # fmt: skip
    email_updates = forms.BooleanField(
        label=_("Send them by e-mail"), required=False,
        help_text=_("Off: you still see them in the portal. Login links always come."),
    )  # fmt: skip

    def __init__(self, *args, with_idea: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_idea:
            del self.fields["idea_updates"]


class WebhookEndpointForm(forms.Form):
    url = forms.URLField(
        label=_("Endpoint URL"), max_length=500, assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://example.com/hooks/keyloop"}),
    )  # fmt: skip
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    event_types = forms.MultipleChoiceField(
        label=_("Events"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(kind.value, kind.label) for kind in Kind if kind in WEBHOOK_KINDS],
        help_text=_("None ticked: every event."),
    )  # fmt: skip
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["is_active"]
        else:
            self.fields["is_active"].help_text = _(
                "Off: no deliveries. Turning it on again clears the failure clock."
            )

    def clean(self):
        data = super().clean()
        data.setdefault("is_active", True)
        return data
