"""The only way a request reaches OKR objects: team members and API keys of the workspace.

OKRs are the team's: customers never see them. Each function raises Http404 for anything
outside the workspace (or for a viewer who is not of the team), so another workspace cannot
even learn that an object exists. The REST API passes its API key where a membership goes.
"""

from django.http import Http404

from keyloop.accounts.models import Membership, User, Workspace

from .models import CheckIn, Cycle, KeyResult, Kpi, Objective, Team


def _get(queryset, membership, pk, what: str):
    if membership is None:
        raise Http404(f"No such {what}.")
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404(f"No such {what}.") from None


def access_cycle_by_id(*, workspace: Workspace, membership: Membership | None, cycle_id) -> Cycle:
    return _get(Cycle.objects.filter(workspace=workspace), membership, cycle_id, "cycle")


def access_cycle_by_name(*, workspace: Workspace, membership: Membership | None, name) -> Cycle:
    """A cycle by its name, in any case ("2027 q1" finds "2027 Q1")."""
    if membership is None:
        raise Http404("No such cycle.")
    cycle = Cycle.objects.filter(workspace=workspace, name__iexact=(name or "").strip()).first()
    if cycle is None:
        raise Http404("No such cycle.")
    return cycle


def access_team_by_id(*, workspace: Workspace, membership: Membership | None, team_id) -> Team:
    teams = Team.objects.filter(workspace=workspace).select_related("parent")
    return _get(teams, membership, team_id, "team")


def access_objective_by_id(
    *, workspace: Workspace, membership: Membership | None, objective_id
) -> Objective:
    objectives = Objective.objects.filter(workspace=workspace).select_related(
        "cycle", "team", "owner", "parent"
    )
    return _get(objectives, membership, objective_id, "objective")


def access_key_result_by_id(
    *, workspace: Workspace, membership: Membership | None, key_result_id
) -> KeyResult:
    key_results = KeyResult.objects.filter(workspace=workspace).select_related(
        "objective__cycle", "objective__team", "owner"
    )
    return _get(key_results, membership, key_result_id, "key result")


def access_check_in_by_id(*, key_result: KeyResult, check_in_id) -> CheckIn:
    """A check-in of a key result already reached through access_key_result_by_id."""
    check_ins = CheckIn.objects.filter(key_result=key_result).select_related("author")
    return _get(check_ins, True, check_in_id, "check-in")


def access_kpi_by_id(*, workspace: Workspace, membership: Membership | None, kpi_id) -> Kpi:
    kpis = Kpi.objects.filter(workspace=workspace).select_related("owner", "team")
    return _get(kpis, membership, kpi_id, "KPI")


def access_member_user_by_id(
    *, workspace: Workspace, membership: Membership | None, user_id
) -> User:
    """A team member of the workspace, to own an objective, a key result or a KPI."""
    users = User.objects.filter(memberships__workspace=workspace, is_active=True)
    return _get(users, membership, user_id, "member")
