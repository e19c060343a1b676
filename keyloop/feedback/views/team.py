"""The team's feedback pages under /<workspace>/admin/: ideas, boards, statuses, tags, changelog.

Views are thin: they read a form, reach objects through access.py (anything outside the
workspace is a 404), call an action and redirect back with a message. Every control on the
idea page is a small POST endpoint that works as a plain form and, boosted, with HTMX.
"""

from datetime import date
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from keyloop.accounts import access as accounts_access
from keyloop.accounts import queries as accounts_queries
from keyloop.accounts.views import team_view
from keyloop.dedup.queries import duplicate_candidates, similar_ideas
from keyloop.inbox import queries as inbox_queries
from keyloop.lib.web import error_text, safe_next

from .. import access, actions, queries
from ..forms import (
    BoardForm,
    ChangelogForm,
    ChangelogPublishForm,
    IdeaBoardForm,
    IdeaEditForm,
    IdeaEtaForm,
    IdeaFilterForm,
    IdeaOwnerForm,
    IdeaPinForm,
    IdeaStatusForm,
    NoteForm,
    StatusForm,
    TagForm,
)
from ..models import Channel, IdeaActivity, StatusCategory

IDEAS_PER_PAGE = 25
STALE_EDIT_TEXT = (
    "Someone changed this idea after you opened it. Your text is kept here and what is saved "
    "now is shown next to it: save again to replace their version, or cancel to keep it."
)


# --- helpers -----------------------------------------------------------------------------


def _add_error(form, error: ValidationError) -> None:
    """Put an action's error next to the field it is about, or above the form."""
    fields = getattr(error, "error_dict", {}).keys()
    if fields and all(name in form.fields for name in fields):
        form.add_error(None, error)
    else:
        form.add_error(None, error.messages)


def _form_error_text(form) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def _idea_url(idea) -> str:
    return reverse("team_idea", args=[idea.workspace.slug, idea.pk])


def _statuses_by_category(statuses) -> list[tuple[str, list]]:
    """For <optgroup>s: each category's label with the workspace's statuses in it."""
    groups = []
    for category in StatusCategory:
        members = [status for status in statuses if status.category == category]
        if members:
            groups.append((category.label, members))
    return groups


def _actor_name(activity: IdeaActivity) -> str:
    if activity.actor_user is not None:
        return activity.actor_user.display_name
    if activity.actor_person is not None:
        return activity.actor_person.name or activity.actor_person.email or "A customer"
    return "Someone"


def activity_sentence(activity: IdeaActivity, member_names: dict[str, str]) -> str:
    """One line of the activity log, as a product manager would say it."""
    actor, data, kind = _actor_name(activity), activity.data or {}, IdeaActivity.Kind
    if activity.kind == kind.CREATED:
        source = data.get("source", "")
        via = f" via {Channel(source).label}" if source in Channel.values else ""
        return f"{actor} submitted the idea{via}"
    if activity.kind == kind.EDITED:
        return f"{actor} edited the title or description"
    if activity.kind == kind.STATUS:
        return f"{actor} changed status from {data.get('from')} to {data.get('to')}"
    if activity.kind == kind.BOARD:
        return f"{actor} moved the idea from {data.get('from')} to {data.get('to')}"
    if activity.kind == kind.OWNER:
        owner = data.get("to")
        if not owner:
            return f"{actor} removed the owner"
        return f"{actor} made {member_names.get(owner, owner)} the owner"
    if activity.kind == kind.ETA:
        eta = data.get("to")
        if not eta:
            return f"{actor} removed the ETA"
        try:
            eta = date_format(date.fromisoformat(eta), "j M Y")
        except (TypeError, ValueError):
            pass
        return f"{actor} set the ETA to {eta}"
    if activity.kind == kind.TAGS:
        tags = data.get("to") or []
        return f"{actor} set the tags to {', '.join(tags)}" if tags else f"{actor} removed all tags"
    if activity.kind == kind.PINNED:
        return f"{actor} pinned the idea to the top of its board"
    if activity.kind == kind.UNPINNED:
        return f"{actor} unpinned the idea"
    if activity.kind == kind.DELETED:
        return f"{actor} deleted the idea"
    if activity.kind == kind.RESTORED:
        return f"{actor} restored the idea"
    if activity.kind == kind.PUBLISHED:
        return f"{actor} confirmed their e-mail address; the idea is public"
    if activity.kind == kind.MERGED:
        if "into_title" in data:
            return f"{actor} merged the idea into “{data['into_title']}”"
        return f"{actor} merged “{data.get('from_title', 'an idea')}” into this idea"
    if activity.kind == kind.UNMERGED:
        if "from_title" in data:
            return f"{actor} unmerged the idea from “{data['from_title']}”"
        return f"{actor} unmerged “{data.get('idea_title', 'an idea')}” from this idea"
    if activity.kind == kind.CHANGELOG:
        return f"{actor} announced the idea in the changelog: “{data.get('entry', '')}”"
    return f"{actor} {activity.get_kind_display()}"


def _idea_control(view):
    """A POST endpoint that changes one thing on a live idea, then goes back to its page."""

    @team_view()
    @require_POST
    @wraps(view)
    def wrapper(request, membership, idea_id):
        idea = access.access_idea_by_id(
            workspace=membership.workspace, membership=membership, idea_id=idea_id,
            include_deleted=True,
        )  # fmt: skip
        if idea.deleted_at is not None:
            messages.error(request, "This idea is deleted. Restore it before changing it.")
        else:
            view(request, membership, idea)
        return redirect(safe_next(request) or _idea_url(idea))

    return wrapper


# --- ideas -------------------------------------------------------------------------------


@team_view()
def ideas(request, membership):
    workspace = membership.workspace
    form = IdeaFilterForm(request.GET)
    form.is_valid()  # fields that do not parse are simply not applied
    data = form.cleaned_data
    board = status = tag = owner = None
    if data.get("board"):
        board = access.access_board_by_id(
            workspace=workspace, membership=membership, board_id=data["board"]
        )
    if data.get("status"):
        status = access.access_status_by_id(workspace=workspace, status_id=data["status"])
    if data.get("tag"):
        tag = access.access_tag_by_id(workspace=workspace, tag_id=data["tag"])
    owner_filter = data.get("owner") or ""
    if owner_filter == "me":
        owner = request.user
    elif owner_filter.isdigit():
        owner = accounts_access.access_member_by_id(
            workspace=workspace, membership_id=int(owner_filter)
        ).user
    deleted = data.get("view") == "deleted"
    sort = data.get("sort") or "new"
    found = queries.team_ideas(
        workspace=workspace, board=board, status=status, tag=tag, owner=owner,
        unassigned=owner_filter == "none", search=data.get("q", ""), deleted=deleted, sort=sort,
        category=data.get("category", ""),
    )  # fmt: skip
    page = Paginator(found, IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    filtered = any(data.get(name) for name in ("q", "board", "status", "tag", "owner", "category"))
    category = data.get("category", "")
    context = {
        "form": form,
        "page": page,
        "deleted_view": deleted,
        "filtered": filtered,
        "sort": sort,
        "sorts": IdeaFilterForm.SORTS,
        "owner_filter": owner_filter,
        "boards": queries.portal_boards(workspace=workspace, membership=membership),
        "status_groups": _statuses_by_category(queries.workspace_statuses(workspace=workspace)),
        "tags": queries.workspace_tags(workspace=workspace),
        "members": accounts_queries.workspace_members(workspace=workspace),
        "current": {"board": board, "status": status, "tag": tag},
        "category_label": StatusCategory(category).label if category else "",
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "feedback/team/_ideas_results.html", context)
    return render(request, "feedback/team/ideas.html", context)


@team_view()
def idea(request, membership, idea_id):
    workspace = membership.workspace
    idea = access.access_idea_by_id(
        workspace=workspace, membership=membership, idea_id=idea_id, include_deleted=True
    )
    members = list(accounts_queries.workspace_members(workspace=workspace))
    names = {m.user.email: m.user.display_name for m in members}
    activity = list(queries.idea_activity(idea=idea)[:200])
    for entry in activity:
        entry.sentence = activity_sentence(entry, names)
    tags = queries.workspace_tags(workspace=workspace)
    idea_tags = list(idea.tags.all())
    context = {
        "idea": idea,
        "comments": queries.idea_comments(idea=idea, include_internal=True),
        "voters": queries.idea_recent_voters(idea=idea, limit=12),
        "activity": activity,
        "members": members,
        "owner_membership_id": next((m.pk for m in members if m.user_id == idea.owner_id), None),
        "status_groups": _statuses_by_category(queries.workspace_statuses(workspace=workspace)),
        "boards": queries.portal_boards(workspace=workspace, membership=membership),
        "tags": tags,
        "idea_tags": idea_tags,
        "idea_tag_ids": {tag.pk for tag in idea_tags},
        "status_form": IdeaStatusForm(),
        "eta_form": IdeaEtaForm(initial={"eta": idea.eta}),
        "note_form": NoteForm(),
        # Feedback from every channel linked to this idea (the inbox's queries own the read).
        "feedback_items": inbox_queries.idea_feedback(idea=idea, limit=50),
        "feedback_count": inbox_queries.idea_feedback_count(idea=idea),
    }
    if idea.merged_into_id is not None:
        context["merged_into"] = idea.merged_into
    else:
        demand = queries.idea_demand(idea=idea)
        context.update(
            demand=demand,
            sparkline=_sparkline(demand.weekly),
            importance_mix=_importance_mix(demand.importance),
            demand_tables=[("Plan", demand.by_plan), ("Segment", demand.by_segment)],
            merged_from=queries.idea_merged_from_for_team(idea=idea),
        )
    return render(request, "feedback/team/idea.html", context)


SPARK_WIDTH, SPARK_HEIGHT, SPARK_GAP = 240, 40, 4


def _sparkline(weekly: list[dict]) -> dict:
    """Bars for the 12-week new-demand chart, drawn as inline SVG by the template."""
    most = max((week["new_people"] for week in weekly), default=0)
    width = (SPARK_WIDTH - SPARK_GAP * (len(weekly) - 1)) / max(len(weekly), 1)
    bars = []
    for index, week in enumerate(weekly):
        n = week["new_people"]
        height = max(round(n / most * (SPARK_HEIGHT - 2), 1), 2) if most and n else 2
        bars.append(
            {
                "x": round(index * (width + SPARK_GAP), 1), "y": SPARK_HEIGHT - height,
                "width": round(width, 1), "height": height, "n": n, "week": week["week"],
                "empty": not n,
            }
        )  # fmt: skip
    return {
        "bars": bars, "width": SPARK_WIDTH, "height": SPARK_HEIGHT, "most": most,
        "total": sum(week["new_people"] for week in weekly),
    }  # fmt: skip


def _importance_mix(importance: dict[str, int]) -> list[dict]:
    total = sum(importance.values())
    labels = {"nice_to_have": "Nice to have", "important": "Important", "critical": "Critical"}
    return [
        {
            "key": key, "label": labels[key], "n": importance.get(key, 0),
            "percent": round(importance.get(key, 0) * 100 / total) if total else 0,
        }
        for key in ("critical", "important", "nice_to_have")
    ]  # fmt: skip


@_idea_control
def idea_status(request, membership, idea):
    form = IdeaStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_error_text(form))
        return
    status = access.access_status_by_id(
        workspace=membership.workspace, status_id=form.cleaned_data["status"]
    )
    previous, comment = idea.status, form.cleaned_data["comment"].strip()
    try:
        actions.idea_change_status(
            idea=idea, status=status, actor_user=request.user, comment=comment,
            notify=not form.cleaned_data["quiet"],
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, error_text(error))
        return
    if previous.pk != status.pk:
        said = " Your comment is on the idea page." if comment else ""
        messages.success(request, f"Status changed from {previous.name} to {status.name}.{said}")
    elif comment:
        messages.success(request, "Your comment is on the idea page.")
    else:
        messages.info(request, f"The idea already is {status.name}.")


@_idea_control
def idea_owner(request, membership, idea):
    form = IdeaOwnerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a member of your team.")
        return
    owner = None
    if form.cleaned_data["owner"]:
        owner = accounts_access.access_member_by_id(
            workspace=membership.workspace, membership_id=form.cleaned_data["owner"]
        ).user
    actions.idea_set_owner(idea=idea, owner=owner, actor_user=request.user)
    if owner is None:
        messages.success(request, "Nobody owns this idea now.")
    else:
        messages.success(request, f"{owner.display_name} owns this idea now.")


@_idea_control
def idea_eta(request, membership, idea):
    form = IdeaEtaForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_error_text(form))
        return
    eta = form.cleaned_data["eta"]
    actions.idea_set_eta(idea=idea, eta=eta, actor_user=request.user)
    if eta:
        messages.success(request, f"ETA set to {date_format(eta, 'j M Y')}.")
    else:
        messages.success(request, "The ETA was removed.")


@_idea_control
def idea_tags(request, membership, idea):
    tags = access.access_tags_by_ids(
        workspace=membership.workspace, tag_ids=request.POST.getlist("tags")
    )
    actions.idea_set_tags(idea=idea, tags=tags, actor_user=request.user)
    names = ", ".join(sorted(tag.name for tag in tags))
    messages.success(request, f"Tags: {names}." if names else "All tags removed.")


@_idea_control
def idea_board(request, membership, idea):
    form = IdeaBoardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_error_text(form))
        return
    board = access.access_board_by_id(
        workspace=membership.workspace, membership=membership, board_id=form.cleaned_data["board"]
    )
    actions.idea_move(idea=idea, board=board, actor_user=request.user)
    messages.success(request, f"The idea is on {board.name} now.")


@_idea_control
def idea_pin(request, membership, idea):
    form = IdeaPinForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to pin or unpin the idea.")
        return
    pinned = form.cleaned_data["pinned"]
    actions.idea_set_pinned(idea=idea, pinned=pinned, actor_user=request.user)
    messages.success(
        request,
        f"Pinned to the top of {idea.board.name}." if pinned else "The idea is no longer pinned.",
    )


@_idea_control
def idea_note(request, membership, idea):
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_error_text(form))
        return
    try:
        actions.comment_add(
            idea=idea, body=form.cleaned_data["body"], author=None, author_user=request.user,
            internal=True,
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "Note added. Only your team sees it.")


@team_view()
@require_POST
def idea_delete(request, membership, idea_id):
    idea = access.access_idea_by_id(
        workspace=membership.workspace, membership=membership, idea_id=idea_id
    )
    actions.idea_delete(idea=idea, actor_user=request.user)
    restore_url = reverse("team_idea_restore", args=[membership.workspace.slug, idea.pk])
    # The undo button travels inside the flash message (format_html keeps it safe).
    messages.success(
        request,
        format_html(
            "“{}” was deleted. "
            '<form method="post" action="{}" class="message-action">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="link-button">Undo</button></form>',
            idea.title,
            restore_url,
            get_token(request),
        ),
    )
    return redirect("team_ideas", slug=membership.workspace.slug)


@team_view()
@require_POST
def idea_restore(request, membership, idea_id):
    idea = access.access_idea_by_id(
        workspace=membership.workspace, membership=membership, idea_id=idea_id,
        include_deleted=True,
    )  # fmt: skip
    actions.idea_restore(idea=idea, actor_user=request.user)
    messages.success(request, f"“{idea.title}” is back.")
    return redirect(safe_next(request) or _idea_url(idea))


@team_view()
def idea_edit(request, membership, idea_id):
    idea = access.access_idea_by_id(
        workspace=membership.workspace, membership=membership, idea_id=idea_id,
        include_deleted=True,
    )  # fmt: skip
    if idea.deleted_at is not None:
        messages.error(request, "This idea is deleted. Restore it before changing it.")
        return redirect(_idea_url(idea))
    stale = False
    if request.method == "POST":
        form = IdeaEditForm(request.POST)
        if form.is_valid():
            try:
                actions.idea_update(
                    idea=idea, title=form.cleaned_data["title"], body=form.cleaned_data["body"],
                    version=form.cleaned_data["version"], actor_user=request.user,
                )  # fmt: skip
            except actions.StaleEdit:
                # Keep what this person typed; show what is saved now; saving again is a
                # deliberate choice made after seeing the other change.
                idea.refresh_from_db()
                stale = True
                data = request.POST.copy()
                data["version"] = str(idea.version)
                form = IdeaEditForm(data)
                form.add_error(None, STALE_EDIT_TEXT)
            except ValidationError as error:
                _add_error(form, error)
            else:
                messages.success(request, "Your changes are saved.")
                return redirect(_idea_url(idea))
    else:
        form = IdeaEditForm(
            initial={"title": idea.title, "body": idea.body, "version": idea.version}
        )
    return render(
        request, "feedback/team/idea_edit.html", {"idea": idea, "form": form, "stale": stale}
    )


# --- boards ------------------------------------------------------------------------------


@team_view(admin=True)
def boards(request, membership):
    workspace = membership.workspace
    form = BoardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            board = actions.board_create(workspace=workspace, **form.cleaned_data)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, f"The board “{board.name}” is ready.")
            return redirect("team_boards", slug=workspace.slug)
    return render(
        request,
        "feedback/team/boards.html",
        {"form": form, "boards": queries.portal_boards(workspace=workspace, membership=membership)},
    )


@team_view(admin=True)
def board_edit(request, membership, board_id):
    workspace = membership.workspace
    board = access.access_board_by_id(workspace=workspace, membership=membership, board_id=board_id)
    initial = {
        "name": board.name,
        "description": board.description,
        "is_private": board.is_private,
        "is_locked": board.is_locked,
    }
    form = BoardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.board_update(board=board, **form.cleaned_data)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, f"“{board.name}” is saved.")
            return redirect("team_boards", slug=workspace.slug)
    return render(request, "feedback/team/board_edit.html", {"board": board, "form": form})


@team_view(admin=True)
def board_delete(request, membership, board_id):
    workspace = membership.workspace
    board = access.access_board_by_id(workspace=workspace, membership=membership, board_id=board_id)
    idea_count = board.ideas.count()
    others = [
        other
        for other in queries.portal_boards(workspace=workspace, membership=membership)
        if other.pk != board.pk
    ]
    if request.method == "POST":
        target_id = request.POST.get("move_to") or None
        move_to = None
        if target_id:
            move_to = access.access_board_by_id(
                workspace=workspace, membership=membership, board_id=target_id
            )
        try:
            actions.board_delete(board=board, move_to=move_to)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("team_board_delete", slug=workspace.slug, board_id=board.pk)
        moved = ""
        if idea_count and move_to is not None:
            plural = "s" if idea_count != 1 else ""
            moved = f" Its {idea_count} idea{plural} moved to {move_to.name}."
        messages.success(request, f"“{board.name}” was deleted.{moved}")
        return redirect("team_boards", slug=workspace.slug)
    return render(
        request,
        "feedback/team/board_delete.html",
        {"board": board, "idea_count": idea_count, "others": others},
    )


# --- statuses ----------------------------------------------------------------------------


@team_view(admin=True)
def statuses(request, membership):
    workspace = membership.workspace
    form = StatusForm(request.POST or None, initial={"color": "#64748b", "category": "open"})
    if request.method == "POST" and form.is_valid():
        try:
            status = actions.status_create(workspace=workspace, **form.cleaned_data)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, f"The status “{status.name}” is ready.")
            return redirect("team_statuses", slug=workspace.slug)
    all_statuses = queries.workspace_statuses(workspace=workspace)
    return render(
        request,
        "feedback/team/statuses.html",
        {"form": form, "statuses": all_statuses, "categories": StatusCategory.choices},
    )


def _apply_inline_edit(request, form, name: str, update) -> None:
    """Validate an inline edit form (a status or tag row) and apply it, saying what happened."""
    if not form.is_valid():
        messages.error(request, f"“{name}” was not changed: {_form_error_text(form)}")
        return
    try:
        update(**form.cleaned_data)
    except ValidationError as error:
        messages.error(request, f"“{name}” was not changed: {error_text(error)}")
    else:
        messages.success(request, f"“{name}” is saved.")


@team_view(admin=True)
@require_POST
def status_edit(request, membership, status_id):
    status = access.access_status_by_id(workspace=membership.workspace, status_id=status_id)
    _apply_inline_edit(
        request, StatusForm(request.POST), status.name,
        lambda **data: actions.status_update(status=status, **data),
    )  # fmt: skip
    return redirect("team_statuses", slug=membership.workspace.slug)


@team_view(admin=True)
@require_POST
def status_move(request, membership, status_id):
    status = access.access_status_by_id(workspace=membership.workspace, status_id=status_id)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, "Choose up or down.")
    else:
        actions.status_move(status=status, offset=-1 if direction == "up" else 1)
    return redirect("team_statuses", slug=membership.workspace.slug)


@team_view(admin=True)
@require_POST
def status_default(request, membership, status_id):
    status = access.access_status_by_id(workspace=membership.workspace, status_id=status_id)
    actions.status_make_default(status=status)
    messages.success(request, f"New ideas now start as “{status.name}”.")
    return redirect("team_statuses", slug=membership.workspace.slug)


@team_view(admin=True)
def status_delete(request, membership, status_id):
    workspace = membership.workspace
    status = access.access_status_by_id(workspace=workspace, status_id=status_id)
    all_statuses = queries.workspace_statuses(workspace=workspace)
    status = next(s for s in all_statuses if s.pk == status.pk)  # with its idea_count
    others = [other for other in all_statuses if other.pk != status.pk]
    if request.method == "POST":
        replacement = None
        if request.POST.get("replacement"):
            replacement = access.access_status_by_id(
                workspace=workspace, status_id=request.POST["replacement"]
            )
        try:
            actions.status_delete(status=status, replacement=replacement)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("team_status_delete", slug=workspace.slug, status_id=status.pk)
        moved = f" Its ideas are now “{replacement.name}”." if replacement else ""
        messages.success(request, f"The status “{status.name}” was deleted.{moved}")
        return redirect("team_statuses", slug=workspace.slug)
    return render(
        request,
        "feedback/team/status_delete.html",
        {"status": status, "status_groups": _statuses_by_category(others)},
    )


# --- tags --------------------------------------------------------------------------------


@team_view(admin=True)
def tags(request, membership):
    workspace = membership.workspace
    form = TagForm(request.POST or None, initial={"color": "#475569"})
    if request.method == "POST" and form.is_valid():
        try:
            tag = actions.tag_create(workspace=workspace, **form.cleaned_data)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, f"The tag “{tag.name}” is ready.")
            return redirect("team_tags", slug=workspace.slug)
    return render(
        request,
        "feedback/team/tags.html",
        {"form": form, "tags": queries.team_tags(workspace=workspace)},
    )


@team_view(admin=True)
@require_POST
def tag_edit(request, membership, tag_id):
    tag = access.access_tag_by_id(workspace=membership.workspace, tag_id=tag_id)
    _apply_inline_edit(
        request, TagForm(request.POST), tag.name,
        lambda **data: actions.tag_update(tag=tag, **data),
    )  # fmt: skip
    return redirect("team_tags", slug=membership.workspace.slug)


@team_view(admin=True)
@require_POST
def tag_delete(request, membership, tag_id):
    tag = access.access_tag_by_id(workspace=membership.workspace, tag_id=tag_id)
    actions.tag_delete(tag=tag)
    messages.success(request, f"The tag “{tag.name}” was deleted and removed from its ideas.")
    return redirect("team_tags", slug=membership.workspace.slug)


# --- changelog ---------------------------------------------------------------------------


@team_view()
def changelog(request, membership):
    return render(
        request,
        "feedback/team/changelog.html",
        {"entries": queries.team_changelog(workspace=membership.workspace)},
    )


def _picked_ideas(request, membership, ids) -> list:
    """The ideas ticked in the form, each checked through access.py (404 if not ours)."""
    return access.access_ideas_by_ids(
        workspace=membership.workspace, membership=membership, idea_ids=ids
    )


def _picker_context(membership, selected, search) -> dict:
    candidates = queries.changelog_idea_candidates(
        workspace=membership.workspace, search=search, exclude_ids=[i.pk for i in selected]
    )
    return {"selected_ideas": selected, "candidates": candidates, "idea_search": search}


def _changelog_form_page(request, membership, entry):
    """New and edit share one page: title, Markdown text, linked ideas, save or publish."""
    workspace = membership.workspace
    if request.method == "POST":
        form = ChangelogForm(request.POST)
        selected = _picked_ideas(request, membership, request.POST.getlist("ideas"))
        intent = request.POST.get("intent", "save")
        if intent != "search" and form.is_valid():
            data = form.cleaned_data
            publish = intent == "publish"
            try:
                if entry is None:
                    entry = actions.changelog_create(
                        workspace=workspace, title=data["title"], body=data["body"],
                        ideas=selected, author=request.user, publish=publish,
                        mark_shipped=data["mark_shipped"], notify=not data["quiet"],
                    )  # fmt: skip
                else:
                    actions.changelog_update(
                        entry=entry, title=data["title"], body=data["body"], ideas=selected
                    )
                    if publish:
                        actions.changelog_publish(
                            entry=entry, actor_user=request.user,
                            mark_shipped=data["mark_shipped"], notify=not data["quiet"],
                        )  # fmt: skip
            except ValidationError as error:
                _add_error(form, error)
            else:
                messages.success(request, _changelog_saved_text(entry, publish, data, selected))
                return redirect("team_changelog", slug=workspace.slug)
        if intent == "search":
            form.errors.clear()  # searching is not saving: no "required" errors yet
        search = request.POST.get("idea_q", "")
    else:
        form = ChangelogForm(initial={"title": entry.title, "body": entry.body} if entry else None)
        if entry is not None:
            selected = list(entry.ideas.filter(deleted_at=None).select_related("status", "board"))
        else:
            preselect = request.GET.getlist("idea")
            selected = _picked_ideas(request, membership, preselect) if preselect else []
        search = ""
    context = {"entry": entry, "form": form, **_picker_context(membership, selected, search)}
    return render(request, "feedback/team/changelog_form.html", context)


def _changelog_saved_text(entry, published, data, selected) -> str:
    if not published:
        return f"“{entry.title}” is saved."
    shipped = ""
    if data["mark_shipped"] and selected:
        shipped = f" {len(selected)} linked idea{'s' if len(selected) != 1 else ''} marked shipped."
    return f"“{entry.title}” is published.{shipped}"


@team_view()
def changelog_new(request, membership):
    return _changelog_form_page(request, membership, None)


@team_view()
def changelog_edit(request, membership, entry_id):
    entry = access.access_changelog_entry_by_id(
        workspace=membership.workspace, membership=membership, entry_id=entry_id
    )
    return _changelog_form_page(request, membership, entry)


@team_view()
def changelog_ideas(request, membership):
    """The linked-ideas picker, re-rendered as the team member searches (HTMX)."""
    selected = _picked_ideas(request, membership, request.GET.getlist("ideas"))
    search = request.GET.get("idea_q", "")
    return render(
        request,
        "feedback/team/_idea_picker.html",
        _picker_context(membership, selected, search),
    )


@team_view()
@require_POST
def changelog_publish(request, membership, entry_id):
    entry = access.access_changelog_entry_by_id(
        workspace=membership.workspace, membership=membership, entry_id=entry_id
    )
    if entry.published_at is not None:
        messages.info(request, f"“{entry.title}” is already published.")
        return redirect("team_changelog", slug=membership.workspace.slug)
    form = ChangelogPublishForm(request.POST)
    form.is_valid()
    mark_shipped = form.cleaned_data.get("mark_shipped", False)
    actions.changelog_publish(entry=entry, actor_user=request.user, mark_shipped=mark_shipped)
    shipped = " Its linked ideas are marked shipped." if mark_shipped else ""
    messages.success(request, f"“{entry.title}” is published.{shipped}")
    return redirect("team_changelog", slug=membership.workspace.slug)


@team_view()
@require_POST
def changelog_unpublish(request, membership, entry_id):
    entry = access.access_changelog_entry_by_id(
        workspace=membership.workspace, membership=membership, entry_id=entry_id
    )
    actions.changelog_unpublish(entry=entry)
    messages.success(request, f"“{entry.title}” is a draft again; customers no longer see it.")
    return redirect("team_changelog", slug=membership.workspace.slug)


@team_view()
@require_POST
def changelog_delete(request, membership, entry_id):
    entry = access.access_changelog_entry_by_id(
        workspace=membership.workspace, membership=membership, entry_id=entry_id
    )
    actions.changelog_delete(entry=entry)
    messages.success(request, f"“{entry.title}” was deleted.")
    return redirect("team_changelog", slug=membership.workspace.slug)


# --- merging and duplicates --------------------------------------------------------------


def _suggested_roots(workspace, idea) -> list:
    """Ideas most like `idea`, to merge it into."""
    found = similar_ideas(
        workspace=workspace, text=f"{idea.title}\n{idea.body}", limit=5, exclude_ids=[idea.pk],
        include_private=True,
    )  # fmt: skip
    return [match.idea for match in found]


def _undo_merge_message(request, idea, root) -> str:
    unmerge_url = reverse("team_idea_unmerge", args=[idea.workspace.slug, idea.pk])
    return format_html(
        "“{}” is merged into “{}”. "
        '<form method="post" action="{}" class="message-action">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="next" value="{}">'
        '<button type="submit" class="link-button">Undo</button></form>',
        idea.title,
        root.title,
        unmerge_url,
        get_token(request),
        safe_next(request) or _idea_url(root),
    )


@team_view()
def idea_merge(request, membership, idea_id):
    """Choose the idea to merge this one into (search, or the most similar), then confirm."""
    workspace = membership.workspace
    idea = access.access_idea_by_id(workspace=workspace, membership=membership, idea_id=idea_id)
    if idea.merged_into_id is not None:
        messages.info(request, "This idea is already merged. Unmerge it first to move it.")
        return redirect(_idea_url(idea))
    error = ""
    if request.method == "POST":
        into_id = request.POST.get("into", "")
        if not into_id:
            if not request.POST.get("q"):  # Enter in the search box only searches
                error = "Choose the idea to merge into."
        else:
            into = access.access_idea_by_id(
                workspace=workspace, membership=membership, idea_id=into_id
            )
            try:
                merged = actions.idea_merge(idea=idea, into=into, actor=request.user)
            except ValidationError as problem:
                error = error_text(problem)
            else:
                root = merged.merged_into
                messages.success(request, _undo_merge_message(request, merged, root))
                return redirect(safe_next(request) or _idea_url(root))
    search = request.GET.get("q", request.POST.get("q", "")).strip()[:200]
    suggested = [] if search else _suggested_roots(workspace, idea)
    candidates = queries.merge_candidates(
        workspace=workspace, search=search, exclude_ids=[idea.pk, *(i.pk for i in suggested)]
    )
    context = {
        "idea": idea, "suggested": suggested, "candidates": candidates, "idea_search": search,
        "error": error, "next": safe_next(request),
    }  # fmt: skip
    if request.htmx and not request.htmx.boosted and request.method == "GET":
        return render(request, "feedback/team/_merge_picker.html", context)
    return render(request, "feedback/team/idea_merge.html", context, status=400 if error else 200)


@team_view()
@require_POST
def idea_unmerge(request, membership, idea_id):
    idea = access.access_idea_by_id(
        workspace=membership.workspace, membership=membership, idea_id=idea_id
    )
    if idea.merged_into_id is None:
        messages.info(request, f"“{idea.title}” is not merged.")
        return redirect(safe_next(request) or _idea_url(idea))
    root = idea.merged_into
    actions.idea_unmerge(idea=idea, actor=request.user)
    messages.success(request, f"“{idea.title}” stands on its own again, out of “{root.title}”.")
    return redirect(safe_next(request) or _idea_url(idea))


DUPLICATE_ORDERS = {"best": "Best match first", "new": "Newest first"}


@team_view()
def duplicates(request, membership):
    """Pairs of live ideas that look like duplicates: merge either way, or dismiss the pair."""
    workspace = membership.workspace
    order = request.GET.get("order", "best")
    order = order if order in DUPLICATE_ORDERS else "best"
    pairs = duplicate_candidates(workspace=workspace)
    if order == "new":
        pairs = sorted(pairs, key=lambda pair: (pair[0].created_at, pair[0].pk), reverse=True)
    ids = {idea.pk for pair in pairs for idea in pair[:2]}
    statuses = {i.pk: i for i in queries.ideas_with_status(idea_ids=ids)}
    rows = []
    for a, b, score in pairs:
        a, b = statuses.get(a.pk, a), statuses.get(b.pk, b)
        rows.append({"a": a, "b": b, "score": score, "sides": [(a, "A"), (b, "B")]})
    return render(
        request,
        "feedback/team/duplicates.html",
        {"rows": rows, "order": order, "orders": DUPLICATE_ORDERS},
    )


@team_view()
@require_POST
def duplicates_dismiss(request, membership):
    workspace = membership.workspace
    pair = [request.POST.get("a", ""), request.POST.get("b", "")]
    ideas = []
    if all(pair):
        ideas = access.access_ideas_by_ids(
            workspace=workspace, membership=membership, idea_ids=pair
        )
    if len(ideas) != 2:
        messages.error(request, "Choose two different ideas.")
    else:
        actions.duplicate_dismiss(idea=ideas[0], other=ideas[1], actor=request.user)
        messages.success(
            request, f"“{ideas[0].title}” and “{ideas[1].title}” will not be suggested again."
        )
    return redirect(safe_next(request) or reverse("team_duplicates", args=[workspace.slug]))
