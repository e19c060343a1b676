"""The JSON shapes of the OKR API. Field names are a contract with integrators.

Numbers are stored as decimals and answered as JSON numbers (floats). Computed fields of a
key result (`score`, `band`, `expected_progress`, `progress`, `pace`, `statement`) are
worked out at read time from its figures and its check-ins.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, model_validator

from keyloop.feedback.schemas import NEXT_CURSOR, Input, ObjectId, TeamMemberOut

from .models import (
    NAME_MAX,
    TEXT_MAX,
    TITLE_MAX,
    CycleKind,
    DataSource,
    Direction,
    KeyResultKind,
    ObjectiveStatus,
    ScoringType,
    Unit,
)

CycleKindName = Literal[tuple(CycleKind.values)]
UnitName = Literal[tuple(Unit.values)]
DirectionName = Literal[tuple(Direction.values)]
ScoringName = Literal[tuple(ScoringType.values)]
KindName = Literal[tuple(KeyResultKind.values)]
DataSourceName = Literal[tuple(DataSource.values)]
StatusName = Literal[tuple(ObjectiveStatus.values)]
OpenStatus = Literal["draft", "active"]
BandName = Literal["red", "amber", "green"]
PaceName = Literal["on_track", "behind", "at_risk"]
# Any JSON number (or a string holding one); NaN and infinity are refused.
Num = Annotated[Decimal, Field(allow_inf_nan=False)]
Level = tuple[Num, Num]


def _float(value) -> float | None:
    return float(value) if value is not None else None


# --- input ---------------------------------------------------------------------------------


class CycleIn(Input):
    name: str = Field(..., description=f'e.g. "2027 Q1"; 1 to {NAME_MAX} characters, unique.')
    start: date = Field(..., description="The first day (YYYY-MM-DD).")
    end: date = Field(..., description="The last day; after start.")
    kind: CycleKindName | None = Field(
        None,
        description="quarterly, annual or custom; worked out from the dates if omitted "
        "(three or twelve whole calendar months).",
    )


class TeamIn(Input):
    name: str = Field(..., description=f"1 to {NAME_MAX} characters, unique in the workspace.")
    parent_id: ObjectId | None = Field(None, description="The team it belongs to; none at the top.")
    member_ids: list[ObjectId] = Field(
        default_factory=list, max_length=500, description="User ids of workspace members."
    )


class ObjectiveIn(Input):
    cycle_id: ObjectId
    team_id: ObjectId | None = Field(None, description="None: an objective of the whole workspace.")
    title: str = Field(..., description=f"Qualitative; 1 to {TITLE_MAX} characters.")
    description: str = Field("", description=f"Up to {TEXT_MAX:,} characters.")
    owner_id: ObjectId | None = Field(None, description="A workspace member's user id.")
    parent_id: ObjectId | None = Field(None, description="Align to this objective (same cycle).")
    status: OpenStatus = "active"


class KeyResultFields(Input):
    title: str = Field(..., description=f"1 to {TITLE_MAX} characters.")
    metric: str = Field("", description='What is measured, e.g. "7-day activation rate".')
    unit: UnitName = "number"
    unit_label: str = Field("", description='Shown next to numbers: "EUR", "days", "ms"…')
    direction: DirectionName = "increase"
    baseline: Num | None = Field(None, description="Where the number stands at the start.")
    target: Num | None = None
    deadline: date | None = Field(None, description="The cycle's last day if omitted.")
    kind: KindName = "metric"
    scoring: ScoringName | None = Field(
        None, description="linear if omitted; binary for milestones and stay_above/stay_below."
    )
    levels: list[Level] = Field(
        default_factory=list, max_length=10,
        description="Threshold scoring: [[value, score], …] in the key result's direction, "
        "e.g. [[40, 0.3], [45, 0.7], [50, 1.0]].",
    )  # fmt: skip
    weight: Num = Field(Decimal(1), description="Its share of the objective's score (0–1000).")
    owner_id: ObjectId | None = None
    data_source: DataSourceName = "manual"


class KeyResultIn(KeyResultFields):
    objective_id: ObjectId


class KeyResultPatch(Input):
    """Only the fields sent change. Once the cycle has started, baseline, target, direction,
    scoring, levels and deadline are locked: changing one needs `reason`, kept in history."""

    title: str = None
    metric: str = None
    unit: UnitName = None
    unit_label: str = None
    direction: DirectionName = None
    baseline: Num | None = None
    target: Num | None = None
    deadline: date = None
    kind: KindName = None
    scoring: ScoringName = None
    levels: list[Level] = Field(None, max_length=10)
    weight: Num = None
    owner_id: ObjectId | None = None
    data_source: DataSourceName = None
    reason: str = Field("", description="Why a locked figure changes.")

    @model_validator(mode="after")
    def _something(self):
        if not self.model_fields_set - {"reason"}:
            raise ValueError("Send at least one field to change.")
        return self


class CheckInIn(Input):
    value: Num = Field(..., description="The value measured now.")
    confidence: int | None = Field(
        None, ge=0, le=10, description="How sure the owner is of reaching the target, 0–10."
    )
    note: str = Field("", description=f"Up to {TEXT_MAX:,} characters.")
    next_actions: str = Field("", description="What happens next.")
    checked_in_at: datetime | None = Field(
        None, description="When it was measured; now if omitted."
    )


class KpiIn(Input):
    name: str = Field(..., description=f"1 to {TITLE_MAX} characters, unique in the workspace.")
    description: str = ""
    unit: UnitName = "number"
    unit_label: str = ""
    direction: DirectionName = Field("increase", description="Which way is better.")
    healthy_min: Num | None = Field(None, description="The healthy band's bottom, if any.")
    healthy_max: Num | None = Field(None, description="The healthy band's top, if any.")
    update_every_days: int = Field(
        7, ge=1, le=366, description="A KPI is stale when no value came for this long."
    )
    owner_id: ObjectId | None = None
    team_id: ObjectId | None = None


class KpiValueIn(Input):
    value: Num
    at: datetime | None = Field(None, description="When it was measured; now if omitted.")


class LintIn(Input):
    """Either a free-text `statement`, or a key result's fields (`title` at least)."""

    statement: str | None = Field(None, max_length=1000)
    title: str | None = Field(None, max_length=TITLE_MAX)
    metric: str = ""
    unit: UnitName = "number"
    unit_label: str = Field("", max_length=20)
    direction: DirectionName = "increase"
    baseline: Num | None = None
    target: Num | None = None
    deadline: date | None = None
    cycle_id: ObjectId | None = Field(
        None, description="Check the deadline against this cycle's dates."
    )

    @model_validator(mode="after")
    def _one_form(self):
        if (self.statement is None) == (self.title is None):
            raise ValueError("Send a statement, or a key result's fields with its title.")
        return self


# --- output --------------------------------------------------------------------------------


class CycleOut(Schema):
    id: int
    name: str
    kind: CycleKindName
    start: date
    end: date
    is_current: bool = Field(description="The cycle containing today (the shortest such).")
    graded_at: datetime | None = Field(description="Graded and closed; null while open.")

    @staticmethod
    def resolve_is_current(obj) -> bool:
        return bool(getattr(obj, "is_current", False))


class TeamOut(Schema):
    id: int
    name: str
    parent_id: int | None
    member_ids: list[int]

    @staticmethod
    def resolve_member_ids(obj) -> list[int]:
        return sorted(m.user_id for m in obj.memberships.all())


class ObjectiveOut(Schema):
    id: int
    cycle_id: int
    team_id: int | None
    title: str
    description: str
    owner_id: int | None
    parent_id: int | None
    status: StatusName
    score: float | None = Field(
        description="Weighted mean of its key results' scores; null without key results."
    )
    band: BandName | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_score(obj) -> float | None:
        return getattr(obj, "score", None)

    @staticmethod
    def resolve_band(obj) -> str | None:
        from .scoring import band

        return band(getattr(obj, "score", None))


class KeyResultOut(Schema):
    id: int
    objective_id: int
    title: str
    metric: str
    unit: UnitName
    unit_label: str
    direction: DirectionName
    baseline: float | None
    target: float | None
    current: float | None = Field(description="The newest check-in's value.")
    deadline: date
    kind: KindName
    scoring: ScoringName
    levels: list[tuple[float, float]]
    weight: float
    owner_id: int | None
    data_source: DataSourceName
    statement: str = Field(description='"[metric] from [baseline] to [target] by [date]".')
    score: float = Field(description="0–1; the final score once graded. 0.7 is success.")
    band: BandName = Field(description="red below 0.4, amber below 0.7, green from 0.7.")
    progress: float = Field(description="Fraction of the way from baseline to target.")
    expected_progress: float = Field(
        description="Elapsed fraction of its period (cycle start → deadline) today."
    )
    pace: PaceName
    confidence: int | None = Field(description="Of the newest check-in, 0–10.")
    last_checked_in_at: datetime | None
    final_score: float | None
    reflection: str
    graded_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_baseline(obj):
        return _float(obj.baseline)

    @staticmethod
    def resolve_target(obj):
        return _float(obj.target)

    @staticmethod
    def resolve_current(obj):
        return _float(obj.current)

    @staticmethod
    def resolve_weight(obj):
        return float(obj.weight)

    @staticmethod
    def resolve_statement(obj):
        return obj.standing.statement

    @staticmethod
    def resolve_score(obj):
        return obj.standing.score

    @staticmethod
    def resolve_band(obj):
        return obj.standing.band

    @staticmethod
    def resolve_progress(obj):
        return obj.standing.progress

    @staticmethod
    def resolve_expected_progress(obj):
        return obj.standing.expected_progress

    @staticmethod
    def resolve_pace(obj):
        return obj.standing.pace


class CheckInOut(Schema):
    id: int
    key_result_id: int
    value: float
    confidence: int | None
    note: str
    next_actions: str
    author: TeamMemberOut | None = Field(description="null when pushed with an API key.")
    source: Literal["manual", "api", "kpi"]
    checked_in_at: datetime

    @staticmethod
    def resolve_value(obj):
        return float(obj.value)


class CheckInCreated(CheckInOut):
    key_result: KeyResultOut = Field(description="The key result after this check-in.")


class KpiOut(Schema):
    id: int
    name: str
    description: str
    unit: UnitName
    unit_label: str
    direction: DirectionName
    healthy_min: float | None
    healthy_max: float | None
    update_every_days: int
    owner_id: int | None
    team_id: int | None
    current: float | None = Field(description="The latest value.")
    updated_at: datetime | None = Field(description="When the latest value was measured.")
    is_stale: bool = Field(description="No value for longer than update_every_days.")
    is_healthy: bool | None = Field(description="Inside the healthy band; null without one.")

    @staticmethod
    def resolve_healthy_min(obj):
        return _float(obj.healthy_min)

    @staticmethod
    def resolve_healthy_max(obj):
        return _float(obj.healthy_max)

    @staticmethod
    def resolve_current(obj):
        return _float(obj.current)

    @staticmethod
    def resolve_is_stale(obj):
        return obj.is_stale()

    @staticmethod
    def resolve_is_healthy(obj):
        return obj.is_healthy()


class KpiValueOut(Schema):
    id: int
    kpi_id: int
    value: float
    at: datetime
    was_late: bool = Field(description="Came later than update_every_days after the one before.")

    @staticmethod
    def resolve_value(obj):
        return float(obj.value)


class FindingOut(Schema):
    rule: str = Field(description='A rule id, e.g. "no-baseline", "output-not-outcome".')
    message: str = Field(description="What is wrong, quoting the principle.")
    suggestion: str = Field(
        description='A rewrite: "[metric] from [baseline] to [target] by [date]".'
    )


class LintOut(Schema):
    findings: list[FindingOut] = Field(description="Empty for a good key result.")


class CyclePage(Schema):
    items: list[CycleOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class TeamPage(Schema):
    items: list[TeamOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class ObjectivePage(Schema):
    items: list[ObjectiveOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class KeyResultPage(Schema):
    items: list[KeyResultOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class CheckInPage(Schema):
    items: list[CheckInOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class KpiPage(Schema):
    items: list[KpiOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class KpiValuePage(Schema):
    items: list[KpiValueOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)
