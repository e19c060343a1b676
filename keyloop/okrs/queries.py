"""Reads of OKRs: the cycle tree with its roll-ups, a key result with its pace and projection,
"my key results", the reminder candidates, the quality report of a cycle.

Every list is read in a fixed number of queries, however many rows it has.

Roll-up (docs/okrs.md):
- a key result's score is its live score, or its final score once graded;
- an objective's score is the weighted mean of its key results' scores (no key results, or
  only weight-0 ones: no score, not 0);
- an objective's rolled score is the plain mean of its own score and the rolled scores of the
  objectives aligned to it (each counts once; one without a score is left out);
- a team's score is the mean of its own objectives' rolled scores;
- a team's subtree score is the mean of the own scores of every objective of the team and
  all its sub-teams, each objective once (alignment is not followed, so nothing counts twice);
- the cycle's score is the mean of the own scores of all its objectives.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, DateTimeField, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from keyloop.accounts.models import Membership, User, Workspace

from . import pace as pacing
from . import scoring
from .actions import checkins_closed_reason, figures_of, okr_settings_of
from .models import (
    CheckIn,
    CheckInReminder,
    Cycle,
    KeyResult,
    KeyResultChange,
    Kpi,
    KpiValue,
    Objective,
    ObjectiveStatus,
    OkrSettings,
    Team,
)

REMIND_AFTER = timedelta(days=7)
REMINDERS_BEFORE_BACKING_OFF = 3


def quiet_threshold(now: datetime) -> datetime:
    """Anything before this moment is 7 or more calendar days ago: the start (local time) of
    the day six days before today. A check-in on a Friday makes the owner due next Friday,
    whatever the hour of either."""
    start = timezone.localdate(now) - (REMIND_AFTER - timedelta(days=1))
    return timezone.make_aware(datetime.combine(start, datetime.min.time()))


def _mean(values) -> float | None:
    values = [value for value in values if value is not None]
    return sum(values) / len(values) if values else None


# --- one key result's standing ---------------------------------------------------------------


@dataclass
class KeyResultStanding:
    """A key result with what is computed from it: score and band, pace, the statement."""

    key_result: KeyResult
    score: float
    band: str | None
    progress: float  # fraction of the way from baseline to target (scoring.progress)
    expected_progress: float  # elapsed fraction of the key result's period (cycle start → deadline)
    pace: str  # on_track | behind | at_risk
    statement: str  # "[metric] from [baseline] to [target] by [date]"
    is_due: bool = False  # no check-in for 7 days while check-ins are open
    checkins_open: bool = True


def key_result_statement(key_result: KeyResult) -> str:
    from . import lint

    return lint.statement(
        metric=key_result.metric or key_result.title, baseline=key_result.baseline,
        target=key_result.target, deadline=key_result.deadline, unit=key_result.unit,
        unit_label=key_result.unit_label, direction=key_result.direction,
    )  # fmt: skip


def key_result_standing(
    *, key_result: KeyResult, on: date | None = None, settings: OkrSettings | None = None,
    now: datetime | None = None,
) -> KeyResultStanding:  # fmt: skip
    """The standing of a key result whose objective and cycle are loaded (select_related)."""
    cycle = key_result.objective.cycle
    settings = settings or okr_settings_of(key_result.workspace_id)
    now = now or timezone.now()
    on = on or timezone.localdate(now)
    figures = figures_of(key_result)
    score = key_result.final_score if key_result.final_score is not None else key_result.score
    progress = scoring.progress(figures)
    expected = pacing.expected_progress(start=cycle.start, end=key_result.deadline, on=on)
    open_ = not checkins_closed_reason(key_result, on)
    last = key_result.last_checked_in_at or key_result.created_at
    return KeyResultStanding(
        key_result=key_result, score=score, band=scoring.band(score), progress=progress,
        expected_progress=expected,
        pace=pacing.pace(
            progress=progress, expected=expected, behind_below=settings.pace_behind_below,
            at_risk_below=settings.pace_at_risk_below,
        ),
        statement=key_result_statement(key_result),
        is_due=open_ and cycle.has_started(on) and last < quiet_threshold(now),
        checkins_open=open_,
    )  # fmt: skip


def key_result_standings(
    *, key_results, workspace: Workspace, on: date | None = None
) -> list[KeyResultStanding]:
    """Standings of many key results (objective and cycle loaded) with one settings query.
    Each key result also gets `.standing`, for templates and API schemas."""
    settings = okr_settings_of(workspace)
    now = timezone.now()
    standings = []
    for key_result in key_results:
        standing = key_result_standing(key_result=key_result, on=on, settings=settings, now=now)
        key_result.standing = standing
        standings.append(standing)
    return standings


# --- cycles ----------------------------------------------------------------------------------


def cycles(*, workspace: Workspace) -> QuerySet[Cycle]:
    return Cycle.objects.filter(workspace=workspace).order_by("-start", "id")


def cycle_current(*, workspace: Workspace, on: date | None = None) -> Cycle | None:
    """The cycle containing `on` (today). When several do (a quarter inside its year), the
    shortest, then the one that started last: the quarter is "current", the year frames it."""
    on = on or timezone.localdate()
    containing = list(Cycle.objects.filter(workspace=workspace, start__lte=on, end__gte=on))
    if not containing:
        return None
    return min(containing, key=lambda c: ((c.end - c.start).days, -c.start.toordinal(), c.pk))


def cycle_default(*, workspace: Workspace, on: date | None = None) -> Cycle | None:
    """The cycle a page opens on: the current one, else the latest that has started, else the
    first one to come."""
    on = on or timezone.localdate()
    current = cycle_current(workspace=workspace, on=on)
    if current is not None:
        return current
    started = Cycle.objects.filter(workspace=workspace, start__lte=on).order_by("-end", "-id")
    return started.first() or (
        Cycle.objects.filter(workspace=workspace).order_by("start", "id").first()
    )


# --- the cycle tree --------------------------------------------------------------------------


@dataclass
class ObjectiveNode:
    objective: Objective
    key_results: list[KeyResultStanding]
    score: float | None  # weighted mean of its key results
    rolled_score: float | None = None  # with the objectives aligned to it
    band: str | None = None  # of the rolled score
    aligned: list["ObjectiveNode"] = field(default_factory=list)
    findings: list = field(default_factory=list)  # lint: too few / too many key results
    visible: bool = True  # passes the tree's filters


@dataclass
class TeamNode:
    team: Team | None  # None: objectives of the whole workspace (no team)
    depth: int
    objectives: list[ObjectiveNode] = field(default_factory=list)
    children: list["TeamNode"] = field(default_factory=list)
    score: float | None = None  # mean of its objectives' rolled scores
    subtree_score: float | None = (
        None  # mean of the own scores of its and its sub-teams' objectives
    )
    band: str | None = None  # of the score
    subtree_band: str | None = None
    findings: list = field(default_factory=list)  # lint: too many objectives

    def walk(self) -> Iterator["TeamNode"]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class CycleTree:
    cycle: Cycle
    roots: list[TeamNode]
    score: float | None
    band: str | None
    objectives: dict[int, ObjectiveNode]

    def walk(self) -> Iterator[TeamNode]:
        """Every team node, depth first (for a flat, indented rendering)."""
        for root in self.roots:
            yield from root.walk()


def _roll(node: ObjectiveNode, seen: set[int]) -> float | None:
    if node.rolled_score is not None or node.objective.pk in seen:
        return node.rolled_score
    seen.add(node.objective.pk)
    parts = [node.score] + [_roll(child, seen) for child in node.aligned]
    node.rolled_score = _mean(parts)
    node.band = scoring.band(node.rolled_score)
    return node.rolled_score


def cycle_tree(
    *, cycle: Cycle, team_id: int | None = None, owner_id: int | None = None,
    status: str | None = None, on: date | None = None,
) -> CycleTree:  # fmt: skip
    """The cycle's teams as a hierarchy with their objectives, key results and roll-ups.

    Scores are always computed over everything; the filters (a team and its sub-teams, an
    owner of the objective or of one of its key results, an objective status) only hide
    objectives, and teams left with nothing to show. Four queries.
    """
    from . import lint

    workspace = cycle.workspace
    teams = list(Team.objects.filter(workspace_id=cycle.workspace_id).order_by("name", "id"))
    objectives = list(
        Objective.objects.filter(cycle=cycle).select_related("owner", "team").order_by(
            "position", "id"
        )
    )  # fmt: skip
    key_results = list(
        KeyResult.objects.filter(objective__cycle=cycle)
        .select_related("owner")
        .order_by("position", "id")
    )
    for objective in objectives:
        objective.cycle = cycle
    by_objective_id = {objective.pk: objective for objective in objectives}
    for key_result in key_results:
        key_result.objective = by_objective_id[key_result.objective_id]
    standings = key_result_standings(key_results=key_results, workspace=workspace, on=on)
    of_objective = defaultdict(list)
    for standing in standings:
        of_objective[standing.key_result.objective_id].append(standing)

    nodes: dict[int, ObjectiveNode] = {}
    for objective in objectives:
        mine = of_objective[objective.pk]
        nodes[objective.pk] = ObjectiveNode(
            objective=objective, key_results=mine,
            score=scoring.weighted_mean((s.score, s.key_result.weight) for s in mine),
            findings=lint.lint_objective(title=objective.title, key_result_count=len(mine)),
        )  # fmt: skip
    for node in nodes.values():
        parent = nodes.get(node.objective.parent_id)
        if parent is not None:
            parent.aligned.append(node)
    for node in nodes.values():
        _roll(node, set())

    # Teams as a tree; objectives without a team sit in a first node of their own.
    team_nodes = {team.pk: TeamNode(team=team, depth=0) for team in teams}
    roots: list[TeamNode] = []
    for team in teams:
        parent = team_nodes.get(team.parent_id)
        (parent.children if parent else roots).append(team_nodes[team.pk])
    workspace_node = TeamNode(team=None, depth=0)
    for objective in objectives:
        owner_node = team_nodes.get(objective.team_id, workspace_node)
        owner_node.objectives.append(nodes[objective.pk])
    if workspace_node.objectives:
        roots.insert(0, workspace_node)

    def finish(team_node: TeamNode, depth: int) -> list[float | None]:
        team_node.depth = depth
        own = [node.score for node in team_node.objectives]
        below = []
        for child in team_node.children:
            below += finish(child, depth + 1)
        team_node.score = _mean(node.rolled_score for node in team_node.objectives)
        team_node.subtree_score = _mean(own + below)
        team_node.band = scoring.band(team_node.score)
        team_node.subtree_band = scoring.band(team_node.subtree_score)
        if team_node.team is not None:
            team_node.findings = lint.lint_team_cycle(
                team_name=team_node.team.name, objective_count=len(team_node.objectives)
            )
        return own + below

    for root in roots:
        finish(root, 0)
    total = _mean(node.score for node in nodes.values())
    _filter_tree(roots, nodes, team_id=team_id, owner_id=owner_id, status=status)
    if team_id or owner_id or status:
        roots = [root for root in roots if _prune(root)]
    return CycleTree(
        cycle=cycle, roots=roots, score=total, band=scoring.band(total), objectives=nodes
    )


def _filter_tree(roots, nodes, *, team_id, owner_id, status) -> None:
    in_team: set[int] | None = None
    if team_id:
        in_team = set()
        for root in roots:
            for team_node in root.walk():
                if team_node.team is not None and team_node.team.pk == int(team_id):
                    in_team = {n.team.pk for n in team_node.walk() if n.team is not None}
    for node in nodes.values():
        objective = node.objective
        visible = True
        if in_team is not None and objective.team_id not in in_team:
            visible = False
        if owner_id and objective.owner_id != int(owner_id):
            visible = visible and any(
                s.key_result.owner_id == int(owner_id) for s in node.key_results
            )
        if status and objective.status != status:
            visible = False
        node.visible = visible


def _prune(team_node: TeamNode) -> bool:
    """Drop objectives hidden by the filters and teams left empty; whether anything is left."""
    team_node.objectives = [node for node in team_node.objectives if node.visible]
    team_node.children = [child for child in team_node.children if _prune(child)]
    return bool(team_node.objectives or team_node.children)


# --- objectives ------------------------------------------------------------------------------


@dataclass
class ObjectiveDetail:
    objective: Objective
    key_results: list[KeyResultStanding]
    score: float | None
    rolled_score: float | None
    band: str | None
    aligned: list[ObjectiveNode]  # objectives aligned to it, with their scores
    findings: list


def objective_detail(*, objective: Objective, on: date | None = None) -> ObjectiveDetail:
    """An objective's page: its key results and what is aligned to it (a fixed number of
    queries: the whole cycle's tree is computed, so aligned objectives roll up exactly as on
    the tree)."""
    tree = cycle_tree(cycle=objective.cycle, on=on)
    node = tree.objectives[objective.pk]
    return ObjectiveDetail(
        objective=node.objective, key_results=node.key_results, score=node.score,
        rolled_score=node.rolled_score, band=node.band, aligned=node.aligned,
        findings=node.findings,
    )  # fmt: skip


def objectives(
    *, workspace: Workspace, cycle_id: int | None = None, team_id: int | None = None,
    owner_id: int | None = None, status: str | None = None, parent_id: int | None = None,
) -> QuerySet[Objective]:  # fmt: skip
    found = Objective.objects.filter(workspace=workspace).select_related("cycle", "team", "owner")
    if cycle_id is not None:
        found = found.filter(cycle_id=cycle_id)
    if team_id is not None:
        found = found.filter(team_id=team_id)
    if owner_id is not None:
        found = found.filter(owner_id=owner_id)
    if status:
        found = found.filter(status=status)
    if parent_id is not None:
        found = found.filter(parent_id=parent_id)
    return found


def objective_scores(*, objectives: list[Objective]) -> dict[int, float | None]:
    """{objective id: weighted mean of its key results' scores}, in one query."""
    rows = KeyResult.objects.filter(objective__in=objectives).values_list(
        "objective_id", "score", "final_score", "weight"
    )
    pairs = defaultdict(list)
    for objective_id, score, final_score, weight in rows:
        pairs[objective_id].append((final_score if final_score is not None else score, weight))
    return {o.pk: scoring.weighted_mean(pairs[o.pk]) for o in objectives}


# --- key results -----------------------------------------------------------------------------


def key_results(
    *, workspace: Workspace, cycle_id: int | None = None, objective_id: int | None = None,
    owner_id: int | None = None, team_id: int | None = None,
) -> QuerySet[KeyResult]:  # fmt: skip
    found = KeyResult.objects.filter(workspace=workspace).select_related(
        "objective__cycle", "owner"
    )
    if cycle_id is not None:
        found = found.filter(objective__cycle_id=cycle_id)
    if objective_id is not None:
        found = found.filter(objective_id=objective_id)
    if owner_id is not None:
        found = found.filter(owner_id=owner_id)
    if team_id is not None:
        found = found.filter(objective__team_id=team_id)
    return found


@dataclass
class KeyResultDetail:
    standing: KeyResultStanding
    check_ins: list[CheckIn]  # oldest first, with their authors
    changes: list[KeyResultChange]  # locked figures changed after the cycle started, and why
    projection: float | None  # the value the check-ins' trend reaches by the deadline
    projected_score: float | None  # the score that value would give
    pace_line: list[tuple[date, float]]  # baseline at the cycle's start → target at the deadline
    values: list[tuple[datetime, float]]  # check-in values over time
    confidences: list[tuple[datetime, int]]  # confidence over time (check-ins that gave one)
    closed_reason: str  # why check-ins are closed, "" while open


def key_result_detail(*, key_result: KeyResult, on: date | None = None) -> KeyResultDetail:
    """A key result's page: standing, full check-in history, locked-field changes, projection
    and the series of its chart (three queries)."""
    cycle = key_result.objective.cycle
    settings = okr_settings_of(key_result.workspace)
    standing = key_result_standing(key_result=key_result, on=on, settings=settings)
    key_result.standing = standing
    check_ins = list(key_result.check_ins.select_related("author").order_by("checked_in_at", "id"))
    changes = list(key_result.changes.select_related("actor").order_by("at", "id"))
    points = [(c.checked_in_at, float(c.value)) for c in check_ins]
    projected = pacing.projection(points=points, deadline=key_result.deadline)
    projected_score = None
    if projected is not None:
        projected_score = scoring.score(figures_of(key_result, current=projected))
    pace_line = []
    if key_result.target is not None:
        start_value = key_result.baseline if key_result.baseline is not None else key_result.target
        pace_line = [
            (cycle.start, float(start_value)),
            (key_result.deadline, float(key_result.target)),
        ]
    return KeyResultDetail(
        standing=standing, check_ins=check_ins, changes=changes, projection=projected,
        projected_score=projected_score, pace_line=pace_line, values=points,
        confidences=[
            (c.checked_in_at, c.confidence) for c in check_ins if c.confidence is not None
        ],
        closed_reason=checkins_closed_reason(key_result, on),
    )  # fmt: skip


def check_ins(*, key_result: KeyResult) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(key_result=key_result).select_related("author")


def my_key_results(
    *, workspace: Workspace, user: User, cycle: Cycle | None = None, on: date | None = None
) -> list[KeyResultStanding]:
    """The key results `user` owns in `cycle` (default: every cycle running on `on`), the ones
    waiting for this week's check-in first. Three queries."""
    on = on or timezone.localdate()
    found = KeyResult.objects.filter(workspace=workspace, owner=user).select_related(
        "objective__cycle", "objective__team", "owner"
    )
    if cycle is not None:
        found = found.filter(objective__cycle=cycle)
    else:
        found = found.filter(
            objective__cycle__start__lte=on, objective__cycle__end__gte=on,
            objective__cycle__graded_at=None,
        )  # fmt: skip
    standings = key_result_standings(
        key_results=list(found.order_by("objective__position", "objective_id", "position", "id")),
        workspace=workspace, on=on,
    )  # fmt: skip
    return sorted(standings, key=lambda s: (not s.is_due, not s.checkins_open))


def open_reminders(*, workspace: Workspace, user: User) -> list[CheckInReminder]:
    """The in-app reminders: check-ins `user` was reminded of and has not done yet."""
    return list(
        CheckInReminder.objects.filter(user=user, answered_at=None, key_result__workspace=workspace)
        .select_related("key_result__objective")
        .order_by("-sent_at", "-id")[:50]
    )


@dataclass
class ReminderCandidate:
    key_result: KeyResult
    user: User
    sequence: int  # 1, 2 or 3: its place among unanswered reminders


def reminder_candidates(
    *, now: datetime | None = None, workspace: Workspace | None = None
) -> list[ReminderCandidate]:
    """Owners to remind now: their key result is in a running, ungraded cycle (and an active
    objective), has had no check-in (or, new, existed) for 7 days, they were not reminded of
    it in the last 7 days, and fewer than 3 reminders about it went unanswered (after 3 they
    hear nothing more until they check in). One query."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    week_ago = quiet_threshold(now)
    mine = CheckInReminder.objects.filter(key_result=OuterRef("pk"), user=OuterRef("owner_id"))
    unanswered = (
        mine.filter(answered_at=None).order_by().values("key_result").annotate(n=Count("id"))
    )
    members = Membership.objects.filter(
        workspace=OuterRef("workspace_id"), user=OuterRef("owner_id")
    )
    found = (
        KeyResult.objects.filter(
            owner__isnull=False, owner__is_active=True, graded_at=None,
            objective__status=ObjectiveStatus.ACTIVE, objective__cycle__graded_at=None,
            objective__cycle__start__lte=today, objective__cycle__end__gte=today,
        )
        .filter(Exists(members))
        .annotate(
            quiet_since=Coalesce("last_checked_in_at", "created_at"),
            open_reminders=Coalesce(Subquery(unanswered.values("n")[:1]), 0),
            last_reminded=Subquery(
                mine.order_by("-sent_at").values("sent_at")[:1], output_field=DateTimeField()
            ),
        )
        .filter(quiet_since__lt=week_ago, open_reminders__lt=REMINDERS_BEFORE_BACKING_OFF)
        .filter(Q(last_reminded=None) | Q(last_reminded__lt=week_ago))
        .select_related("owner", "workspace")
        .order_by("id")
    )  # fmt: skip
    if workspace is not None:
        found = found.filter(workspace=workspace)
    return [
        ReminderCandidate(key_result=kr, user=kr.owner, sequence=kr.open_reminders + 1)
        for kr in found
    ]


# --- quality report --------------------------------------------------------------------------


@dataclass
class KeyResultLint:
    key_result: KeyResult
    statement: str
    findings: list


@dataclass
class ObjectiveLint:
    objective: Objective
    findings: list
    key_results: list[KeyResultLint]


@dataclass
class CycleLint:
    cycle: Cycle
    teams: list[tuple[Team, list]]  # teams with more than 5 objectives
    objectives: list[ObjectiveLint]

    @property
    def finding_count(self) -> int:
        return (
            sum(len(findings) for _, findings in self.teams)
            + sum(len(o.findings) for o in self.objectives)
            + sum(len(k.findings) for o in self.objectives for k in o.key_results)
        )


def key_result_lint(*, key_result: KeyResult, cycle: Cycle) -> list:
    from . import lint

    return lint.lint_key_result(
        title=key_result.title, metric=key_result.metric, unit=key_result.unit,
        direction=key_result.direction, baseline=key_result.baseline, target=key_result.target,
        deadline=key_result.deadline, cycle_start=cycle.start, cycle_end=cycle.end,
        unit_label=key_result.unit_label, kind=key_result.kind,
    )  # fmt: skip


def cycle_lint(*, cycle: Cycle) -> CycleLint:
    """The quality check over a whole cycle: every objective and key result with its findings
    (three queries)."""
    from . import lint

    objectives = list(
        Objective.objects.filter(cycle=cycle).select_related("team").order_by(
            "team__name", "position", "id"
        )
    )  # fmt: skip
    key_results = defaultdict(list)
    for key_result in KeyResult.objects.filter(objective__cycle=cycle).order_by("position", "id"):
        key_results[key_result.objective_id].append(key_result)
    per_team = defaultdict(list)
    for objective in objectives:
        if objective.team is not None:
            per_team[objective.team_id].append(objective)
    teams = []
    for mine in per_team.values():
        team = mine[0].team
        findings = lint.lint_team_cycle(team_name=team.name, objective_count=len(mine))
        if findings:
            teams.append((team, findings))
    report = []
    for objective in objectives:
        objective.cycle = cycle
        mine = key_results[objective.pk]
        entries = []
        for key_result in mine:
            key_result.objective = objective
            entries.append(
                KeyResultLint(
                    key_result=key_result, statement=key_result_statement(key_result),
                    findings=key_result_lint(key_result=key_result, cycle=cycle),
                )
            )  # fmt: skip
        report.append(
            ObjectiveLint(
                objective=objective,
                findings=lint.lint_objective(title=objective.title, key_result_count=len(mine)),
                key_results=entries,
            )
        )
    return CycleLint(cycle=cycle, teams=teams, objectives=report)


# --- teams and KPIs --------------------------------------------------------------------------


def teams(*, workspace: Workspace) -> QuerySet[Team]:
    return Team.objects.filter(workspace=workspace).select_related("parent").order_by("name", "id")


def teams_with_depth(*, workspace: Workspace) -> list[tuple[Team, int]]:
    """Every team in hierarchy order with its depth (for indented pickers). One query."""
    all_teams = list(Team.objects.filter(workspace=workspace).order_by("name", "id"))
    children = defaultdict(list)
    known = {team.pk for team in all_teams}
    for team in all_teams:
        children[team.parent_id if team.parent_id in known else None].append(team)
    ordered: list[tuple[Team, int]] = []

    def visit(parent_id, depth):
        for team in children[parent_id]:
            ordered.append((team, depth))
            visit(team.pk, depth + 1)

    visit(None, 0)
    return ordered


def team_members(*, team: Team) -> list[User]:
    return list(team.members.order_by("name", "email"))


def kpis(*, workspace: Workspace) -> QuerySet[Kpi]:
    """KPIs by name; each row's is_stale()/is_healthy() need no further query."""
    return Kpi.objects.filter(workspace=workspace).select_related("owner", "team")


def kpi_history(*, kpi: Kpi, limit: int = 500) -> list[KpiValue]:
    """The KPI's values, oldest first (the latest `limit`)."""
    latest = list(kpi.values.select_related("author").order_by("-at", "-id")[:limit])
    return latest[::-1]
