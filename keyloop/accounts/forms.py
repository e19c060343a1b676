from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import actions
from .models import ApiKey, Role, User, Workspace, normalize_email
from .tasks import send_account_email


class SignupForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    email = forms.EmailField(label=_("Work e-mail"), max_length=254)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not entirely numeric, not a common password."),
    )

    def clean_email(self):
        email = normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email=email).exists():
            raise ValidationError(
                _("An account with this e-mail already exists. Log in instead."), code="taken"
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            probe = User(email=cleaned.get("email", ""), name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(password, probe)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


class WorkspaceForm(forms.Form):
    name = forms.CharField(
        label=_("Workspace name"), max_length=Workspace._meta.get_field("name").max_length
    )
    slug = forms.CharField(
        label=_("Portal address"),
        max_length=40,
        help_text=_("Your public portal lives at /<address>/. Lowercase letters, digits, hyphens."),
    )

    def clean_slug(self):
        return actions.validate_workspace_slug(self.cleaned_data["slug"])


class WorkspaceSettingsForm(forms.Form):
    name = forms.CharField(
        label=_("Workspace name"), max_length=Workspace._meta.get_field("name").max_length
    )


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autofocus": True})
    )
    error_messages = {
        "invalid_login": _("That e-mail and password do not match an account."),
        "inactive": _("This account is inactive."),
    }


class LoginLinkForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the e-mail is sent by the worker, not the request."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email,
        html_email_template_name=None,
    ):  # fmt: skip
        from django.template import loader

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        text = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else ""
        )
        send_account_email.enqueue(to=to_email, subject=subject, text=text, html=html)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)

    def __init__(self, *args, can_invite_owner: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_invite_owner:
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.OWNER]


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Key name"),
        max_length=ApiKey._meta.get_field("name").max_length,
        help_text=_("Where the key is used, e.g. “Zapier” or “Billing sync”."),
    )
    write = forms.BooleanField(
        label=_("Allow writes"), required=False, initial=True,
        help_text=_("Without it the key can only read."),
    )  # fmt: skip
