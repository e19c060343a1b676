"""Cycles, teams, objectives, key results, check-ins, KPIs and check-in reminders.

Every row belongs to one workspace: directly (cycles, teams, objectives, key results, KPIs) or
through its parent (check-ins, changes and reminders through their key result, KPI values
through their KPI). Numbers are decimals in the database; scores are floats in [0, 1].
"""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyloop.accounts.models import Workspace

from .scoring import Direction, ScoringType

NAME_MAX = 80
TITLE_MAX = 200
TEXT_MAX = 5000


def Number(*args, **kwargs):  # noqa: N802 - reads like a field class
    """Every measured value: 20 digits, 4 after the point."""
    return models.DecimalField(*args, max_digits=20, decimal_places=4, **kwargs)


class CycleKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annual")
    CUSTOM = "custom", _("Custom")


class ObjectiveStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    GRADED = "graded", _("Graded")


class Unit(models.TextChoices):
    PERCENT = "percent", _("%")
    NUMBER = "number", _("Number")
    CURRENCY = "currency", _("Currency")
    DURATION = "duration", _("Duration")


class KeyResultKind(models.TextChoices):
    METRIC = "metric", _("Metric")
    MILESTONE = "milestone", _("Milestone")


class DataSource(models.TextChoices):
    MANUAL = "manual", _("Manual check-ins")
    API = "api", _("Pushed through the API")


class CheckInSource(models.TextChoices):
    MANUAL = "manual", _("Manual")
    API = "api", _("API")
    KPI = "kpi", _("KPI history")


class OkrSettings(models.Model):
    """A workspace's OKR rules; a workspace without a row uses the defaults below."""

    workspace = models.OneToOneField(
        Workspace, on_delete=models.CASCADE, related_name="okr_settings"
    )
    # Cycles of the same kind (two quarters, two years) may not overlap; custom cycles may
    # overlap anything, and a quarter always may overlap its year.
    forbid_overlapping_cycles = models.BooleanField(
        _("forbid overlapping cycles of the same kind"), default=True
    )
    # Pace: progress / expected progress at or above `behind_below` is on track, at or above
    # `at_risk_below` behind, lower at risk.
    pace_behind_below = models.FloatField(
        default=0.9, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    pace_at_risk_below = models.FloatField(
        default=0.6, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )

    def __str__(self):
        return f"OKR settings of {self.workspace}"


class Cycle(models.Model):
    """A time box such as "2027 Q1". `start` and `end` are both days of the cycle."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="cycles")
    name = models.CharField(_("name"), max_length=NAME_MAX)
    kind = models.CharField(
        _("kind"), max_length=10, choices=CycleKind.choices, default=CycleKind.CUSTOM
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    graded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-start", "id"]
        constraints = [
            models.UniqueConstraint("workspace", Lower("name"), name="cycle_name_per_workspace"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="cycle_ends_after_start"),
        ]
        indexes = [models.Index(fields=["workspace", "start", "end"], name="cycle_dates")]

    def __str__(self):
        return self.name

    def has_started(self, on: date | None = None) -> bool:
        return (on or timezone.localdate()) >= self.start

    def has_ended(self, on: date | None = None) -> bool:
        return (on or timezone.localdate()) > self.end

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def is_graded(self) -> bool:
        return self.graded_at is not None


class Team(models.Model):
    """A node of the workspace's hierarchy (company → tribe → squad, any depth)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="okr_teams")
    name = models.CharField(_("name"), max_length=NAME_MAX)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.RESTRICT, related_name="children"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMember", related_name="okr_teams", blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint("workspace", Lower("name"), name="team_name_per_workspace"),
        ]

    def __str__(self):
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="okr_team_memberships"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="one_team_membership_per_user")
        ]

    def __str__(self):
        return f"{self.user} in {self.team}"


class Objective(models.Model):
    """Qualitative: what a team wants to achieve in a cycle. No team = the whole workspace's.

    `parent` aligns it to an objective of the same workspace and the same cycle.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="objectives")
    cycle = models.ForeignKey(Cycle, on_delete=models.RESTRICT, related_name="objectives")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.RESTRICT, related_name="objectives"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="okr_objectives",
    )  # fmt: skip
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="aligned"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectiveStatus.choices, default=ObjectiveStatus.ACTIVE
    )
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["workspace", "cycle", "team"], name="objectives_of_cycle")]

    def __str__(self):
        return self.title


class KeyResult(models.Model):
    """A measurable outcome of an objective: "[metric] from [baseline] to [target] by [date]".

    `current`, `score`, `confidence` and `last_checked_in_at` repeat the latest check-in (and
    the score it gives) so that lists read one row per key result.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="key_results")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="key_results")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    metric = models.CharField(_("metric"), max_length=TITLE_MAX, blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.NUMBER)
    # How the unit reads next to a number: "EUR", "days", "ms"… (optional).
    unit_label = models.CharField(_("unit label"), max_length=20, blank=True)
    direction = models.CharField(
        _("direction"), max_length=12, choices=Direction.choices, default=Direction.INCREASE
    )
    baseline = Number(_("baseline"), null=True, blank=True)
    target = Number(_("target"), null=True, blank=True)
    current = Number(_("current value"), null=True, blank=True)
    deadline = models.DateField(_("deadline"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=KeyResultKind.choices, default=KeyResultKind.METRIC
    )
    scoring = models.CharField(
        _("scoring"), max_length=10, choices=ScoringType.choices, default=ScoringType.LINEAR
    )
    levels = models.JSONField(_("threshold levels"), default=list, blank=True)  # [[value, score]]
    weight = Number(_("weight"), default=1)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="okr_key_results",
    )  # fmt: skip
    data_source = models.CharField(
        _("data source"), max_length=10, choices=DataSource.choices, default=DataSource.MANUAL
    )
    kpi = models.ForeignKey(
        "Kpi", null=True, blank=True, on_delete=models.SET_NULL, related_name="key_results"
    )  # the KPI it was promoted from
    score = models.FloatField(default=0.0)
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    last_checked_in_at = models.DateTimeField(null=True, blank=True)
    reflection = models.TextField(_("reflection"), blank=True, max_length=TEXT_MAX)
    final_score = models.FloatField(null=True, blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="key_result_weight_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="key_result_score_in_0_1"
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "owner"], name="key_results_of_owner"),
        ]

    def __str__(self):
        return self.title


class CheckIn(models.Model):
    """One reading of a key result's value, with how confident its owner is (0–10)."""

    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="check_ins")
    value = Number(_("value"))
    confidence = models.PositiveSmallIntegerField(
        _("confidence"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    note = models.TextField(_("note"), blank=True, max_length=TEXT_MAX)
    next_actions = models.TextField(_("next actions"), blank=True, max_length=TEXT_MAX)
    # None: pushed with an API key, or copied from a KPI's history.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="okr_check_ins",
    )  # fmt: skip
    source = models.CharField(
        max_length=10, choices=CheckInSource.choices, default=CheckInSource.MANUAL
    )
    checked_in_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["checked_in_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__lte=10),
                name="check_in_confidence_0_10",
            ),
        ]
        indexes = [models.Index(fields=["key_result", "checked_in_at"], name="check_ins_of_kr")]

    def __str__(self):
        return f"{self.key_result}: {self.value}"


class KeyResultChange(models.Model):
    """A change to a locked field (baseline, target…) after the cycle started, and why."""

    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=40)
    old = models.CharField(max_length=2000, blank=True)
    new = models.CharField(max_length=2000, blank=True)
    reason = models.TextField(max_length=TEXT_MAX)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.key_result}: {self.field} {self.old} → {self.new}"


class Kpi(models.Model):
    """An ongoing health metric: no deadline, a healthy band, a value every few days."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="kpis")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="kpis"
    )
    name = models.CharField(_("name"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.NUMBER)
    unit_label = models.CharField(_("unit label"), max_length=20, blank=True)
    direction = models.CharField(
        _("direction"), max_length=12, choices=Direction.choices, default=Direction.INCREASE
    )
    healthy_min = Number(_("healthy from"), null=True, blank=True)
    healthy_max = Number(_("healthy up to"), null=True, blank=True)
    update_every_days = models.PositiveSmallIntegerField(
        _("update every (days)"), default=7, validators=[MinValueValidator(1)]
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="okr_kpis",
    )  # fmt: skip
    current = Number(_("latest value"), null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)  # when the latest value was taken
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint("workspace", Lower("name"), name="kpi_name_per_workspace"),
            models.CheckConstraint(
                condition=Q(healthy_min__isnull=True)
                | Q(healthy_max__isnull=True)
                | Q(healthy_min__lte=F("healthy_max")),
                name="kpi_healthy_band_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def is_stale(self, now=None) -> bool:
        """Late: no value for longer than its update frequency (a new KPI is late at once
        only once that long has passed since it was created)."""
        now = now or timezone.now()
        last = self.updated_at or self.created_at
        return (now - last).total_seconds() > self.update_every_days * 86400

    def is_healthy(self) -> bool | None:
        """Inside the healthy band; None without a value or a band."""
        if self.current is None or (self.healthy_min is None and self.healthy_max is None):
            return None
        if self.healthy_min is not None and self.current < self.healthy_min:
            return False
        return not (self.healthy_max is not None and self.current > self.healthy_max)


class KpiValue(models.Model):
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="values")
    value = Number(_("value"))
    at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Late when taken: more than update_every_days after the value before it.
    was_late = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["kpi", "at"], name="values_of_kpi")]

    def __str__(self):
        return f"{self.kpi}: {self.value}"


class CheckInReminder(models.Model):
    """One reminder sent to a key result's owner; answered by their next check-in.

    The in-app reminder is the unanswered row; after three unanswered reminders in a row the
    owner gets no more until they check in again.
    """

    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="okr_reminders"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    # Its place in the run of reminders since the owner's last check-in: 1, 2, 3.
    sequence = models.PositiveSmallIntegerField(default=1)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(
                fields=["user", "key_result"], condition=Q(answered_at=None), name="open_reminders"
            ),
        ]

    def __str__(self):
        return f"Reminder to {self.user} about {self.key_result}"
