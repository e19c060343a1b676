"""Every write of the accounts app. Each runs in one transaction; mail leaves after commit."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from keyloop.lib import versions
from keyloop.lib.apicache import forget_api_key

from .models import (
    RESERVED_SLUGS,
    ApiKey,
    Invitation,
    Membership,
    Role,
    User,
    Workspace,
    hash_token,
    new_secret,
    normalize_email,
    slug_validator,
)
from .signals import workspace_created
from .tasks import send_account_email

API_SCOPES = ("read", "write")


def validate_workspace_slug(slug: str) -> str:
    slug = slug.strip().lower()
    slug_validator(slug)
    if slug in RESERVED_SLUGS:
        raise ValidationError("This address is reserved; please choose another.", code="reserved")
    if Workspace.objects.filter(slug=slug).exists():
        raise ValidationError("This address is already taken.", code="taken")
    return slug


def user_signup(*, email: str, password: str, name: str = "") -> User:
    email = normalize_email(email)
    if User.objects.filter(email=email).exists():
        raise ValidationError("An account with this e-mail already exists.", code="taken")
    return User.objects.create_user(email=email, password=password, name=name.strip())


@transaction.atomic
def workspace_create(*, name: str, slug: str, owner: User) -> Workspace:
    slug = validate_workspace_slug(slug)
    try:
        with transaction.atomic():
            workspace = Workspace.objects.create(name=name.strip(), slug=slug)
    except IntegrityError:  # lost a race for the same slug
        raise ValidationError("This address is already taken.", code="taken") from None
    Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    workspace_created.send(sender=Workspace, workspace=workspace)
    return workspace


def invitation_url(token: str) -> str:
    return settings.BASE_URL + reverse("invitation_accept", args=[token])


@transaction.atomic
def invitation_create(
    *, workspace: Workspace, email: str, role: str, invited_by: User
) -> tuple[Invitation, str]:
    """Invite `email` with `role`; returns the invitation and its secret token."""
    email = normalize_email(email)
    if role not in Role.values:
        raise ValidationError("Unknown role.", code="role")
    if Membership.objects.filter(workspace=workspace, user__email=email).exists():
        raise ValidationError(f"{email} is already a member of {workspace}.", code="member")
    # A new invitation replaces any earlier pending one for the same address.
    Invitation.objects.filter(workspace=workspace, email=email, accepted_at=None).delete()
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        workspace=workspace,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_TTL_DAYS),
    )
    context = {
        "workspace": workspace,
        "invitation": invitation,
        "inviter": invited_by,
        "url": invitation_url(token),
        "days": settings.INVITATION_TTL_DAYS,
    }
    transaction.on_commit(
        lambda: send_account_email.enqueue(
            to=email,
            subject=f"{invited_by.display_name} invited you to {workspace.name} on Keyloop",
            text=render_to_string("accounts/email/invitation.txt", context),
            html=render_to_string("accounts/email/invitation.html", context),
        )
    )
    return invitation, token


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation has already been used.", code="used")
    if invitation.is_expired:
        raise ValidationError("This invitation has expired. Ask for a new one.", code="expired")
    if normalize_email(user.email) != invitation.email:
        raise ValidationError(
            f"This invitation is for {invitation.email}; you are logged in as {user.email}.",
            code="email",
        )
    membership, created = Membership.objects.get_or_create(
        workspace=invitation.workspace, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def invitation_revoke(*, invitation: Invitation) -> None:
    invitation.delete()


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor: Membership) -> Membership:
    if role not in Role.values:
        raise ValidationError("Unknown role.", code="role")
    if actor.role != Role.OWNER:
        raise ValidationError("Only an owner can change roles.", code="forbidden")
    if membership.role == Role.OWNER and role != Role.OWNER:
        _ensure_another_owner(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: Membership) -> None:
    if membership.pk != actor.pk:
        if not actor.is_admin:
            raise ValidationError("Only admins can remove members.", code="forbidden")
        if membership.role == Role.OWNER and actor.role != Role.OWNER:
            raise ValidationError("Only an owner can remove an owner.", code="forbidden")
    if membership.role == Role.OWNER:
        _ensure_another_owner(membership)
    membership.delete()


def _ensure_another_owner(membership: Membership) -> None:
    others = Membership.objects.filter(workspace=membership.workspace, role=Role.OWNER).exclude(
        pk=membership.pk
    )
    if not others.exists():
        raise ValidationError("A workspace needs at least one owner.", code="last_owner")


def workspace_update(*, workspace: Workspace, name: str) -> Workspace:
    workspace.name = name.strip()
    workspace.save(update_fields=["name"])
    return workspace


# Secrets a workspace's channels authenticate with; Slack's is pasted in from the Slack app.
ROTATABLE_SECRETS = {"sso": "sso_secret", "inbound_email": "inbound_email_secret"}
SLACK_SECRET_MIN, SLACK_SECRET_MAX = 16, 128


def workspace_secret_rotate(*, workspace: Workspace, which: str) -> str:
    """Replace the SSO or inbound e-mail secret; whatever used the old one stops working."""
    if which not in ROTATABLE_SECRETS:
        raise ValidationError("Unknown secret.", code="secret")
    field = ROTATABLE_SECRETS[which]
    setattr(workspace, field, new_secret())
    workspace.save(update_fields=[field])
    return getattr(workspace, field)


def workspace_slack_secret_set(*, workspace: Workspace, secret: str) -> Workspace:
    """Set the Slack app's signing secret; an empty one turns the Slack endpoints off."""
    secret = (secret or "").strip()
    if secret and not (SLACK_SECRET_MIN <= len(secret) <= SLACK_SECRET_MAX):
        raise ValidationError(
            f"A Slack signing secret has {SLACK_SECRET_MIN} to {SLACK_SECRET_MAX} characters "
            "(Slack shows 32); copy it again from the app's Basic Information page.",
            code="length",
        )
    if secret and not all("!" <= c <= "~" for c in secret):  # printable ASCII, no spaces
        raise ValidationError(
            "A Slack signing secret has no spaces or accented letters.", code="characters"
        )
    workspace.slack_signing_secret = secret
    workspace.save(update_fields=["slack_signing_secret"])
    return workspace


def api_key_create(
    *, workspace: Workspace, name: str, created_by: User | None, scopes=API_SCOPES
) -> tuple[ApiKey, str]:
    """Create a key; the raw key is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError("Give the key a name.", code="name")
    if len(name) > ApiKey._meta.get_field("name").max_length:
        raise ValidationError("The name is too long (80 characters at most).", code="name")
    unknown = set(scopes) - set(API_SCOPES)
    if unknown:
        raise ValidationError(f"Unknown scopes: {', '.join(sorted(unknown))}.", code="scopes")
    raw = ApiKey.generate()
    api_key = ApiKey.objects.create(
        workspace=workspace,
        name=name,
        key_hash=hash_token(raw),
        hint=raw[:10],
        scopes=list(scopes),
        created_by=created_by,
    )
    return api_key, raw


def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
        # Cached API answers are served only to recently verified keys: forget this one now.
        forget_api_key(api_key.key_hash)
    return api_key


# Keys verified by this process, by hash: (auth version, when verified, key fields, workspace
# fields). A hit costs one stat() of the shared stamp (lib/versions.py) instead of a query. Every
# committed save or delete of an API key or a workspace changes the version (accounts/apps.py),
# so a revoked key or a changed workspace is seen by every process on its next request.
_AUTH_VERSION = "api-auth"
_VERIFIED_SECONDS = 60
_VERIFIED_MAX = 1000
_verified: dict[str, tuple] = {}


def api_auth_version() -> str:
    return versions.current(_AUTH_VERSION)


def api_auth_version_bump() -> None:
    versions.bump(_AUTH_VERSION)


def _fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def api_key_authenticate(*, raw: str) -> ApiKey | None:
    """The active key matching `raw`, with its last-used time refreshed (at most once a minute)."""
    if not raw or not raw.startswith(ApiKey.PREFIX):
        return None
    key_hash, version, now = hash_token(raw), api_auth_version(), timezone.now()
    hit = _verified.get(key_hash)
    if hit and hit[0] == version and (now - hit[1]).total_seconds() < _VERIFIED_SECONDS:
        api_key = ApiKey(**hit[2])  # fresh objects: no request shares another's instances
        api_key.workspace = Workspace(**hit[3])
    else:
        try:
            api_key = ApiKey.objects.select_related("workspace").get(
                key_hash=key_hash, revoked_at=None
            )
        except ApiKey.DoesNotExist:
            _verified.pop(key_hash, None)
            return None
        if len(_verified) >= _VERIFIED_MAX:
            _verified.clear()
        hit = _verified[key_hash] = (version, now, _fields(api_key), _fields(api_key.workspace))
    if api_key.last_used_at is None or now - api_key.last_used_at > timedelta(minutes=1):
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = hit[2]["last_used_at"] = now
    return api_key
