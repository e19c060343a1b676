"""Pages for signing up, workspaces, members, invitations and API keys."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from keyloop.lib.ratelimit import Limited, check_rate, client_ip, limited_message, too_many
from keyloop.lib.web import error_text, safe_next

from . import access, actions, login_links, queries
from .forms import (
    ApiKeyForm,
    EmailAuthenticationForm,
    InvitationForm,
    LoginLinkForm,
    QueuedPasswordResetForm,
    RoleForm,
    SignupForm,
    WorkspaceForm,
    WorkspaceSettingsForm,
)
from .models import Role, normalize_email


def team_view(admin: bool = False):
    """Resolve /<slug>/admin/… through access.py and remember it for the templates."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            if not request.user.is_authenticated:
                # Say nothing about whether the workspace exists; just ask for a login.
                return redirect(f"{reverse('login')}?next={request.get_full_path()}")
            membership = access.access_membership(slug=slug, user=request.user, admin=admin)
            request.workspace = membership.workspace
            request.membership = membership
            return view(request, membership, *args, **kwargs)

        return wrapper

    return decorator


def _is_invitation_url(url: str) -> bool:
    try:
        return bool(url) and resolve(url).url_name == "invitation_accept"
    except Resolver404:
        return False


def home(request):
    if not request.user.is_authenticated:
        return render(request, "accounts/landing.html")
    return render(
        request, "accounts/home.html", {"memberships": queries.user_workspaces(user=request.user)}
    )


def signup(request):
    next_url = safe_next(request)
    # Arriving from an invitation: no workspace of one's own is needed.
    joining = _is_invitation_url(next_url)
    if request.user.is_authenticated:
        return redirect(next_url or "home")
    form = SignupForm(request.POST or None)
    workspace_form = WorkspaceForm(request.POST or None, prefix="workspace")
    if request.method == "POST":
        forms_valid = form.is_valid() & (joining or workspace_form.is_valid())
        if forms_valid:
            try:
                with transaction.atomic():
                    user = actions.user_signup(
                        email=form.cleaned_data["email"],
                        password=form.cleaned_data["password"],
                        name=form.cleaned_data["name"],
                    )
                    workspace = None
                    if not joining:
                        workspace = actions.workspace_create(
                            name=workspace_form.cleaned_data["name"],
                            slug=workspace_form.cleaned_data["slug"],
                            owner=user,
                        )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                if workspace is None:
                    return redirect(next_url)
                messages.success(request, f"Welcome to Keyloop! {workspace.name} is ready.")
                return redirect("team_dashboard", slug=workspace.slug)
    return render(
        request,
        "accounts/signup.html",
        {"form": form, "workspace_form": workspace_form, "joining": joining, "next": next_url},
    )


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


def login_link_request(request):
    """Log in without the password: a link to the account's e-mail (15 minutes, once)."""
    if request.user.is_authenticated:
        return redirect(safe_next(request) or "home")
    form = LoginLinkForm(request.POST or None)
    context = {"form": form, "next": safe_next(request), "sent": request.GET.get("sent") == "1"}
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            check_rate(
                action="magic_link",
                keys=[f"ip:{client_ip(request)}", f"email:{normalize_email(email)}"],
            )
        except Limited as limited:
            form.add_error(None, limited_message(limited))
            return too_many(render(request, "accounts/login_link_request.html", context), limited)
        # The same answer whether or not the address has an account.
        login_links.login_link_send(email=email, next_url=context["next"])
        query = urlencode({"sent": 1, **({"next": context["next"]} if context["next"] else {})})
        return redirect(reverse("login_link_request") + "?" + query)
    return render(request, "accounts/login_link_request.html", context)


def login_link(request, token):
    """GET asks for a click (mail scanners open links too); POST logs in."""
    found = login_links.login_link_read(token)
    if found is None:
        return _bad_login_link(request)
    user, next_url = found
    if request.method != "POST":
        return render(request, "accounts/login_link.html", {"link_user": user})
    if not login_links.login_link_use(user):  # the same link, clicked twice at once
        return _bad_login_link(request)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    target = next_url if url_has_allowed_host_and_scheme(next_url, None) else ""
    return redirect(target or "home")


def _bad_login_link(request):
    """The form for a new link, saying the old one is expired, used or not valid."""
    context = {"form": LoginLinkForm(), "next": "", "bad_link": True}
    return render(request, "accounts/login_link_request.html", context, status=400)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = QueuedPasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"

    @property
    def extra_email_context(self):
        return {"base_url": settings.BASE_URL}


@login_required
def workspace_new(request):
    form = WorkspaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workspace = actions.workspace_create(
                name=form.cleaned_data["name"], slug=form.cleaned_data["slug"], owner=request.user
            )
        except ValidationError as error:
            form.add_error("slug", error)
        else:
            messages.success(request, f"{workspace.name} is ready.")
            return redirect("team_dashboard", slug=workspace.slug)
    return render(request, "accounts/workspace_new.html", {"form": form})


def invitation_accept(request, token):
    invitation = access.access_invitation_by_token(token=token)
    error = ""
    if invitation.accepted_at is not None:
        error = "This invitation has already been used."
    elif invitation.is_expired:
        error = "This invitation has expired. Ask whoever invited you for a new one."
    if request.method == "POST" and not error and request.user.is_authenticated:
        try:
            actions.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as exc:
            error = error_text(exc)
        else:
            messages.success(request, f"You joined {invitation.workspace.name}.")
            return redirect("team_dashboard", slug=invitation.workspace.slug)
    status = 410 if error and invitation.accepted_at is None else 200
    return render(
        request,
        "accounts/invitation.html",
        {"invitation": invitation, "error": error, "path": request.path},
        status=status,
    )


@team_view()
def team_dashboard(request, membership):
    return render(
        request,
        "accounts/dashboard.html",
        {
            "members": queries.workspace_members(workspace=membership.workspace),
            "invitations": queries.workspace_pending_invitations(workspace=membership.workspace),
        },
    )


@team_view()
def members(request, membership):
    workspace = membership.workspace
    form = InvitationForm(request.POST or None, can_invite_owner=membership.role == Role.OWNER)
    if request.method == "POST":
        if not membership.is_admin:
            messages.error(request, "Only owners and admins can invite people.")
            return redirect("members", slug=workspace.slug)
        if form.is_valid():
            try:
                invitation, _token = actions.invitation_create(
                    workspace=workspace,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    invited_by=request.user,
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(request, f"Invitation sent to {invitation.email}.")
                return redirect("members", slug=workspace.slug)
    members = list(queries.workspace_members(workspace=workspace))
    return render(
        request,
        "accounts/members.html",
        {
            "form": form,
            "members": members,
            "owner_count": sum(1 for m in members if m.role == Role.OWNER),
            "invitations": queries.workspace_pending_invitations(workspace=workspace),
            "roles": Role.choices,
        },
    )


@team_view(admin=True)
@require_POST
def member_role(request, membership, membership_id):
    target = access.access_member_by_id(workspace=membership.workspace, membership_id=membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a valid role.")
    else:
        try:
            actions.membership_change_role(
                membership=target, role=form.cleaned_data["role"], actor=membership
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, f"{target.user.email} is now {target.get_role_display()}.")
    return redirect("members", slug=membership.workspace.slug)


@team_view()
@require_POST
def member_remove(request, membership, membership_id):
    target = access.access_member_by_id(workspace=membership.workspace, membership_id=membership_id)
    leaving = target.pk == membership.pk
    try:
        actions.membership_remove(membership=target, actor=membership)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("members", slug=membership.workspace.slug)
    if leaving:
        messages.success(request, f"You left {membership.workspace.name}.")
        return redirect("home")
    messages.success(request, f"{target.user.email} was removed.")
    return redirect("members", slug=membership.workspace.slug)


@team_view(admin=True)
@require_POST
def invitation_revoke(request, membership, invitation_id):
    invitation = access.access_invitation_by_id(
        workspace=membership.workspace, invitation_id=invitation_id
    )
    actions.invitation_revoke(invitation=invitation)
    messages.success(request, f"The invitation for {invitation.email} was withdrawn.")
    return redirect("members", slug=membership.workspace.slug)


@team_view(admin=True)
def workspace_settings(request, membership):
    workspace = membership.workspace
    form = WorkspaceSettingsForm(request.POST or None, initial={"name": workspace.name})
    if request.method == "POST" and form.is_valid():
        actions.workspace_update(workspace=workspace, name=form.cleaned_data["name"])
        messages.success(request, "Settings saved.")
        return redirect("workspace_settings", slug=workspace.slug)
    return render(request, "accounts/settings.html", {"form": form})


@team_view(admin=True)
def api_keys(request, membership):
    workspace = membership.workspace
    form = ApiKeyForm(request.POST or None)
    new_key = ""
    if request.method == "POST" and form.is_valid():
        scopes = ("read", "write") if form.cleaned_data["write"] else ("read",)
        try:
            api_key, new_key = actions.api_key_create(
                workspace=workspace,
                name=form.cleaned_data["name"],
                created_by=request.user,
                scopes=scopes,
            )
        except ValidationError as error:
            form.add_error("name", error)
        else:
            form = ApiKeyForm()
    return render(
        request,
        "accounts/api_keys.html",
        {
            "form": form,
            "new_key": new_key,
            "api_keys": queries.workspace_api_keys(workspace=workspace),
        },
    )


@team_view(admin=True)
@require_POST
def api_key_revoke(request, membership, api_key_id):
    api_key = access.access_api_key_by_id(workspace=membership.workspace, api_key_id=api_key_id)
    actions.api_key_revoke(api_key=api_key)
    messages.success(request, f"The key “{api_key.name}” was revoked; it no longer works.")
    return redirect("api_keys", slug=membership.workspace.slug)
