"""The team's inbox under /<workspace>/admin/inbox/: triage feedback from every channel.

Thin views: filters and forms are parsed here, items and ideas are reached through
access.py (anything of another workspace is a 404), every write goes through actions.py,
and each POST redirects back (to the inbox with its filters, or the item) with a message.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from keyloop.accounts.views import team_view
from keyloop.dedup.queries import similar_ideas
from keyloop.feedback import access as feedback_access
from keyloop.feedback import queries as feedback_queries
from keyloop.feedback.models import Channel
from keyloop.lib.pagination import paginate
from keyloop.lib.web import error_text, safe_next

from . import access, actions, queries
from .forms import STATE_TABS, BulkForm, InboxFilterForm, LinkForm, NewIdeaForm, StateForm
from .models import FeedbackState, Sentiment

ITEMS_PER_PAGE = 25
SUGGESTIONS_SHOWN = 3
STATE_LABELS = {
    "new": "New",
    "linked": "Linked",
    "dismissed": "Dismissed",
    "spam": "Spam",
    "all": "All",
}
DONE = {
    FeedbackState.NEW: "reopened",
    FeedbackState.DISMISSED: "dismissed",
    FeedbackState.SPAM: "marked as spam",
}
BULK_DONE = {
    "link": "linked",
    "dismiss": "dismissed",
    "spam": "marked as spam",
    "reopen": "reopened",
}


def _inbox_url(membership) -> str:
    return reverse("team_inbox", args=[membership.workspace.slug])


def _item_url(item) -> str:
    return reverse("team_inbox_item", args=[item.workspace.slug, item.pk])


def _back(request, item=None) -> str:
    """Where a POST goes back to: the page it came from (inbox filters kept), or the item."""
    return safe_next(request) or (_item_url(item) if item is not None else "")


def _plural(count: int, word: str = "item") -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# --- the list ----------------------------------------------------------------------------


@team_view()
def inbox(request, membership):
    workspace = membership.workspace
    form = InboxFilterForm(request.GET)
    form.is_valid()  # fields that do not parse are simply not applied
    data = form.cleaned_data
    tab = data.get("state") or "new"
    found = queries.inbox_items(
        workspace=workspace, state="" if tab == "all" else tab, channel=data.get("channel", ""),
        sentiment=data.get("sentiment", ""), company_id=data.get("company"),
        segment=data.get("segment", ""), search=data.get("q", ""),
    )  # fmt: skip
    try:
        page = paginate(
            found, ordering=("-received_at", "-id"), cursor=data.get("cursor"),
            limit=ITEMS_PER_PAGE,
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, error_text(error))
        page = paginate(found, ordering=("-received_at", "-id"), cursor=None, limit=ITEMS_PER_PAGE)
    query = {name: request.GET[name] for name in ("state", *form.FILTERS) if request.GET.get(name)}
    context = {
        "page": page,
        "items": page.items,
        "tab": tab,
        "form": form,
        "filters": data,
        "filtered": any(data.get(name) for name in form.FILTERS),
        "query": urlencode(query),
        "next_query": urlencode({**query, "cursor": page.next_cursor or ""}),
        "first_page": not data.get("cursor"),
        # Where the item pages and actions come back to: these filters, the newest first.
        "here": _inbox_url(membership) + (f"?{urlencode(query)}" if query else ""),
    }
    if request.htmx and request.htmx.target == "inbox-load-more":
        return render(request, "inbox/_rows.html", context)
    counts = queries.inbox_state_counts(workspace=workspace)
    counts["all"] = sum(n for state, n in counts.items() if state != FeedbackState.SPAM)
    context |= {
        "tabs": [(state, STATE_LABELS[state], counts[state]) for state in STATE_TABS],
        "total": found.count() if context["filtered"] else counts[tab],
        "channels": Channel.choices,
        "sentiments": [*Sentiment.choices, ("unscored", "Not scored yet")],
        "companies": queries.inbox_companies(workspace=workspace),
        "segments": queries.inbox_segments(workspace=workspace),
        "bulk_ideas": queries.inbox_idea_candidates(workspace=workspace),
    }
    if request.htmx and not request.htmx.boosted and request.htmx.target == "inbox-results":
        return render(request, "inbox/_results.html", context)
    return render(request, "inbox/inbox.html", context)


@team_view()
def idea_search(request, membership):
    """Live results of the idea search boxes (HTMX): buttons on an item, radios in bulk."""
    search = request.GET.get("idea_q", "")[:200]
    return render(
        request,
        "inbox/_idea_results.html",
        {
            "ideas": queries.inbox_idea_candidates(workspace=membership.workspace, search=search),
            "idea_search": search,
            "picker": "bulk" if request.GET.get("picker") == "bulk" else "item",
        },
    )


@team_view()
@require_POST
def bulk(request, membership):
    back = safe_next(request) or _inbox_url(membership)
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect(back)
    # All the ids, or a 404 before anything changes.
    items = access.access_feedback_items_by_ids(
        workspace=membership.workspace, membership=membership,
        item_ids=request.POST.getlist("items"),
    )  # fmt: skip
    if not items:
        messages.error(request, "Select at least one item first.")
        return redirect(back)
    action, idea = form.cleaned_data["action"], None
    if action == "link" and form.cleaned_data.get("idea"):
        idea = feedback_access.access_idea_by_id(
            workspace=membership.workspace, membership=membership,
            idea_id=form.cleaned_data["idea"], include_merged=False,
        )  # fmt: skip
    try:
        changed = actions.feedback_bulk(
            items=items, action=action, actor_user=request.user, idea=idea
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(back)
    done = BULK_DONE[action] + (f" to “{idea.title}”" if idea is not None else "")
    if changed == len(items):
        messages.success(request, f"{_plural(changed)} {done}.")
    else:
        messages.success(
            request,
            f"{_plural(changed)} {done}; {len(items) - changed} already were.",
        )
    return redirect(back)


# --- one item ----------------------------------------------------------------------------


def _item(membership, item_id):
    return access.access_feedback_item_by_id(
        workspace=membership.workspace, membership=membership, item_id=item_id
    )


def _suggested_ideas(item, *, workspace) -> list:
    """The ideas an unlinked item most likely belongs to, best first (none once linked)."""
    if item.idea_id is not None or item.state == FeedbackState.SPAM:
        return []
    text = f"{item.title}\n{item.text}".strip()
    if not text:
        return []
    suggestions = similar_ideas(
        workspace=workspace, text=text, limit=SUGGESTIONS_SHOWN, include_private=True
    )
    # The page shows each idea's status and board: no query per idea.
    prefetch_related_objects([s.idea for s in suggestions], "status", "board")
    return suggestions


@team_view()
def item(request, membership, item_id):
    item = _item(membership, item_id)
    search = request.GET.get("idea_q", "")[:200]
    back = safe_next(request)
    return render(
        request,
        "inbox/item.html",
        {
            "item": item,
            "suggestions": _suggested_ideas(item, workspace=membership.workspace),
            "ideas": queries.inbox_idea_candidates(workspace=membership.workspace, search=search),
            "idea_search": search,
            "picker": "item",
            "open_link": bool(request.GET.get("link") or search),
            "back": back,
            "back_url": back or _inbox_url(membership),
            "here": request.get_full_path(),
            "metadata": sorted((item.metadata or {}).items())
            if isinstance(item.metadata, dict)
            else [],
        },
    )


@team_view()
@require_POST
def item_link(request, membership, item_id):
    item = _item(membership, item_id)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the idea to link the feedback to.")
        return redirect(_item_url(item) + "?link=1")
    idea = feedback_access.access_idea_by_id(
        workspace=membership.workspace, membership=membership,
        idea_id=form.cleaned_data["idea"], include_merged=False,
    )  # fmt: skip
    try:
        actions.feedback_link(item=item, idea=idea, actor_user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(_item_url(item))
    messages.success(
        request,
        format_html(
            'Linked to <a href="{}">{}</a>.',
            reverse("team_idea", args=[membership.workspace.slug, idea.pk]),
            idea.title,
        ),
    )
    return redirect(_back(request, item))


@team_view()
@require_POST
def item_state(request, membership, item_id):
    item = _item(membership, item_id)
    form = StateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to dismiss, mark as spam or reopen the item.")
        return redirect(_back(request, item))
    before, state = item.state, form.cleaned_data["state"]
    actions.feedback_set_state(item=item, state=state, actor_user=request.user)
    if before == state:
        messages.info(request, f"The item already was {FeedbackState(state).label.lower()}.")
    elif before == FeedbackState.NEW:
        # Undo: put it back in the inbox, from the message itself.
        messages.success(
            request,
            format_html(
                "“{}” {}. "
                '<form method="post" action="{}" class="message-action">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<input type="hidden" name="state" value="new">'
                '<input type="hidden" name="next" value="{}">'
                '<button type="submit" class="link-button">Undo</button></form>',
                item.headline[:80], DONE[state], request.path, get_token(request),
                _back(request, item),
            ),
        )  # fmt: skip
    else:
        messages.success(request, f"“{item.headline[:80]}” {DONE[state]}.")
    return redirect(_back(request, item))


@team_view()
def item_new_idea(request, membership, item_id):
    item = _item(membership, item_id)
    boards = list(
        feedback_queries.portal_boards(workspace=membership.workspace, membership=membership)
    )
    initial = {
        "title": item.headline[:200],
        "body": item.text,
        "board": boards[0].pk if boards else None,
    }
    form = NewIdeaForm(request.POST or None, boards=boards, initial=initial)
    if request.method == "POST" and form.is_valid():
        board = feedback_access.access_board_by_id(
            workspace=membership.workspace, membership=membership,
            board_id=form.cleaned_data["board"],
        )  # fmt: skip
        try:
            idea = actions.feedback_create_idea(
                item=item, board=board, title=form.cleaned_data["title"],
                body=form.cleaned_data["body"], actor_user=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                format_html(
                    'New idea <a href="{}">{}</a> on {}, with this feedback linked.',
                    reverse("team_idea", args=[membership.workspace.slug, idea.pk]),
                    idea.title,
                    board.name,
                ),
            )
            return redirect(_back(request, item))
    back = safe_next(request)
    return render(
        request,
        "inbox/new_idea.html",
        {
            "item": item,
            "form": form,
            "back": back,
            "item_url": _item_url(item),
            "inbox_url": back or _inbox_url(membership),
        },
    )
