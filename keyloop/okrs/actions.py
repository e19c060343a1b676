"""Every write to OKRs: cycles, teams, objectives, key results, check-ins, grading and KPIs.

Each function runs in one transaction and either does all it says or raises
django.core.exceptions.ValidationError (field errors → 422 in the API; code "locked" for a
state that forbids the change, such as a graded cycle → 409) and changes nothing.

Rules kept here (docs/okrs.md explains them to people):
- A cycle ends after it starts; two cycles of the same kind (quarterly, annual) may not
  overlap unless the workspace allows it (OkrSettings); custom cycles may overlap anything.
- An objective aligns only to an objective of the same workspace and cycle, never in a loop.
- Once its cycle has started, a key result's baseline, target, direction, scoring, levels
  and deadline are locked: changing one needs a reason and is kept in its history.
- Check-ins close when the cycle ends (after its last day) or is graded. Each check-in
  updates the key result's current value and score in the same transaction.
- Grading, from the cycle's last day on, freezes each key result's score as its final score
  next to a reflection.
"""

import calendar
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from keyloop.accounts.models import Membership, User, Workspace
from keyloop.notifications.events import Kind as EventKind
from keyloop.notifications.events import emit

from . import scoring
from .models import (
    NAME_MAX,
    TEXT_MAX,
    TITLE_MAX,
    CheckIn,
    CheckInReminder,
    CheckInSource,
    Cycle,
    CycleKind,
    DataSource,
    Direction,
    KeyResult,
    KeyResultChange,
    KeyResultKind,
    Kpi,
    KpiValue,
    Objective,
    ObjectiveStatus,
    OkrSettings,
    ScoringType,
    Team,
    TeamMember,
    Unit,
)

NUMBER_LIMIT = Decimal(10) ** 16  # DecimalField(max_digits=20, decimal_places=4)
PLACES = Decimal("0.0001")
WEIGHT_MAX = Decimal(1000)
LEVELS_MAX = 10
UNIT_LABEL_MAX = 20
# The key result's figures that decide its score or its pace: locked once the cycle starts.
LOCKED_FIELDS = ("baseline", "target", "direction", "scoring", "levels", "deadline")
KEY_RESULT_FIELDS = {
    "title", "metric", "unit", "unit_label", "direction", "baseline", "target", "deadline",
    "kind", "scoring", "levels", "weight", "owner", "data_source",
}  # fmt: skip


# --- small checks ----------------------------------------------------------------------------


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def _text(value, field: str, errors: dict, *, max_length: int, required: bool = False) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        errors[field] = "Enter text."
        return ""
    if "\x00" in text:
        errors[field] = "Text may not contain NUL characters."
    elif required and not text:
        errors[field] = "This field is required."
    elif len(text) > max_length:
        errors[field] = f"Use at most {max_length:,} characters (this has {len(text):,})."
    return text


def number(value, field: str, errors: dict) -> Decimal | None:
    """A decimal from a form, JSON or code; None for empty. Non-numbers are noted in errors."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        errors[field] = "Enter a number."
        return None
    try:
        result = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors[field] = "Enter a number."
        return None
    if not result.is_finite():
        errors[field] = "Enter a finite number."
        return None
    if abs(result) >= NUMBER_LIMIT:
        errors[field] = "This number is too large."
        return None
    return result.quantize(PLACES)


def _choice(value, field: str, choices, errors: dict) -> str:
    if value not in choices.values:
        errors[field] = f"Choose one of: {', '.join(choices.values)}."
    return value


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _locked(message: str) -> ValidationError:
    return ValidationError(message, code="locked")


def _is_member(workspace_id: int, user: User) -> bool:
    return Membership.objects.filter(workspace_id=workspace_id, user=user).exists()


def _check_owner(workspace_id: int, owner: User | None, errors: dict, field="owner") -> None:
    if owner is not None and not _is_member(workspace_id, owner):
        errors[field] = "The owner must be a member of this workspace."


def _today() -> date:
    return timezone.localdate()


def okr_settings_of(workspace: Workspace | int) -> OkrSettings:
    """The workspace's OKR rules (the defaults, unsaved, when it never changed them)."""
    workspace_id = workspace if isinstance(workspace, int) else workspace.pk
    found = OkrSettings.objects.filter(workspace_id=workspace_id).first()
    return found or OkrSettings(workspace_id=workspace_id)


@transaction.atomic
def okr_settings_update(
    *, workspace: Workspace, forbid_overlapping_cycles: bool, pace_behind_below: float,
    pace_at_risk_below: float,
) -> OkrSettings:  # fmt: skip
    errors: dict = {}
    for field, value in (
        ("pace_behind_below", pace_behind_below), ("pace_at_risk_below", pace_at_risk_below)
    ):  # fmt: skip
        if not isinstance(value, int | float) or not 0 <= value <= 1:
            errors[field] = "Enter a fraction between 0 and 1."
    if not errors and pace_at_risk_below > pace_behind_below:
        errors["pace_at_risk_below"] = "“At risk below” cannot be above “behind below”."
    _raise(errors)
    found, _ = OkrSettings.objects.update_or_create(
        workspace=workspace,
        defaults={
            "forbid_overlapping_cycles": bool(forbid_overlapping_cycles),
            "pace_behind_below": float(pace_behind_below),
            "pace_at_risk_below": float(pace_at_risk_below),
        },
    )
    return found


# --- cycles ----------------------------------------------------------------------------------


def cycle_kind_of(start: date, end: date) -> str:
    """Quarterly for three whole calendar months, annual for twelve, else custom."""
    if start.day != 1 or end.day != calendar.monthrange(end.year, end.month)[1]:
        return CycleKind.CUSTOM
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return {3: CycleKind.QUARTERLY, 12: CycleKind.ANNUAL}.get(months, CycleKind.CUSTOM)


def _clean_cycle(
    *, workspace: Workspace, name, start, end, kind, exclude_id: int | None = None
) -> tuple[str, str]:
    errors: dict = {}
    name = _text(name, "name", errors, max_length=NAME_MAX, required=True)
    if not isinstance(start, date) or isinstance(start, datetime):
        errors["start"] = "Enter the cycle's first day as a date (YYYY-MM-DD)."
    if not isinstance(end, date) or isinstance(end, datetime):
        errors["end"] = "Enter the cycle's last day as a date (YYYY-MM-DD)."
    if kind is not None and kind != "":
        _choice(kind, "kind", CycleKind, errors)
    _raise(errors)
    if end <= start:
        errors["end"] = f"The cycle must end after it starts ({_day(start)})."
    kind = kind or cycle_kind_of(start, end)
    others = Cycle.objects.filter(workspace=workspace).exclude(pk=exclude_id)
    if "name" not in errors and others.filter(name__iexact=name).exists():
        errors["name"] = f"There is already a cycle named “{name}”."
    if (
        not errors
        and kind != CycleKind.CUSTOM
        and okr_settings_of(workspace).forbid_overlapping_cycles
    ):
        clash = others.filter(kind=kind, start__lte=end, end__gte=start).order_by("start").first()
        if clash is not None:
            errors["start"] = (
                f"{_day(start)} – {_day(end)} overlaps “{clash.name}” ({_day(clash.start)} – "
                f"{_day(clash.end)}): this workspace does not allow two {kind} cycles at the "
                "same time. Change the dates, or make it a custom cycle."
            )
    _raise(errors)
    return name, kind


@transaction.atomic
def cycle_create(
    *, workspace: Workspace, name: str, start: date, end: date, kind: str | None = None
) -> Cycle:
    """A new cycle; `kind` is worked out from the dates when not given (cycle_kind_of)."""
    name, kind = _clean_cycle(workspace=workspace, name=name, start=start, end=end, kind=kind)
    try:
        with transaction.atomic():
            cycle = Cycle.objects.create(
                workspace=workspace, name=name, start=start, end=end, kind=kind
            )
    except IntegrityError:  # the same name, created at the same moment
        raise ValidationError({"name": f"There is already a cycle named “{name}”."}) from None
    _schedule_reminders()
    return cycle


@transaction.atomic
def cycle_update(
    *, cycle: Cycle, name: str, start: date, end: date, kind: str | None = None
) -> Cycle:
    """Rename or move a cycle. Key results due on its old last day move to the new one; a
    graded cycle no longer changes."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.is_graded:
        raise _locked(f"“{cycle.name}” is graded; it no longer changes.")
    name, kind = _clean_cycle(
        workspace=cycle.workspace, name=name, start=start, end=end, kind=kind, exclude_id=cycle.pk
    )
    early = KeyResult.objects.filter(objective__cycle=cycle, deadline__lt=start).first()
    if early is not None:
        raise ValidationError(
            {"start": f"“{early.title}” is due {_day(early.deadline)}, before the new start."}
        )
    KeyResult.objects.filter(objective__cycle=cycle, deadline=cycle.end).update(
        deadline=end, updated_at=timezone.now()
    )
    cycle.name, cycle.start, cycle.end, cycle.kind = name, start, end, kind
    cycle.save(update_fields=["name", "start", "end", "kind"])
    return cycle


# --- teams -----------------------------------------------------------------------------------


def _clean_team_name(workspace_id: int, name, exclude_id=None) -> str:
    errors: dict = {}
    name = _text(name, "name", errors, max_length=NAME_MAX, required=True)
    others = Team.objects.filter(workspace_id=workspace_id).exclude(pk=exclude_id)
    if not errors and others.filter(name__iexact=name).exists():
        errors["name"] = f"There is already a team named “{name}”."
    _raise(errors)
    return name


def _check_parent_team(workspace_id: int, team: Team | None, parent: Team | None) -> None:
    if parent is None:
        return
    if parent.workspace_id != workspace_id:
        raise ValidationError({"parent": "Unknown team."})
    if team is None or team.pk is None:
        return
    parents = dict(Team.objects.filter(workspace_id=workspace_id).values_list("id", "parent_id"))
    seen, node = set(), parent.pk
    while node is not None and node not in seen:
        if node == team.pk:
            raise ValidationError(
                {
                    "parent": f"“{parent.name}” is inside “{team.name}”: "
                    "a team cannot be its own parent."
                }
            )
        seen.add(node)
        node = parents.get(node)


def _set_members(team: Team, members: Iterable[User]) -> None:
    members = list(dict.fromkeys(members))
    member_ids = set(
        Membership.objects.filter(workspace_id=team.workspace_id, user__in=members).values_list(
            "user_id", flat=True
        )
    )
    strangers = [user for user in members if user.pk not in member_ids]
    if strangers:
        raise ValidationError({"members": "Team members must be members of this workspace."})
    TeamMember.objects.filter(team=team).exclude(user__in=members).delete()
    TeamMember.objects.bulk_create(
        [TeamMember(team=team, user=user) for user in members], ignore_conflicts=True
    )


@transaction.atomic
def team_create(
    *, workspace: Workspace, name: str, parent: Team | None = None,
    members: Iterable[User] = (),
) -> Team:  # fmt: skip
    name = _clean_team_name(workspace.pk, name)
    _check_parent_team(workspace.pk, None, parent)
    try:
        with transaction.atomic():
            team = Team.objects.create(workspace=workspace, name=name, parent=parent)
    except IntegrityError:
        raise ValidationError({"name": f"There is already a team named “{name}”."}) from None
    _set_members(team, members)
    return team


@transaction.atomic
def team_update(*, team: Team, name: str, members: Iterable[User] | None = None) -> Team:
    """Rename a team and, when `members` is given, set who is in it."""
    team.name = _clean_team_name(team.workspace_id, name, exclude_id=team.pk)
    team.save(update_fields=["name"])
    if members is not None:
        _set_members(team, members)
    return team


@transaction.atomic
def team_move(*, team: Team, parent: Team | None) -> Team:
    """Put a team under another (None: at the top). Refuses to make a loop."""
    _check_parent_team(team.workspace_id, team, parent)
    team.parent = parent
    team.save(update_fields=["parent"])
    return team


@transaction.atomic
def team_delete(*, team: Team) -> None:
    """Only an empty team goes: no sub-teams, no objectives (move or delete them first)."""
    if team.children.exists():
        raise ValidationError("Move or delete this team's sub-teams first.")
    if team.objectives.exists():
        raise ValidationError("This team has objectives; move or delete them first.")
    Kpi.objects.filter(team=team).update(team=None)
    team.delete()


# --- objectives ------------------------------------------------------------------------------


def _check_objective_links(
    *, workspace_id: int, cycle: Cycle, team: Team | None, owner: User | None,
    parent: Objective | None, objective: Objective | None, errors: dict,
) -> None:  # fmt: skip
    if cycle.workspace_id != workspace_id:
        errors["cycle"] = "Unknown cycle."
    if team is not None and team.workspace_id != workspace_id:
        errors["team"] = "Unknown team."
    _check_owner(workspace_id, owner, errors)
    if parent is None:
        return
    if parent.workspace_id != workspace_id:
        errors["parent"] = "Unknown objective."
    elif parent.cycle_id != cycle.pk:
        errors["parent"] = (
            "An objective aligns only to an objective of the same cycle; "
            f"“{parent.title}” is in another cycle."
        )
    elif objective is not None and objective.pk is not None:
        parents = dict(Objective.objects.filter(cycle=cycle).values_list("id", "parent_id"))
        seen, node = set(), parent.pk
        while node is not None and node not in seen:
            if node == objective.pk:
                errors["parent"] = "An objective cannot align to itself or to one aligned to it."
                break
            seen.add(node)
            node = parents.get(node)


def _check_open(cycle: Cycle) -> None:
    if cycle.is_graded:
        raise _locked(f"“{cycle.name}” is graded; its objectives no longer change.")


@transaction.atomic
def objective_create(
    *, cycle: Cycle, title: str, team: Team | None = None, description: str = "",
    owner: User | None = None, parent: Objective | None = None,
    status: str = ObjectiveStatus.ACTIVE,
) -> Objective:  # fmt: skip
    errors: dict = {}
    workspace_id = cycle.workspace_id
    title = _text(title, "title", errors, max_length=TITLE_MAX, required=True)
    description = _text(description, "description", errors, max_length=TEXT_MAX)
    if status not in (ObjectiveStatus.DRAFT, ObjectiveStatus.ACTIVE):
        errors["status"] = "Choose draft or active (grading sets graded)."
    _check_objective_links(
        workspace_id=workspace_id, cycle=cycle, team=team, owner=owner, parent=parent,
        objective=None, errors=errors,
    )  # fmt: skip
    _raise(errors)
    _check_open(cycle)
    last = Objective.objects.filter(cycle=cycle, team=team).aggregate(n=Max("position"))["n"]
    now = timezone.now()
    return Objective.objects.create(
        workspace_id=workspace_id, cycle=cycle, team=team, title=title, description=description,
        owner=owner, parent=parent, status=status, position=(last or 0) + 1, created_at=now,
        updated_at=now,
    )  # fmt: skip


_UNSET = object()


@transaction.atomic
def objective_update(
    *, objective: Objective, title=_UNSET, description=_UNSET, team=_UNSET, owner=_UNSET,
    parent=_UNSET, status=_UNSET,
) -> Objective:  # fmt: skip
    """Change what is given (title, description, team, owner, parent, status draft/active)."""
    objective = Objective.objects.select_for_update().select_related("cycle").get(pk=objective.pk)
    if objective.status == ObjectiveStatus.GRADED:
        raise _locked("This objective is graded; it no longer changes.")
    _check_open(objective.cycle)
    errors: dict = {}
    if title is not _UNSET:
        objective.title = _text(title, "title", errors, max_length=TITLE_MAX, required=True)
    if description is not _UNSET:
        objective.description = _text(description, "description", errors, max_length=TEXT_MAX)
    if status is not _UNSET:
        if status not in (ObjectiveStatus.DRAFT, ObjectiveStatus.ACTIVE):
            errors["status"] = "Choose draft or active (grading sets graded)."
        objective.status = status
    if team is not _UNSET:
        objective.team = team
    if owner is not _UNSET:
        objective.owner = owner
    if parent is not _UNSET:
        objective.parent = parent
    _check_objective_links(
        workspace_id=objective.workspace_id, cycle=objective.cycle, team=objective.team,
        owner=objective.owner if owner is not _UNSET else None, parent=objective.parent,
        objective=objective, errors=errors,
    )  # fmt: skip
    _raise(errors)
    objective.updated_at = timezone.now()
    objective.save()
    return objective


@transaction.atomic
def objective_delete(*, objective: Objective) -> None:
    """Delete an objective and its key results (with their check-ins); not once graded."""
    if objective.status == ObjectiveStatus.GRADED or objective.cycle.is_graded:
        raise _locked("This objective is graded; it is kept as the record of its cycle.")
    objective.delete()


@transaction.atomic
def objective_copy_to_cycle(
    *, objective: Objective, cycle: Cycle, key_result_ids: Iterable[int], actor: User | None = None
) -> Objective:
    """A copy of the objective in `cycle` (as a draft, same team and owner, not aligned) with
    the chosen key results: same figures, due at the new cycle's end, no check-ins yet."""
    if cycle.workspace_id != objective.workspace_id:
        raise ValidationError({"cycle": "Unknown cycle."})
    if cycle.pk == objective.cycle_id:
        raise ValidationError({"cycle": "Choose another cycle than the objective's own."})
    wanted = {int(pk) for pk in key_result_ids}
    key_results = list(objective.key_results.filter(pk__in=wanted).order_by("position", "id"))
    if len(key_results) != len(wanted):
        raise ValidationError({"key_result_ids": "These are not all key results of the objective."})
    copy = objective_create(
        cycle=cycle, title=objective.title, team=objective.team,
        description=objective.description, owner=objective.owner, status=ObjectiveStatus.DRAFT,
    )  # fmt: skip
    for key_result in key_results:
        key_result_create(
            objective=copy, title=key_result.title, metric=key_result.metric,
            unit=key_result.unit, unit_label=key_result.unit_label,
            direction=key_result.direction, baseline=key_result.baseline,
            target=key_result.target, deadline=None, kind=key_result.kind,
            scoring=key_result.scoring, levels=key_result.levels, weight=key_result.weight,
            owner=key_result.owner, data_source=key_result.data_source,
        )  # fmt: skip
    return copy


# --- key results -----------------------------------------------------------------------------


def _clean_levels(levels, errors: dict) -> list[list[float]]:
    if levels is None or levels == "":
        return []
    if not isinstance(levels, list | tuple) or len(levels) > LEVELS_MAX:
        errors["levels"] = f"Give up to {LEVELS_MAX} levels as [value, score] pairs."
        return []
    cleaned = []
    for level in levels:
        if not isinstance(level, list | tuple) or len(level) != 2:
            errors["levels"] = "Each level is a [value, score] pair."
            return []
        level_errors: dict = {}
        value = number(level[0], "value", level_errors)
        points = number(level[1], "score", level_errors)
        if level_errors or value is None or points is None:
            errors["levels"] = "Each level's value and score must be numbers."
            return []
        cleaned.append([float(value), float(points)])
    return cleaned


def figures_of(key_result: KeyResult, current=_UNSET) -> scoring.Figures:
    return scoring.Figures(
        direction=key_result.direction,
        scoring=key_result.scoring,
        baseline=key_result.baseline,
        target=key_result.target,
        current=key_result.current if current is _UNSET else current,
        levels=tuple(tuple(level) for level in key_result.levels or ()),
    )


def _clean_key_result(values: dict, cycle: Cycle, workspace_id: int) -> dict:
    """Check a key result's complete set of fields; the cleaned values, or ValidationError."""
    errors: dict = {}
    clean = dict(values)
    clean["title"] = _text(values["title"], "title", errors, max_length=TITLE_MAX, required=True)
    clean["metric"] = _text(values["metric"], "metric", errors, max_length=TITLE_MAX)
    clean["unit_label"] = _text(
        values["unit_label"], "unit_label", errors, max_length=UNIT_LABEL_MAX
    )
    _choice(values["unit"], "unit", Unit, errors)
    _choice(values["direction"], "direction", Direction, errors)
    _choice(values["kind"], "kind", KeyResultKind, errors)
    _choice(values["data_source"], "data_source", DataSource, errors)
    clean["baseline"] = number(values["baseline"], "baseline", errors)
    clean["target"] = number(values["target"], "target", errors)
    weight = number(values["weight"], "weight", errors)
    if weight is None and "weight" not in errors:
        weight = Decimal(1)
    if weight is not None and not 0 <= weight <= WEIGHT_MAX:
        errors["weight"] = f"Use a weight from 0 to {WEIGHT_MAX}."
    clean["weight"] = weight
    if values["kind"] == KeyResultKind.MILESTONE:
        # A milestone is done or not: 0 until done, 1 once done.
        if clean["baseline"] is None and "baseline" not in errors:
            clean["baseline"] = Decimal(0)
        if clean["target"] is None and "target" not in errors:
            clean["target"] = Decimal(1)
        if values["scoring"] != ScoringType.BINARY:
            errors["scoring"] = "A milestone is done or not: use binary scoring."
    scoring_type = _choice(values["scoring"], "scoring", scoring.ScoringType, errors)
    clean["levels"] = (
        _clean_levels(values["levels"], errors) if scoring_type == ScoringType.THRESHOLD else []
    )
    deadline = values["deadline"] or cycle.end
    if not isinstance(deadline, date) or isinstance(deadline, datetime):
        errors["deadline"] = "Enter the deadline as a date (YYYY-MM-DD)."
    elif deadline < cycle.start:
        errors["deadline"] = (
            f"The deadline {_day(deadline)} is before the cycle “{cycle.name}” starts "
            f"({_day(cycle.start)})."
        )
    clean["deadline"] = deadline
    _check_owner(workspace_id, values["owner"], errors)
    _raise(errors)
    scoring.check_figures(
        scoring.Figures(
            direction=clean["direction"], scoring=clean["scoring"], baseline=clean["baseline"],
            target=clean["target"], current=None,
            levels=tuple(tuple(level) for level in clean["levels"]),
        )
    )  # fmt: skip
    return clean


def _default_scoring(kind: str, direction: str) -> str:
    stays = direction in (Direction.STAY_ABOVE, Direction.STAY_BELOW)
    return ScoringType.BINARY if kind == KeyResultKind.MILESTONE or stays else ScoringType.LINEAR


def _check_objective_open(objective: Objective) -> None:
    _check_open(objective.cycle)
    if objective.status == ObjectiveStatus.GRADED:
        raise _locked("This objective is graded; its key results no longer change.")


@transaction.atomic
def key_result_create(
    *, objective: Objective, title: str, metric: str = "", unit: str = Unit.NUMBER,
    unit_label: str = "", direction: str = Direction.INCREASE, baseline=None, target=None,
    deadline: date | None = None, kind: str = KeyResultKind.METRIC, scoring: str | None = None,
    levels=(), weight=1, owner: User | None = None, data_source: str = DataSource.MANUAL,
    kpi: Kpi | None = None,
) -> KeyResult:  # fmt: skip
    """A new key result. `deadline` defaults to the cycle's last day; `scoring` to binary for
    milestones and stay above/below, else linear. Its score is 0 until the first check-in."""
    _check_objective_open(objective)
    values = {
        "title": title, "metric": metric, "unit": unit, "unit_label": unit_label,
        "direction": direction, "baseline": baseline, "target": target, "deadline": deadline,
        "kind": kind, "scoring": scoring or _default_scoring(kind, direction),
        "levels": list(levels or ()), "weight": weight, "owner": owner,
        "data_source": data_source,
    }  # fmt: skip
    clean = _clean_key_result(values, objective.cycle, objective.workspace_id)
    last = objective.key_results.aggregate(n=Max("position"))["n"]
    now = timezone.now()
    key_result = KeyResult.objects.create(
        workspace_id=objective.workspace_id, objective=objective, position=(last or 0) + 1,
        kpi=kpi, created_at=now, updated_at=now, **clean,
    )  # fmt: skip
    key_result.objective = objective
    _schedule_reminders()
    return key_result


def _lock(key_result_id: int) -> KeyResult:
    return (
        KeyResult.objects.select_for_update()
        .select_related("objective__cycle")
        .get(pk=key_result_id)
    )


def _sync(caller: KeyResult, fresh: KeyResult) -> None:
    """Give the caller's instance the values just written (it may be shown right after)."""
    if caller is not fresh:
        for model_field in KeyResult._meta.concrete_fields:
            setattr(caller, model_field.attname, getattr(fresh, model_field.attname))


def _shown(field: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(f"≥ {v:g} → {s:g}" for v, s in value)
    return str(value)


@transaction.atomic
def key_result_update(
    *, key_result: KeyResult, actor: User | None, reason: str = "", **changes
) -> KeyResult:
    """Change any of KEY_RESULT_FIELDS. Once the cycle has started, changing a locked figure
    (LOCKED_FIELDS) needs a `reason` and is written to the key result's history."""
    unknown = set(changes) - KEY_RESULT_FIELDS
    if unknown:
        raise TypeError(f"key_result_update() got unknown fields: {', '.join(sorted(unknown))}")
    caller, key_result = key_result, _lock(key_result.pk)
    objective = key_result.objective
    _check_objective_open(objective)
    if key_result.graded_at is not None:
        raise _locked("This key result is graded; it no longer changes.")
    before = {field: getattr(key_result, field) for field in KEY_RESULT_FIELDS}
    values = {**before, **changes}
    if "kind" in changes and "scoring" not in changes:
        values["scoring"] = _default_scoring(values["kind"], values["direction"])
    clean = _clean_key_result(values, objective.cycle, key_result.workspace_id)
    changed = {field for field in KEY_RESULT_FIELDS if clean[field] != before[field]}
    locked = [field for field in LOCKED_FIELDS if field in changed]
    reason = (reason or "").strip()
    if locked and objective.cycle.has_started():
        if not reason:
            names = " and ".join(field.replace("_", " ") for field in locked)
            verb = "is" if len(locked) == 1 else "are"
            raise ValidationError(
                {
                    "reason": f"“{objective.cycle.name}” has started, so the {names} {verb} "
                    "locked: give the reason for the change (it is kept in the key result's "
                    "history)."
                }
            )
        if len(reason) > TEXT_MAX:
            raise ValidationError({"reason": f"Use at most {TEXT_MAX:,} characters."})
        now = timezone.now()
        KeyResultChange.objects.bulk_create(
            [
                KeyResultChange(
                    key_result=key_result, field=field, old=_shown(field, before[field])[:2000],
                    new=_shown(field, clean[field])[:2000], reason=reason, actor=actor, at=now,
                )
                for field in locked
            ]
        )  # fmt: skip
    if not changed:
        return key_result
    for field in changed:
        setattr(key_result, field, clean[field])
    key_result.score = scoring.score(figures_of(key_result))
    key_result.updated_at = timezone.now()
    key_result.save()
    _sync(caller, key_result)
    return key_result


@transaction.atomic
def key_result_delete(*, key_result: KeyResult) -> None:
    _check_objective_open(key_result.objective)
    key_result.delete()


@transaction.atomic
def key_result_reflect(*, key_result: KeyResult, reflection: str) -> KeyResult:
    """Write (or rewrite) the key result's reflection: why did we hit or miss, what did we
    learn. Possible at any time, also after grading."""
    errors: dict = {}
    text = _text(reflection, "reflection", errors, max_length=TEXT_MAX)
    _raise(errors)
    KeyResult.objects.filter(pk=key_result.pk).update(reflection=text)
    key_result.reflection = text
    return key_result


# --- check-ins -------------------------------------------------------------------------------


def checkins_closed_reason(key_result: KeyResult, on: date | None = None) -> str:
    """Why check-ins on this key result are closed, or "" while they are open."""
    objective = key_result.objective
    cycle = objective.cycle
    if cycle.is_graded or objective.status == ObjectiveStatus.GRADED or key_result.graded_at:
        return f"“{cycle.name}” is graded: check-ins are closed."
    if cycle.has_ended(on):
        return f"Check-ins for “{cycle.name}” closed when it ended on {_day(cycle.end)}."
    return ""


def _apply_latest(key_result: KeyResult, check_ins: list[CheckIn]) -> None:
    """Make the newest of `check_ins` the key result's current value if it is newer."""
    newest = max(check_ins, key=lambda c: c.checked_in_at)
    if (
        key_result.last_checked_in_at is None
        or newest.checked_in_at >= key_result.last_checked_in_at
    ):
        key_result.current = newest.value
        key_result.confidence = newest.confidence
        key_result.last_checked_in_at = newest.checked_in_at
    key_result.score = scoring.score(figures_of(key_result))
    key_result.updated_at = timezone.now()
    key_result.save(
        update_fields=["current", "confidence", "last_checked_in_at", "score", "updated_at"]
    )


@transaction.atomic
def checkin_create(
    *, key_result: KeyResult, value, confidence: int | None = None, note: str = "",
    next_actions: str = "", author: User | None = None, source: str = CheckInSource.MANUAL,
    checked_in_at: datetime | None = None,
) -> CheckIn:  # fmt: skip
    """Record a value. The key result's current value (if this is its newest check-in),
    confidence and score change with it, in the same transaction; open reminders about it are
    answered. Refused once the cycle has ended or is graded."""
    errors: dict = {}
    amount = number(value, "value", errors)
    if amount is None and "value" not in errors:
        errors["value"] = "Enter the value measured."
    if confidence is not None and (
        isinstance(confidence, bool) or not isinstance(confidence, int) or not 0 <= confidence <= 10
    ):
        errors["confidence"] = "Confidence is a whole number from 0 to 10."
    note = _text(note, "note", errors, max_length=TEXT_MAX)
    next_actions = _text(next_actions, "next_actions", errors, max_length=TEXT_MAX)
    _choice(source, "source", CheckInSource, errors)
    now = timezone.now()
    if checked_in_at is not None and checked_in_at > now + timedelta(minutes=5):
        errors["checked_in_at"] = "A check-in cannot be in the future."
    _raise(errors)
    caller, key_result = key_result, _lock(key_result.pk)
    closed = checkins_closed_reason(key_result)
    if closed:
        raise _locked(closed)
    check_in = CheckIn.objects.create(
        key_result=key_result, value=amount, confidence=confidence, note=note,
        next_actions=next_actions, author=author, source=source,
        checked_in_at=checked_in_at or now, created_at=now,
    )  # fmt: skip
    _apply_latest(key_result, [check_in])
    CheckInReminder.objects.filter(key_result=key_result, answered_at=None).update(answered_at=now)
    _sync(caller, key_result)
    check_in.key_result = key_result
    _emit_checked_in(key_result, check_in, author)
    return check_in


def _emit_checked_in(key_result: KeyResult, check_in: CheckIn, author: User | None) -> None:
    """The outbox event for webhooks (and anyone listening for check-ins)."""
    emit(
        workspace=key_result.workspace,
        kind=EventKind.KEY_RESULT_CHECKED_IN,
        payload={
            "key_result_id": key_result.pk,
            "objective_id": key_result.objective_id,
            "title": key_result.title,
            "check_in_id": check_in.pk,
            "value": float(check_in.value),
            "confidence": check_in.confidence,
            "note": check_in.note,
            "current": float(key_result.current) if key_result.current is not None else None,
            "score": key_result.score,
            "band": scoring.band(key_result.score),
            "checked_in_at": check_in.checked_in_at.isoformat(),
        },
        actor_user=author,
    )


@transaction.atomic
def checkin_delete(*, check_in: CheckIn) -> None:
    """Remove a mistaken check-in while check-ins are open; the key result goes back to the
    value of its newest remaining check-in (none: no current value)."""
    key_result = _lock(check_in.key_result_id)
    closed = checkins_closed_reason(key_result)
    if closed:
        raise _locked(closed)
    check_in.delete()
    newest = key_result.check_ins.order_by("-checked_in_at", "-id").first()
    key_result.current = newest.value if newest else None
    key_result.confidence = newest.confidence if newest else None
    key_result.last_checked_in_at = newest.checked_in_at if newest else None
    key_result.score = scoring.score(figures_of(key_result))
    key_result.updated_at = timezone.now()
    key_result.save(
        update_fields=["current", "confidence", "last_checked_in_at", "score", "updated_at"]
    )


# --- grading ---------------------------------------------------------------------------------


def _grade(objective: Objective, reflections: dict, now: datetime) -> list[str]:
    """Grade one objective; the titles of key results still missing a reflection (nothing is
    written while any is missing)."""
    key_results = list(objective.key_results.select_for_update().order_by("position", "id"))
    missing = []
    for key_result in key_results:
        text = reflections.get(key_result.pk)
        if text is not None:
            key_result.reflection = text
        if not key_result.reflection.strip():
            missing.append(key_result.title)
    if missing:
        return missing
    for key_result in key_results:
        key_result.score = scoring.score(figures_of(key_result))
        key_result.final_score = key_result.score
        key_result.graded_at = now
    KeyResult.objects.bulk_update(key_results, ["reflection", "score", "final_score", "graded_at"])
    Objective.objects.filter(pk=objective.pk).update(status=ObjectiveStatus.GRADED, updated_at=now)
    objective.status = ObjectiveStatus.GRADED
    return []


def _clean_reflections(reflections, errors: dict) -> dict[int, str]:
    cleaned = {}
    for key, text in (reflections or {}).items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            errors["reflections"] = "Reflections are keyed by key result id."
            return {}
        cleaned[pk] = _text(text, "reflections", errors, max_length=TEXT_MAX)
    return cleaned


def _check_gradable(cycle: Cycle, on: date | None) -> None:
    if cycle.is_graded:
        raise _locked(f"“{cycle.name}” is already graded.")
    if (on or _today()) < cycle.end:
        raise _locked(
            f"“{cycle.name}” runs until {_day(cycle.end)}; grade it from its last day on."
        )


@transaction.atomic
def objective_grade(
    *, objective: Objective, reflections: dict[int, str] | None = None, on: date | None = None
) -> Objective:
    """Grade an objective at its cycle's end: each key result's score becomes its final score,
    next to its reflection (from `reflections` {key result id: text}, or written before with
    key_result_reflect). Every key result needs a reflection."""
    objective = Objective.objects.select_for_update().select_related("cycle").get(pk=objective.pk)
    if objective.status == ObjectiveStatus.GRADED:
        raise _locked("This objective is already graded.")
    _check_gradable(objective.cycle, on)
    errors: dict = {}
    cleaned = _clean_reflections(reflections, errors)
    _raise(errors)
    missing = _grade(objective, cleaned, timezone.now())
    if missing:
        raise ValidationError(
            {
                "reflections": "Write a reflection (why did we hit or miss, what did we learn) "
                f"for: {'; '.join(missing)}."
            }
        )
    return objective


@transaction.atomic
def cycle_grade(
    *, cycle: Cycle, reflections: dict[int, str] | None = None, on: date | None = None
) -> Cycle:
    """Grade every objective of the cycle not graded yet, then close the cycle for good."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    _check_gradable(cycle, on)
    errors: dict = {}
    cleaned = _clean_reflections(reflections, errors)
    _raise(errors)
    now = timezone.now()
    missing = []
    for objective in cycle.objectives.exclude(status=ObjectiveStatus.GRADED).order_by("id"):
        missing += _grade(objective, cleaned, now)
    if missing:  # raising rolls back the objectives graded so far
        raise ValidationError(
            {
                "reflections": "Write a reflection (why did we hit or miss, what did we learn) "
                f"for: {'; '.join(missing)}."
            }
        )
    cycle.graded_at = now
    cycle.save(update_fields=["graded_at"])
    return cycle


# --- KPIs ------------------------------------------------------------------------------------

KPI_FIELDS = {
    "name", "description", "unit", "unit_label", "direction", "healthy_min", "healthy_max",
    "update_every_days", "owner", "team",
}  # fmt: skip


def _clean_kpi(values: dict, workspace_id: int, exclude_id=None) -> dict:
    errors: dict = {}
    clean = dict(values)
    clean["name"] = _text(values["name"], "name", errors, max_length=TITLE_MAX, required=True)
    clean["description"] = _text(values["description"], "description", errors, max_length=TEXT_MAX)
    clean["unit_label"] = _text(
        values["unit_label"], "unit_label", errors, max_length=UNIT_LABEL_MAX
    )
    _choice(values["unit"], "unit", Unit, errors)
    _choice(values["direction"], "direction", Direction, errors)
    clean["healthy_min"] = number(values["healthy_min"], "healthy_min", errors)
    clean["healthy_max"] = number(values["healthy_max"], "healthy_max", errors)
    low, high = clean["healthy_min"], clean["healthy_max"]
    if low is not None and high is not None and low > high:
        errors["healthy_max"] = "The healthy band's top is below its bottom."
    every = values["update_every_days"]
    if isinstance(every, bool) or not isinstance(every, int) or not 1 <= every <= 366:
        errors["update_every_days"] = "Update every 1 to 366 days."
    team = values["team"]
    if team is not None and team.workspace_id != workspace_id:
        errors["team"] = "Unknown team."
    _check_owner(workspace_id, values["owner"], errors)
    others = Kpi.objects.filter(workspace_id=workspace_id).exclude(pk=exclude_id)
    if "name" not in errors and others.filter(name__iexact=clean["name"]).exists():
        errors["name"] = f"There is already a KPI named “{clean['name']}”."
    _raise(errors)
    return clean


@transaction.atomic
def kpi_create(
    *, workspace: Workspace, name: str, description: str = "", unit: str = Unit.NUMBER,
    unit_label: str = "", direction: str = Direction.INCREASE, healthy_min=None,
    healthy_max=None, update_every_days: int = 7, owner: User | None = None,
    team: Team | None = None,
) -> Kpi:  # fmt: skip
    values = {
        "name": name, "description": description, "unit": unit, "unit_label": unit_label,
        "direction": direction, "healthy_min": healthy_min, "healthy_max": healthy_max,
        "update_every_days": update_every_days, "owner": owner, "team": team,
    }  # fmt: skip
    clean = _clean_kpi(values, workspace.pk)
    try:
        with transaction.atomic():
            return Kpi.objects.create(workspace=workspace, **clean)
    except IntegrityError:
        raise ValidationError(
            {"name": f"There is already a KPI named “{clean['name']}”."}
        ) from None


@transaction.atomic
def kpi_update(*, kpi: Kpi, **changes) -> Kpi:
    """Change any of KPI_FIELDS."""
    unknown = set(changes) - KPI_FIELDS
    if unknown:
        raise TypeError(f"kpi_update() got unknown fields: {', '.join(sorted(unknown))}")
    values = {field: getattr(kpi, field) for field in KPI_FIELDS} | changes
    clean = _clean_kpi(values, kpi.workspace_id, exclude_id=kpi.pk)
    for field, value in clean.items():
        setattr(kpi, field, value)
    kpi.save()
    return kpi


@transaction.atomic
def kpi_value_add(
    *, kpi: Kpi, value, at: datetime | None = None, author: User | None = None
) -> KpiValue:
    """Record a KPI reading. `was_late` says it came more than `update_every_days` after the one
    before (or after the KPI was made). Key results promoted from the KPI whose check-ins are
    open get it as a check-in too."""
    errors: dict = {}
    amount = number(value, "value", errors)
    if amount is None and "value" not in errors:
        errors["value"] = "Enter the value measured."
    now = timezone.now()
    at = at or now
    if at > now + timedelta(minutes=5):
        errors["at"] = "A value cannot be from the future."
    _raise(errors)
    kpi = Kpi.objects.select_for_update().get(pk=kpi.pk)
    previous = kpi.values.filter(at__lte=at).order_by("-at", "-id").first()
    since = previous.at if previous else kpi.created_at
    late = (at - since) > timedelta(days=kpi.update_every_days)
    reading = KpiValue.objects.create(
        kpi=kpi, value=amount, at=at, author=author, was_late=late, created_at=now
    )
    if kpi.updated_at is None or at >= kpi.updated_at:
        kpi.current, kpi.updated_at = amount, at
        kpi.save(update_fields=["current", "updated_at"])
    for key_result in kpi.key_results.select_related("objective__cycle"):
        if not checkins_closed_reason(key_result):
            checkin_create(
                key_result=key_result, value=amount, author=author, source=CheckInSource.KPI,
                checked_in_at=at, note=f"From the KPI “{kpi.name}”.",
            )  # fmt: skip
    return reading


@transaction.atomic
def kpi_promote(
    *, kpi: Kpi, objective: Objective, target, deadline: date | None = None, title: str = "",
    scoring: str | None = None, levels=(), weight=1, owner: User | None = None,
) -> KeyResult:  # fmt: skip
    """A key result from a KPI: its latest value is the baseline, its history is copied as
    check-ins (so the chart starts where the KPI's did), its direction and unit carry over."""
    if objective.workspace_id != kpi.workspace_id:
        raise ValidationError({"objective": "Unknown objective."})
    history = list(kpi.values.order_by("at", "id"))
    if not history:
        raise ValidationError({"kpi": "This KPI has no value yet: record one before promoting it."})
    latest = max(history, key=lambda v: (v.at, v.id))
    errors: dict = {}
    goal = number(target, "target", errors)
    if goal is None and "target" not in errors:
        errors["target"] = "Enter the target this key result aims for."
    _raise(errors)
    day = deadline or objective.cycle.end
    if not (title or "").strip():
        from . import lint

        title = lint.statement(
            metric=kpi.name,
            baseline=latest.value,
            target=goal,
            deadline=day,
            unit=kpi.unit,
            unit_label=kpi.unit_label,
            direction=kpi.direction,
        )[:TITLE_MAX]
    key_result = key_result_create(
        objective=objective, title=title, metric=kpi.name, unit=kpi.unit,
        unit_label=kpi.unit_label, direction=kpi.direction, baseline=latest.value, target=goal,
        deadline=deadline, scoring=scoring, levels=levels, weight=weight,
        owner=owner or kpi.owner, kpi=kpi,
    )  # fmt: skip
    check_ins = CheckIn.objects.bulk_create(
        [
            CheckIn(
                key_result=key_result, value=reading.value, author=reading.author,
                source=CheckInSource.KPI, checked_in_at=reading.at,
                note=f"From the KPI “{kpi.name}”.",
            )
            for reading in history
        ]
    )  # fmt: skip
    _apply_latest(key_result, check_ins)
    return key_result


# --- reminders -------------------------------------------------------------------------------


def checkin_reminders_record(*, now: datetime | None = None) -> list[CheckInReminder]:
    """Remind every owner whose key result in a running cycle has had no check-in for 7 days
    (queries.reminder_candidates decides who, backing off after 3 unanswered reminders)."""
    from .queries import reminder_candidates

    now = now or timezone.now()
    with transaction.atomic():
        reminders = CheckInReminder.objects.bulk_create(
            [
                CheckInReminder(
                    key_result=candidate.key_result, user=candidate.user, sent_at=now,
                    sequence=candidate.sequence,
                )
                for candidate in reminder_candidates(now=now)
            ]
        )  # fmt: skip
        _emit_reminders(reminders, now)
    return reminders


def _emit_reminders(reminders: list[CheckInReminder], now: datetime) -> None:
    """Each reminder as a notification event (e-mail and the bell), to the owner's Person."""
    from keyloop.feedback.actions import person_for_user

    for reminder in reminders:
        key_result = reminder.key_result
        quiet_since = key_result.last_checked_in_at or key_result.created_at
        emit(
            workspace=key_result.workspace,
            kind=EventKind.KEY_RESULT_REMINDER,
            payload={
                "key_result_id": key_result.pk,
                "title": key_result.title,
                "url": _check_in_url(key_result),
                "days_since": (timezone.localdate(now) - timezone.localdate(quiet_since)).days,
                "sequence": reminder.sequence,
                "user_id": reminder.user_id,
            },
            people=[person_for_user(workspace=key_result.workspace, user=reminder.user)],
        )


def _check_in_url(key_result: KeyResult) -> str:
    from django.conf import settings
    from django.urls import NoReverseMatch, reverse

    try:
        path = reverse("okr_key_result_check_in", args=[key_result.workspace.slug, key_result.pk])
    except NoReverseMatch:
        return ""
    return settings.BASE_URL + path


def _schedule_reminders() -> None:
    """Make sure the daily reminder run is queued (it re-queues itself every day after)."""

    def schedule():
        from keyloop.lib.tasks import enqueue_unless_waiting

        from .tasks import checkin_reminders_send, next_run_delay

        enqueue_unless_waiting(checkin_reminders_send, delay=next_run_delay())

    transaction.on_commit(schedule)
