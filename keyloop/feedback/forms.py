"""Forms of the feedback pages: the team's section and the portal's section."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BODY_MAX, COMMENT_MAX, TITLE_MAX, StatusCategory, color_validator

# --- team forms ---------------------------------------------------------------------------
# Forms of the team pages (/<workspace>/admin/…). Object ids (status, board, tag, owner,
# ideas) are plain integers here: views resolve them through access.py, which 404s anything
# outside the workspace.


class ColorInput(forms.TextInput):
    input_type = "color"


def _color_field():
    return forms.CharField(
        label=_("Colour"),
        max_length=7,
        validators=[color_validator],
        widget=ColorInput(),
        error_messages={"required": _("Choose a colour.")},
    )


class BoardForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        error_messages={"required": _("Give the board a name.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown at the top of the board on your portal."),
    )
    is_private = forms.BooleanField(
        label=_("Private"),
        required=False,
        help_text=_("Only team members can see a private board and its ideas."),
    )
    is_locked = forms.BooleanField(
        label=_("Closed to new ideas and comments"),
        required=False,
        help_text=_("Customers can still read and vote, but not post or comment."),
    )


class StatusForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=40, error_messages={"required": _("Give the status a name.")}
    )
    color = _color_field()
    category = forms.ChoiceField(
        label=_("Category"),
        choices=StatusCategory.choices,
    )


class TagForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=40, error_messages={"required": _("Give the tag a name.")}
    )
    color = _color_field()


class IdeaEditForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Give the idea a title.")},
    )
    body = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: **bold**, _italic_, lists, links, `code`."),
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput(),
        min_value=1,
        error_messages={"required": _("Reload the page and edit again.")},
    )


class IdeaStatusForm(forms.Form):
    status = forms.IntegerField(error_messages={"required": _("Choose a status.")})
    comment = forms.CharField(
        label=_("Public comment (optional)"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to customers on the idea page."),
    )
    quiet = forms.BooleanField(
        label=_("Don’t notify anyone (a minor change)"), required=False,
        help_text=_("Webhooks still get the event."),
    )  # fmt: skip


class IdeaOwnerForm(forms.Form):
    # A membership id of the workspace, or empty for “nobody”.
    owner = forms.IntegerField(required=False)


class IdeaEtaForm(forms.Form):
    eta = forms.DateField(
        label=_("ETA"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date like 2026-03-31.")},
    )


class IdeaBoardForm(forms.Form):
    board = forms.IntegerField(error_messages={"required": _("Choose a board.")})


class IdeaPinForm(forms.Form):
    pinned = forms.TypedChoiceField(
        choices=[("1", "pin"), ("0", "unpin")], coerce=lambda value: value == "1"
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the note first.")},
        help_text=_("Only your team sees notes. Markdown works."),
    )


class IdeaFilterForm(forms.Form):
    """The ideas list's filters, read from the query string."""

    SORTS = [
        ("new", _("Newest")),
        ("top", _("Most votes")),
        ("trending", _("Trending")),
        ("updated", _("Recently updated")),
        ("old", _("Oldest")),
    ]
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    board = forms.IntegerField(label=_("Board"), required=False)
    status = forms.IntegerField(label=_("Status"), required=False)
    tag = forms.IntegerField(label=_("Tag"), required=False)
    category = forms.ChoiceField(choices=StatusCategory.choices, required=False)
    owner = forms.CharField(label=_("Owner"), required=False, max_length=20)
    sort = forms.ChoiceField(label=_("Sort"), choices=SORTS, required=False)
    view = forms.ChoiceField(choices=[("", _("Ideas")), ("deleted", _("Deleted"))], required=False)


class ChangelogForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Give the entry a title.")},
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown: **bold**, _italic_, lists, links, `code`."),
    )
    mark_shipped = forms.BooleanField(
        label=_("Mark linked ideas as shipped"),
        required=False,
        initial=True,
        help_text=_("When you publish, linked ideas move to your first “shipped” status."),
    )
    quiet = forms.BooleanField(
        label=_("Don’t notify the people who asked"), required=False,
        help_text=_("Otherwise each person who asked for a linked idea gets one e-mail for "
                    "the whole entry."),
    )  # fmt: skip


class ChangelogPublishForm(forms.Form):
    mark_shipped = forms.BooleanField(required=False)


# --- portal forms -------------------------------------------------------------------------
# Public forms carry a honeypot: a text field people never see (feedback/portal/_honeypot.html)
# that form-filling bots do fill. A filled one is dropped while looking accepted.

HONEYPOT_FIELD = "website"


def honeypot_filled(request) -> bool:
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())


# Forms of the customer portal (/<workspace>/…). Anonymous visitors give an e-mail (and an
# optional name) in the same form as what they post; known visitors see only the content.

PERSON_NAME_MAX = 200


class PortalIdentityMixin:
    """Adds e-mail and name fields when the visitor is not known yet."""

    def __init__(self, *args, ask_identity: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if ask_identity:
            self.fields["email"] = forms.EmailField(
                label=_("Your e-mail"),
                max_length=254,
                error_messages={
                    "required": _("Give your e-mail so we can tell you when this changes."),
                    "invalid": _("Enter an e-mail address like you@example.com."),
                },
                widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                help_text=_("Never shown publicly."),
            )
            self.fields["name"] = forms.CharField(
                label=_("Your name (optional)"),
                max_length=PERSON_NAME_MAX,
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "name"}),
                help_text=_("Shown next to what you post."),
            )


class PortalIdeaForm(PortalIdentityMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={
            "required": _("Give your idea a title."),
            "max_length": _(
                "Keep the title to %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
        widget=forms.TextInput(attrs={"placeholder": _("Short, like “Export reports to CSV”")}),
    )
    body = forms.CharField(
        label=_("Description (optional)"),
        required=False,
        max_length=BODY_MAX,
        error_messages={
            "max_length": _(
                "Keep the description to %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("What problem would it solve for you? Markdown works: **bold**, lists, links."),
    )


class PortalCommentForm(PortalIdentityMixin, forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX,
        error_messages={
            "required": _("Write something first."),
            "max_length": _(
                "Keep the comment to %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput(), min_value=1)


class PortalVoteForm(PortalIdentityMixin, forms.Form):
    """Only the identity fields: a known visitor's vote needs no input at all."""


class PortalLoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like you@example.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
