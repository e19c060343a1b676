"""The only way a request reaches feedback items: team members and API keys of the workspace.

Customers never see the inbox. Spam stays reachable for the team (to undo a mistake) but
is hidden from every list unless asked for by state.
"""

from django.http import Http404

from keyloop.accounts.models import Membership, Workspace

from .models import FeedbackItem


def _items(workspace: Workspace):
    return FeedbackItem.objects.filter(workspace=workspace).select_related(
        "person__company", "idea__status", "triaged_by"
    )


def access_feedback_item_by_id(
    *, workspace: Workspace, membership: Membership | None, item_id
) -> FeedbackItem:
    if membership is None:
        raise Http404("No such feedback item.")
    try:
        return _items(workspace).get(pk=item_id)
    except (FeedbackItem.DoesNotExist, ValueError, TypeError):
        raise Http404("No such feedback item.") from None


def access_feedback_items_by_ids(
    *, workspace: Workspace, membership: Membership | None, item_ids
) -> list[FeedbackItem]:
    """All of `item_ids`, or 404 if any of them is not the workspace's."""
    if membership is None:
        raise Http404("No such feedback item.")
    try:
        wanted = {int(item_id) for item_id in item_ids}
    except (ValueError, TypeError):
        raise Http404("No such feedback item.") from None
    items = list(_items(workspace).filter(pk__in=wanted))
    if len(items) != len(wanted):
        raise Http404("No such feedback item.")
    return items
