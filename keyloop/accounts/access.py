"""The only way a request reaches workspaces, memberships and invitations.

Each function raises Http404 for anything outside the viewer's workspace or rights, so a
member of another workspace cannot even learn that an object exists.
"""

from django.http import Http404

from .models import ApiKey, Invitation, Membership, Person, Role, Workspace, hash_token


def access_workspace_public(*, slug: str) -> Workspace:
    """The public portal of a workspace: anyone may see that it exists."""
    try:
        return Workspace.objects.get(slug=slug)
    except Workspace.DoesNotExist:
        raise Http404("No such workspace.") from None


def access_membership(*, slug: str, user, admin: bool = False) -> Membership:
    """The viewer's membership of the workspace `slug`; admin=True requires owner or admin."""
    if not user.is_authenticated:
        raise Http404("No such workspace.")
    try:
        membership = Membership.objects.select_related("workspace", "user").get(
            workspace__slug=slug, user=user
        )
    except Membership.DoesNotExist:
        raise Http404("No such workspace.") from None
    if admin and not membership.is_admin:
        raise Http404("No such page.")
    return membership


def membership_or_none(*, workspace: Workspace, user) -> Membership | None:
    """The viewer's membership, for pages that anyone may see but members see more of."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(workspace=workspace, user=user).first()


def access_member_by_id(*, workspace: Workspace, membership_id: int) -> Membership:
    try:
        return Membership.objects.select_related("user").get(workspace=workspace, id=membership_id)
    except Membership.DoesNotExist:
        raise Http404("No such member.") from None


def access_invitation_by_id(*, workspace: Workspace, invitation_id: int) -> Invitation:
    try:
        return Invitation.objects.get(workspace=workspace, id=invitation_id)
    except Invitation.DoesNotExist:
        raise Http404("No such invitation.") from None


def access_invitation_by_token(*, token: str) -> Invitation:
    """The token is the capability: whoever holds the link may see the invitation."""
    try:
        return Invitation.objects.select_related("workspace", "invited_by").get(
            token_hash=hash_token(token)
        )
    except Invitation.DoesNotExist:
        raise Http404("No such invitation.") from None


def access_api_key_by_id(*, workspace: Workspace, api_key_id: int) -> ApiKey:
    try:
        return ApiKey.objects.get(workspace=workspace, id=api_key_id)
    except ApiKey.DoesNotExist:
        raise Http404("No such API key.") from None


def access_person_by_id(*, workspace: Workspace, person_id) -> Person:
    """A customer of the workspace (for the team and API keys only)."""
    try:
        return Person.objects.select_related("company").get(workspace=workspace, id=person_id)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404("No such person.") from None


def can_manage_roles(membership: Membership) -> bool:
    return membership.role == Role.OWNER
