"""Boards, statuses, tags, ideas, votes, comments, follows, changelog and the activity log."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyloop.accounts.models import Person, Workspace

TITLE_MAX = 200
BODY_MAX = 20_000
COMMENT_MAX = 10_000

color_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #4f46e5."))


class StatusCategory(models.TextChoices):
    """The fixed meaning behind every workspace-defined status; behaviour keys on this."""

    OPEN = "open", _("Open")
    UNDER_REVIEW = "under_review", _("Under review")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    SHIPPED = "shipped", _("Shipped")
    CLOSED = "closed", _("Closed")


ROADMAP_CATEGORIES = (StatusCategory.PLANNED, StatusCategory.IN_PROGRESS, StatusCategory.SHIPPED)


class Board(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="boards")
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("address"), max_length=60)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    is_private = models.BooleanField(
        _("private"), default=False, help_text=_("Only team members can see a private board.")
    )
    is_locked = models.BooleanField(
        _("closed to new ideas and comments"), default=False,
        help_text=_("Customers can still read and vote, but not post or comment."),
    )  # fmt: skip
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "slug"], name="board_slug_per_workspace")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("board", args=[self.workspace.slug, self.slug])


class Status(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="statuses")
    name = models.CharField(_("name"), max_length=40)
    color = models.CharField(
        _("colour"), max_length=7, default="#64748b", validators=[color_validator]
    )
    category = models.CharField(_("category"), max_length=20, choices=StatusCategory.choices)
    position = models.PositiveIntegerField(default=0)
    is_default = models.BooleanField(_("default for new ideas"), default=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "statuses"
        constraints = [
            models.UniqueConstraint("workspace", Lower("name"), name="status_name_per_workspace"),
            models.UniqueConstraint(
                fields=["workspace"], condition=Q(is_default=True), name="one_default_status"
            ),
        ]

    def __str__(self):
        return self.name


class Tag(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("name"), max_length=40)
    color = models.CharField(
        _("colour"), max_length=7, default="#475569", validators=[color_validator]
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("workspace", Lower("name"), name="tag_name_per_workspace")
        ]

    def __str__(self):
        return self.name


class Idea(models.Model):
    """A post on a board. Counters are kept on the row so lists never count votes."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="ideas")
    board = models.ForeignKey(Board, on_delete=models.RESTRICT, related_name="ideas")
    status = models.ForeignKey(Status, on_delete=models.RESTRICT, related_name="ideas")
    tags = models.ManyToManyField(Tag, blank=True, related_name="ideas")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("description"), blank=True, validators=[MaxLengthValidator(BODY_MAX)])
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="owned_ideas",
    )  # fmt: skip
    eta = models.DateField(_("ETA"), null=True, blank=True)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    # False while an anonymous author has not confirmed their e-mail (when the workspace asks).
    is_published = models.BooleanField(default=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_ideas"
    )
    vote_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    # log2 of the recency-weighted vote sum (see queries.trending_weight); higher is hotter.
    trending_score = models.FloatField(default=0.0, db_index=True)
    version = models.PositiveIntegerField(default=1)  # optimistic lock for edits
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # One per list sort (queries.SORTS), on the rows lists show, so a board page or
            # the API list reads its page in index order instead of sorting every idea.
            *(
                models.Index(
                    fields=[scope, "-is_pinned", f"-{column}", "-id"],
                    condition=Q(deleted_at=None, is_published=True, merged_into=None),
                    name=f"idea_{scope}_{sort}",
                )
                for scope in ("board", "workspace")
                for sort, column in (
                    ("trending", "trending_score"),
                    ("top", "vote_count"),
                    ("new", "created_at"),
                )
            ),
            models.Index(fields=["workspace", "status"], name="idea_workspace_status"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("idea", args=[self.workspace.slug, self.pk])

    @property
    def is_visible(self) -> bool:
        return self.deleted_at is None and self.is_published and self.merged_into_id is None


class VoteImportance(models.TextChoices):
    NICE_TO_HAVE = "nice_to_have", _("Nice to have")
    IMPORTANT = "important", _("Important")
    CRITICAL = "critical", _("Critical")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portal")
    WIDGET = "widget", _("Widget")
    API = "api", _("API")
    EMAIL = "email", _("E-mail")
    SLACK = "slack", _("Slack")
    IMPORT = "import", _("Import")
    TEAM = "team", _("Team")
    SUPPORT = "support", _("Support")
    SALES = "sales", _("Sales")


class Vote(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="votes")
    importance = models.CharField(
        max_length=20, choices=VoteImportance.choices, default=VoteImportance.NICE_TO_HAVE
    )
    source = models.CharField(max_length=20, choices=Channel.choices, default=Channel.PORTAL)
    # Unconfirmed votes (anonymous e-mail not yet confirmed) do not count.
    is_confirmed = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "person"], name="one_vote_per_person")
        ]
        indexes = [models.Index(fields=["idea", "-created_at"], name="vote_idea_recent")]

    def __str__(self):
        return f"{self.person} → {self.idea}"


class Comment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="comments",
    )  # fmt: skip
    body = models.TextField(validators=[MaxLengthValidator(COMMENT_MAX)])
    # Internal notes are for the team only; customers never see them.
    is_internal = models.BooleanField(default=False)
    is_published = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["idea", "created_at"], name="comment_idea_time")]

    def __str__(self):
        return f"Comment {self.pk} on {self.idea_id}"


class CommentRevision(models.Model):
    """The text a comment had before an edit."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_at = models.DateTimeField(default=timezone.now)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-edited_at"]

    def __str__(self):
        return f"Revision of comment {self.comment_id}"


class Subscription(models.Model):
    """A person follows an idea: they hear about its status changes."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="subscriptions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "person"], name="one_follow_per_person")
        ]

    def __str__(self):
        return f"{self.person} follows {self.idea_id}"


class ChangelogEntry(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="changelog")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("text"), blank=True, validators=[MaxLengthValidator(BODY_MAX)])
    ideas = models.ManyToManyField(Idea, blank=True, related_name="changelog_entries")
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name_plural = "changelog entries"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("changelog_entry", args=[self.workspace.slug, self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()


class IdeaActivity(models.Model):
    """Every state change of an idea, shown on its page: who, what, when."""

    class Kind(models.TextChoices):
        CREATED = "created", _("created")
        EDITED = "edited", _("edited")
        STATUS = "status", _("changed status")
        BOARD = "board", _("moved board")
        OWNER = "owner", _("changed owner")
        ETA = "eta", _("changed ETA")
        TAGS = "tags", _("changed tags")
        PINNED = "pinned", _("pinned")
        UNPINNED = "unpinned", _("unpinned")
        DELETED = "deleted", _("deleted")
        RESTORED = "restored", _("restored")
        PUBLISHED = "published", _("published")
        CHANGELOG = "changelog", _("announced in changelog")
        FEEDBACK_LINKED = "feedback_linked", _("linked feedback")
        FEEDBACK_UNLINKED = "feedback_unlinked", _("unlinked feedback")
        MERGED = "merged", _("merged")
        UNMERGED = "unmerged", _("unmerged")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="activity")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "idea activity"

    def __str__(self):
        return f"{self.get_kind_display()} on {self.idea_id}"


class DuplicateDismissal(models.Model):
    """The team said two ideas are not duplicates: the pair is never suggested again.

    The pair is stored in a canonical order (lower id first), so (a, b) and (b, a) are one row.
    """

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="duplicate_dismissals"
    )
    idea_low = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="+")
    idea_high = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["idea_low", "idea_high"], name="one_dismissal_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(idea_low__lt=models.F("idea_high")), name="dismissal_canonical_order"
            ),
        ]

    def __str__(self):
        return f"{self.idea_low_id} and {self.idea_high_id} are not duplicates"


class AuditEvent(models.Model):
    """Who did what, when, to which object: an append-only trail of team actions (merges)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="audit_events")
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)  # e.g. "idea.merge", "idea.unmerge"
    object_type = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "-created_at"], name="audit_workspace_time")]

    def __str__(self):
        return f"{self.action} {self.object_type} {self.object_id}"
