"""Team members, workspaces (tenants), memberships, invitations, customers and API keys."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Top-level paths that a workspace slug must never shadow.
RESERVED_SLUGS = frozenset(
    {
        "about", "accounts", "admin", "api", "app", "auth", "django-admin", "docs", "healthz",
        "help", "invite", "invitations", "login", "logout", "media", "new", "password-reset",
        "reset", "settings", "signup", "static", "status", "support", "widget", "workspaces",
        "www",
    }
)  # fmt: skip

slug_validator = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$",
    _("Use 3–40 lowercase letters, digits or hyphens, starting and ending with a letter or digit."),
)


def normalize_email(email: str) -> str:
    return email.strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("Users need an e-mail address.")
        user = self.model(email=normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email=normalize_email(email))


class User(AbstractBaseUser, PermissionsMixin):
    """A team member who logs in with e-mail and password."""

    email = models.EmailField(_("e-mail"), max_length=254, unique=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@")[0]


def new_secret() -> str:
    """A random secret for a workspace channel (43 URL-safe characters, 256 bits)."""
    return secrets.token_urlsafe(32)


class Workspace(models.Model):
    """A tenant: every other object belongs to exactly one workspace."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=40, unique=True, validators=[slug_validator])
    created_at = models.DateTimeField(default=timezone.now)
    members = models.ManyToManyField(User, through="Membership", related_name="workspaces")
    portal_require_confirmation = models.BooleanField(
        _("ask anonymous customers to confirm their e-mail"),
        default=True,
        help_text=_(
            "Ideas and votes from an e-mail address become public once its owner clicks the "
            "link we send. Turn off to publish them at once."
        ),
    )

    # Channel secrets. The SSO secret signs customers' identity tokens (HS256); the inbound
    # secret is the capability in the inbound e-mail URL; Slack's comes from the Slack app.
    sso_secret = models.CharField(max_length=64, default=new_secret, editable=False)
    inbound_email_secret = models.CharField(max_length=64, default=new_secret, editable=False)
    slack_signing_secret = models.CharField(max_length=128, blank=True, editable=False)

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Admin")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)
    # The team digest: a daily e-mail with new feedback and the ideas gaining votes.
    daily_digest = models.BooleanField(default=False)
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="one_membership_per_user")
        ]

    def __str__(self):
        return f"{self.user} in {self.workspace} ({self.role})"

    @property
    def is_admin(self) -> bool:
        return self.role in (Role.OWNER, Role.ADMIN)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """An e-mailed link that lets someone join a workspace with a role until it expires."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"Invitation of {self.email} to {self.workspace}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and not self.is_expired


class Company(models.Model):
    """A customer organisation; filled by the SSO token, the API or an import."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="companies")
    name = models.CharField(max_length=200)
    external_id = models.CharField(max_length=200, blank=True)
    plan = models.CharField(max_length=80, blank=True)
    segment = models.CharField(max_length=80, blank=True)
    mrr_cents = models.PositiveBigIntegerField(
        _("monthly revenue (cents)"), default=0, validators=[MinValueValidator(0)]
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "companies"
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "external_id"],
                condition=~Q(external_id=""),
                name="company_external_id_unique_per_workspace",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def mrr(self) -> float:
        return self.mrr_cents / 100


class Person(models.Model):
    """A customer known to a workspace (voter, commenter, feedback author)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="people")
    email = models.EmailField(max_length=254, blank=True)
    external_id = models.CharField(max_length=200, blank=True)
    name = models.CharField(max_length=200, blank=True)
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    # A team member who votes or comments acts through a Person of the workspace.
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last time a login or confirmation link of theirs was used: links sent before it
    # no longer work, so each link logs in once.
    link_used_at = models.DateTimeField(null=True, blank=True)
    email_notifications = models.BooleanField(default=True)
    workspace_updates_muted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                "workspace",
                Lower("email"),
                condition=~Q(email=""),
                name="person_email_unique_per_workspace",
            ),
            models.UniqueConstraint(
                fields=["workspace", "external_id"],
                condition=~Q(external_id=""),
                name="person_external_id_unique_per_workspace",
            ),
            models.CheckConstraint(
                condition=~Q(email="", external_id=""), name="person_has_email_or_external_id"
            ),
        ]

    def __str__(self):
        return self.name or self.email or self.external_id


class ApiKey(models.Model):
    """A bearer key for the REST API. Only its SHA-256 is stored; the key is shown once."""

    PREFIX = "kl_"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=16, help_text="The key's first characters, for display.")
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotentRequest(models.Model):
    """A write sent with an `Idempotency-Key` header and the response it got.

    A retry with the same key and body replays the response instead of writing again. The
    unique constraint makes concurrent retries safe: the second one waits for the first.
    """

    TTL_HOURS = 24

    api_key = models.ForeignKey(
        ApiKey, on_delete=models.CASCADE, related_name="idempotent_requests"
    )
    key = models.CharField(max_length=255)
    # SHA-256 of the method, path and (canonical JSON) body the key was first used with.
    fingerprint = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(default=0)
    response_body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["api_key", "key"], name="one_request_per_idempotency_key"
            )
        ]

    def __str__(self):
        return f"{self.key} ({self.api_key_id})"
