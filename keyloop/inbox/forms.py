"""Forms of the team's inbox pages. Object ids (items, ideas, boards) are plain integers here:
views resolve them through access.py, which 404s anything outside the workspace."""

from django import forms
from django.utils.translation import gettext_lazy as _

from keyloop.feedback.models import BODY_MAX, TITLE_MAX, Channel

from .actions import BULK_ACTIONS
from .models import FeedbackState, Sentiment

# The tabs of the inbox, in order: every state, and "all" (everything but spam).
STATE_TABS = ("new", "linked", "dismissed", "spam", "all")
SENTIMENTS = (*Sentiment.values, "unscored")


class InboxFilterForm(forms.Form):
    """The inbox's filters; a value that does not parse is simply not applied."""

    state = forms.ChoiceField(choices=[(s, s) for s in STATE_TABS], required=False)
    channel = forms.ChoiceField(choices=Channel.choices, required=False)
    sentiment = forms.ChoiceField(choices=[(s, s) for s in SENTIMENTS], required=False)
    company = forms.IntegerField(required=False, min_value=1)
    segment = forms.CharField(required=False, max_length=80)
    q = forms.CharField(required=False, max_length=200)
    cursor = forms.CharField(required=False, max_length=1000)

    FILTERS = ("channel", "sentiment", "company", "segment", "q")


class LinkForm(forms.Form):
    idea = forms.IntegerField(
        min_value=1, error_messages={"required": _("Choose the idea to link the feedback to.")}
    )


class StateForm(forms.Form):
    state = forms.ChoiceField(
        choices=[
            (FeedbackState.NEW, _("Reopen")),
            (FeedbackState.DISMISSED, _("Dismiss")),
            (FeedbackState.SPAM, _("Spam")),
        ],
        error_messages={"required": _("Choose what to do with the item.")},
    )


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in BULK_ACTIONS],
        error_messages={"required": _("Choose what to do with the selected items.")},
    )
    idea = forms.IntegerField(required=False, min_value=1)


class NewIdeaForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Give the idea a title.")},
    )
    body = forms.CharField(
        label=_("Description"),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown. Starts with the customer's words; edit them freely."),
    )
    board = forms.TypedChoiceField(
        label=_("Board"), coerce=int, error_messages={"required": _("Choose a board.")}
    )

    def __init__(self, *args, boards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].choices = [
            (board.pk, f"{board.name} (private)" if board.is_private else board.name)
            for board in boards
        ]
