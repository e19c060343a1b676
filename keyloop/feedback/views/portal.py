"""The customer portal at /<workspace>/: boards, ideas, votes, comments, follows, roadmap,
changelog and the customer's magic-link login.

Every object is reached through access.py; every write is an action; anonymous visitors are
identified (and held for confirmation) by portal_session.py.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from keyloop.accounts.access import access_workspace_public
from keyloop.accounts.models import Person, normalize_email
from keyloop.dedup.embedder import TYPING
from keyloop.dedup.queries import similar_ideas
from keyloop.integrations import sso
from keyloop.lib.pagecache import CSRF_PLACEHOLDER, cached_for_anonymous, rendering_for_cache
from keyloop.lib.ratelimit import Limited, check_rate, limited_message
from keyloop.lib.ratelimit import too_many as _too_many

from .. import access, actions, portal_session, queries
from ..forms import (
    PortalCommentForm,
    PortalIdeaForm,
    PortalLoginForm,
    PortalVoteForm,
    honeypot_filled,
)
from ..models import Channel, StatusCategory, Tag
from ..portal_session import Visitor

PAGE_SIZE = 20
CHANGELOG_PAGE_SIZE = 10
SEARCH_MAX = 200
VOTERS_SHOWN = 12
HOME_TRENDING = 5


def portal_page(view):
    """Resolve /<slug>/… to a workspace (404 if unknown) and the visitor, for every portal view."""

    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        workspace = access_workspace_public(slug=slug)
        request.workspace = workspace
        if request.method == "GET" and "sso" in request.GET:
            return _sso_from_query(request, workspace)
        visitor = portal_session.portal_visitor(request, workspace)
        return view(request, visitor, *args, **kwargs)

    return wrapper


def _sso_from_query(request, workspace):
    """`?sso=TOKEN` on any portal page: log the customer in, then show the page without it."""
    query = request.GET.copy()
    token = query.pop("sso", [""])[-1]
    try:
        person = sso.sso_login(request, workspace=workspace, token=token)
    except sso.SsoError as error:
        messages.error(request, _("We could not log you in: %(reason)s") % {"reason": error})
    else:
        messages.success(
            request, _("You are logged in as %(who)s.") % {"who": person.email or person.name}
        )
    rest = query.urlencode()
    return redirect(request.path + (f"?{rest}" if rest else ""))


def _render(request, visitor: Visitor, template: str, context=None, status: int = 200):
    base = {"visitor": visitor, "is_member": visitor.is_team}
    if rendering_for_cache(request):
        base["csrf_token"] = CSRF_PLACEHOLDER  # filled in per visitor by cached_for_anonymous
    return render(request, template, {**base, **(context or {})}, status=status)


def _post_only(request):
    """POST endpoints check the method after access: a hidden object stays a 404."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _idea_url(workspace, idea) -> str:
    return reverse("idea", args=[workspace.slug, idea.pk])


def _next_or(request, visitor: Visitor, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    return portal_session.safe_portal_path(visitor.workspace, target) or default


# --- who is acting --------------------------------------------------------------------------


@dataclass
class Contributor:
    person: Person
    pending: bool  # held until they click the e-mailed link
    email: str = ""  # set when a confirmation link must go out after the write


def _contributor(request, visitor: Visitor, form) -> Contributor:
    """The Person behind a vote, comment or idea. Call inside the write's transaction."""
    if visitor.is_known:
        return Contributor(visitor.acting_person(), pending=False)
    email = form.cleaned_data["email"]
    identity = portal_session.identify_anonymous(
        workspace=visitor.workspace, email=email, name=form.cleaned_data.get("name", "")
    )
    if not identity.pending:
        return Contributor(identity.person, pending=False)
    send = portal_session.confirmation_due(request, workspace=visitor.workspace, email=email)
    return Contributor(identity.person, pending=True, email=email if send else "")


def _remember_email(request, visitor: Visitor, form) -> None:
    """Pre-fill the next form with the e-mail an anonymous visitor just typed."""
    if not visitor.is_known and form.is_valid():
        request.session["keyloop.portal.email"] = form.cleaned_data["email"]
        request.session["keyloop.portal.name"] = form.cleaned_data.get("name", "")


def _identity_initial(request, visitor: Visitor) -> dict:
    if visitor.is_known:
        return {}
    return {
        "email": request.session.get("keyloop.portal.email", ""),
        "name": request.session.get("keyloop.portal.name", ""),
    }


def _inbox_message(email: str, what: str) -> str:
    return _(
        "Check your inbox: we sent a link to %(email)s. Click it to confirm your e-mail and "
        "%(what)s. (Not there? Look in your spam folder.)"
    ) % {"email": email, "what": what}


PENDING_WHAT = {
    "idea": _("publish your idea"),
    "vote": _("count your vote"),
    "comment": _("publish your comment"),
}


# --- home, boards, search -------------------------------------------------------------------


@dataclass
class IdeaFilters:
    sort: str
    category: str
    tag: Tag | None
    search: str
    ignored: list[str]  # names of parameters whose values were not recognised

    @property
    def active(self) -> bool:
        return bool(self.category or self.tag or self.search)


SORT_CHOICES = [
    ("trending", _("Trending")),
    ("top", _("Top")),
    ("new", _("New")),
    ("demand", _("Most demand")),
    ("mrr", _("Most MRR")),
]


def _idea_filters(request, tags) -> IdeaFilters:
    """Read ?sort=, ?status=, ?tag=, ?q= — unknown values are ignored (and said so)."""
    ignored = []
    sort = request.GET.get("sort", "trending")
    if sort not in queries.SORTS:
        if sort:
            ignored.append("sort")
        sort = "trending"
    category = request.GET.get("status", "")
    if category and category not in StatusCategory.values:
        ignored.append("status")
        category = ""
    tag = None
    tag_value = request.GET.get("tag", "").strip()
    if tag_value:
        by_id = {str(t.pk): t for t in tags}
        by_name = {t.name.casefold(): t for t in tags}
        tag = by_id.get(tag_value) or by_name.get(tag_value.casefold())
        if tag is None:
            ignored.append("tag")
    search = request.GET.get("q", "").strip()[:SEARCH_MAX]
    return IdeaFilters(sort, category, tag, search, ignored)


def _page_of(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


@cached_for_anonymous
@portal_page
def portal_home(request, visitor: Visitor):
    workspace = visitor.workspace
    boards = list(queries.portal_boards(workspace=workspace, membership=visitor.membership))
    search = request.GET.get("q", "").strip()[:SEARCH_MAX]
    results, trending = None, []
    if search:
        results = _page_of(
            request,
            queries.portal_search(
                workspace=workspace, membership=visitor.membership, search=search
            ),
        )
        shown = list(results)
    else:
        trending = list(
            queries.portal_search(
                workspace=workspace, membership=visitor.membership, search="", sort="trending"
            )[:HOME_TRENDING]
        )
        shown = trending
    voted_ids = queries.person_voted_idea_ids(
        person=visitor.person, idea_ids=[idea.pk for idea in shown]
    )
    return _render(
        request,
        visitor,
        "feedback/portal/home.html",
        {
            "boards": boards,
            "q": search,
            "results": results,
            "trending": trending,
            "voted_ids": voted_ids,
            "section": "boards",
        },
    )


@cached_for_anonymous
@portal_page
def board(request, visitor: Visitor, board_slug):
    workspace = visitor.workspace
    board = access.access_board_by_slug(
        workspace=workspace, membership=visitor.membership, board_slug=board_slug
    )
    tags = queries.workspace_tags(workspace=workspace)
    filters = _idea_filters(request, tags)
    ideas = queries.filter_ideas(
        queries.visible_ideas(workspace=workspace).filter(board=board),
        sort=filters.sort,
        category=filters.category,
        tag=filters.tag,
        search=filters.search,
    )
    page = _page_of(request, ideas)
    voted_ids = queries.person_voted_idea_ids(
        person=visitor.person, idea_ids=[idea.pk for idea in page]
    )
    return _render(
        request,
        visitor,
        "feedback/portal/board.html",
        {
            "board": board,
            "page": page,
            "filters": filters,
            "tags": tags,
            "sorts": SORT_CHOICES,
            "categories": StatusCategory.choices,
            "voted_ids": voted_ids,
            "can_submit": visitor.is_team or not board.is_locked,
            "section": "boards",
        },
    )


@portal_page
def idea_new(request, visitor: Visitor, board_slug):
    workspace = visitor.workspace
    board = access.access_board_by_slug(
        workspace=workspace, membership=visitor.membership, board_slug=board_slug
    )
    context = {"board": board, "section": "boards"}
    if board.is_locked and not visitor.is_team:
        context["locked"] = True
        return _render(request, visitor, "feedback/portal/idea_new.html", context, status=403)
    form = PortalIdeaForm(
        request.POST or None,
        ask_identity=not visitor.is_known,
        initial=_identity_initial(request, visitor),
    )
    context["form"] = form
    if request.method != "POST" or not form.is_valid():
        return _render(request, visitor, "feedback/portal/idea_new.html", context)
    email = "" if visitor.is_known else normalize_email(form.cleaned_data["email"])
    if honeypot_filled(request):  # a bot: answer as for a held idea, keep nothing
        messages.info(request, _inbox_message(email, PENDING_WHAT["idea"]), extra_tags="inbox")
        return redirect("board", workspace.slug, board.slug)
    try:
        check_rate(
            action="idea_submit",
            keys=portal_session.rate_keys(request, visitor=visitor, email=email),
        )
        with transaction.atomic():
            contributor = _contributor(request, visitor, form)
            idea = actions.idea_create(
                board=board,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                author=contributor.person,
                source=Channel.PORTAL,
                actor_user=visitor.user if visitor.is_team else None,
                published=not contributor.pending,
            )
            if contributor.email:
                portal_session.magic_link_send(
                    workspace=workspace,
                    email=contributor.email,
                    next_url=_idea_url(workspace, idea),
                    reason="idea",
                    summary=idea.title,
                )
    except Limited as limited:
        form.add_error(None, limited_message(limited))
        response = _render(request, visitor, "feedback/portal/idea_new.html", context)
        return _too_many(response, limited)
    except ValidationError as error:
        _add_errors(form, error)
        return _render(request, visitor, "feedback/portal/idea_new.html", context)
    _remember_email(request, visitor, form)
    if contributor.pending:
        messages.info(request, _inbox_message(email, PENDING_WHAT["idea"]), extra_tags="inbox")
        return redirect("board", workspace.slug, board.slug)
    messages.success(request, _("Thanks! Your idea is posted."))
    return redirect("idea", workspace.slug, idea.pk)


# --- similar ideas while typing -------------------------------------------------------------

SIMILAR_SHOWN = 5
SIMILAR_MIN_CHARS = 3
SIMILAR_BODY_CHARS = 300  # the title leads; a little of the body helps, a lot only slows it


@portal_page
def idea_similar(request, visitor: Visitor, board_slug):
    """Ideas like the one being typed into the submit form (HTMX partial; empty below 3 chars).

    Reads `q`, or the form's own `title` and `body`. Anyone who may open the board may ask;
    private ideas are suggested to the team only; merged and deleted ideas never are.
    """
    workspace = visitor.workspace
    board = access.access_board_by_slug(
        workspace=workspace, membership=visitor.membership, board_slug=board_slug
    )
    text = request.GET.get("q", "")
    if not text.strip():
        title = request.GET.get("title", "")[:SEARCH_MAX]
        body = request.GET.get("body", "")[:SIMILAR_BODY_CHARS]
        text = f"{title}\n{body}"
    text = " ".join(text.split())[: SEARCH_MAX + SIMILAR_BODY_CHARS]
    suggestions = []
    if len(text) >= SIMILAR_MIN_CHARS:
        suggestions = similar_ideas(
            workspace=workspace, text=text, limit=SIMILAR_SHOWN, include_private=visitor.is_team,
            role=TYPING,
        )  # fmt: skip
    ideas = [suggestion.idea for suggestion in suggestions]
    prefetch_related_objects(ideas, "status", "board")  # no-op if the engine joined them
    voted_ids = queries.person_voted_idea_ids(
        person=visitor.person, idea_ids=[idea.pk for idea in ideas]
    )
    return _render(
        request,
        visitor,
        "feedback/portal/_similar.html",
        {"board": board, "suggestions": suggestions, "voted_ids": voted_ids},
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- one idea -------------------------------------------------------------------------------


# Distinct ids: the vote and comment forms share a page and both may ask for an e-mail.
def _vote_form(visitor: Visitor, data=None, initial=None) -> PortalVoteForm:
    return PortalVoteForm(
        data, ask_identity=not visitor.is_known, initial=initial, auto_id="vote-%s"
    )


def _comment_form(visitor: Visitor, data=None, initial=None) -> PortalCommentForm:
    return PortalCommentForm(
        data, ask_identity=not visitor.is_known, initial=initial, auto_id="comment-%s"
    )


def _idea_context(request, visitor: Visitor, idea, **extra) -> dict:
    person = visitor.person
    voters = queries.idea_recent_voters(idea=idea, limit=VOTERS_SHOWN)
    identity = _identity_initial(request, visitor)
    merged_from = queries.idea_merged_from(idea=idea)
    demand_people = queries.ideas_demand_people(idea_ids=[idea.pk, *(m.pk for m in merged_from)])
    for merged in merged_from:
        merged.demand_people = demand_people.get(merged.pk, 0)
    context = {
        "idea": idea,
        "board": idea.board,
        "tags": list(idea.tags.all()),
        "voters": voters,
        "more_voters": max(idea.vote_count - len(voters), 0),
        "comments": queries.idea_comments(idea=idea, include_internal=False),
        "merged_from": merged_from,
        "demand_people": demand_people.pop(idea.pk, 0),
        "changelog_entries": queries.idea_published_changelog(idea=idea),
        "voted": bool(queries.person_voted_idea_ids(person=person, idea_ids=[idea.pk])),
        "following": queries.person_follows(person=person, idea=idea),
        "can_comment": visitor.is_team or not idea.board.is_locked,
        "vote_form": _vote_form(visitor, initial=identity),
        "comment_form": _comment_form(visitor, initial=identity),
        "blank_comment_form": _comment_form(visitor, initial=identity),
        "reply_to": None,
        "identity": identity,
        "section": "boards",
    }
    context.update(extra)
    return context


@cached_for_anonymous
@portal_page
def idea(request, visitor: Visitor, idea_id):
    workspace = visitor.workspace
    idea = access.access_idea_by_id(
        workspace=workspace, membership=visitor.membership, idea_id=idea_id
    )
    if idea.merged_into_id is not None:
        # A merged idea lives on in the one it went into (always a live root, one hop).
        return redirect("idea", workspace.slug, idea.merged_into_id, permanent=True)
    return _render(
        request, visitor, "feedback/portal/idea.html", _idea_context(request, visitor, idea)
    )


def _votable_idea(visitor: Visitor, idea_id):
    """An idea the visitor may act on: merged ones are 404 (act on the one they went into)."""
    return access.access_idea_by_id(
        workspace=visitor.workspace, membership=visitor.membership, idea_id=idea_id,
        include_merged=False,
    )  # fmt: skip


def _vote_response(request, visitor: Visitor, idea, *, status=200, notice="", error="", **extra):
    """The vote box for HTMX; otherwise the idea page (errors) or a redirect (success)."""
    idea.refresh_from_db(fields=["vote_count", "comment_count", "trending_score"])
    if request.htmx:
        voted = bool(queries.person_voted_idea_ids(person=visitor.person, idea_ids=[idea.pk]))
        compact = request.POST.get("variant") == "compact"
        context = {
            "idea": idea,
            "voted": voted or extra.pop("voted", False),
            "compact": compact,
            "vote_notice": notice,
            "vote_error": error,
            "vote_form": extra.pop("vote_form", None)
            or _vote_form(visitor, initial=_identity_initial(request, visitor)),
            "voters": [] if compact else queries.idea_recent_voters(idea=idea, limit=VOTERS_SHOWN),
            "oob_voters": not compact,
            # Voting follows the idea: the follow button beside it says so at once.
            "following": not compact and queries.person_follows(person=visitor.person, idea=idea),
            **extra,
        }
        context["more_voters"] = max(idea.vote_count - len(context["voters"]), 0)
        return _render(request, visitor, "feedback/portal/vote_response.html", context, status)
    if error or status >= 400:
        context = _idea_context(request, visitor, idea, vote_error=error, **extra)
        return _render(request, visitor, "feedback/portal/idea.html", context, status=status)
    if notice:
        messages.info(request, notice, extra_tags="inbox" if extra.get("inbox") else "")
    return redirect(_next_or(request, visitor, _idea_url(visitor.workspace, idea) + "#vote"))


@portal_page
def idea_vote(request, visitor: Visitor, idea_id):
    idea = access.access_idea_by_id(
        workspace=visitor.workspace, membership=visitor.membership, idea_id=idea_id
    )
    if not_allowed := _post_only(request):
        return not_allowed
    if idea.merged_into_id is not None:
        # Votes go to the idea it was merged into: say so and show it.
        root = idea.merged_into
        text = _("“%(title)s” was merged into “%(root)s”. Vote for that one instead.") % {
            "title": idea.title, "root": root.title,
        }  # fmt: skip
        if request.htmx:
            return _vote_response(request, visitor, idea, status=409, error=text)
        messages.error(request, text)
        return redirect(_idea_url(visitor.workspace, root) + "#vote")
    form = _vote_form(visitor, request.POST)
    if not form.is_valid():
        return _vote_response(
            request, visitor, idea, status=400, error=_("Check the form below."), vote_form=form
        )
    email = "" if visitor.is_known else normalize_email(form.cleaned_data["email"])
    try:
        check_rate(
            action="vote", keys=portal_session.rate_keys(request, visitor=visitor, email=email)
        )
        with transaction.atomic():
            contributor = _contributor(request, visitor, form)
            actions.vote_add(
                idea=idea, person=contributor.person, source=Channel.PORTAL,
                confirmed=not contributor.pending,
            )  # fmt: skip
            if contributor.email:
                portal_session.magic_link_send(
                    workspace=visitor.workspace, email=contributor.email,
                    next_url=_idea_url(visitor.workspace, idea), reason="vote",
                    summary=idea.title,
                )  # fmt: skip
    except Limited as limited:
        response = _vote_response(
            request, visitor, idea, status=429, error=limited_message(limited)
        )
        return _too_many(response, limited)
    except ValidationError as error:
        return _vote_response(request, visitor, idea, status=400, error=" ".join(error.messages))
    _remember_email(request, visitor, form)
    if contributor.pending:
        return _vote_response(
            request, visitor, idea, notice=_inbox_message(email, PENDING_WHAT["vote"]), inbox=True
        )
    if not visitor.is_known:
        # Counted at once (the workspace does not ask for confirmation).
        return _vote_response(
            request, visitor, idea, notice=_("Thanks, your vote counts."), voted=True
        )
    return _vote_response(request, visitor, idea)


def _login_to_continue(request, visitor: Visitor, idea, what: str):
    login_url = reverse("portal_login", args=[visitor.workspace.slug])
    target = f"{login_url}?{urlencode({'next': _idea_url(visitor.workspace, idea)})}"
    if request.htmx:
        response = _render(request, visitor, "feedback/portal/login_needed.html", {"what": what})
        response["HX-Redirect"] = target
        return response
    return redirect(target)


@portal_page
def idea_unvote(request, visitor: Visitor, idea_id):
    idea = _votable_idea(visitor, idea_id)
    if not_allowed := _post_only(request):
        return not_allowed
    if not visitor.is_known:
        return _login_to_continue(request, visitor, idea, _("change your vote"))
    try:
        check_rate(action="vote", keys=portal_session.rate_keys(request, visitor=visitor))
    except Limited as limited:
        response = _vote_response(
            request, visitor, idea, status=429, error=limited_message(limited)
        )
        return _too_many(response, limited)
    person = visitor.acting_person()
    actions.vote_remove(idea=idea, person=person)
    return _vote_response(request, visitor, idea)


def _follow_response(request, visitor: Visitor, idea):
    if request.htmx:
        following = queries.person_follows(person=visitor.person, idea=idea)
        return _render(
            request, visitor, "feedback/portal/_follow.html", {"idea": idea, "following": following}
        )
    return redirect(_next_or(request, visitor, _idea_url(visitor.workspace, idea)))


def _set_following(request, visitor: Visitor, idea_id, *, follow: bool):
    idea = _votable_idea(visitor, idea_id)
    if not_allowed := _post_only(request):
        return not_allowed
    if not visitor.is_known:
        verb = _("follow this idea") if follow else _("unfollow this idea")
        return _login_to_continue(request, visitor, idea, verb)
    if follow:
        actions.idea_follow(idea=idea, person=visitor.acting_person())
    else:
        actions.idea_unfollow(idea=idea, person=visitor.acting_person())
    if not request.htmx:
        done = (
            _("You follow this idea: we will tell you when it changes.")
            if follow
            else _("You no longer follow this idea.")
        )
        messages.success(request, done)
    return _follow_response(request, visitor, idea)


@portal_page
def idea_follow(request, visitor: Visitor, idea_id):
    return _set_following(request, visitor, idea_id, follow=True)


@portal_page
def idea_unfollow(request, visitor: Visitor, idea_id):
    return _set_following(request, visitor, idea_id, follow=False)


def _comments_response(request, visitor: Visitor, idea, *, form=None, status=200, **extra):
    """The comments section for HTMX, else the whole idea page; `form` keeps its errors."""
    idea.refresh_from_db(fields=["comment_count", "vote_count"])
    context = _idea_context(request, visitor, idea, **extra)
    if form is not None:
        context["comment_form"] = form
    template = "feedback/portal/_comments.html" if request.htmx else "feedback/portal/idea.html"
    return _render(request, visitor, template, context, status=status)


@portal_page
def idea_comment(request, visitor: Visitor, idea_id):
    idea = _votable_idea(visitor, idea_id)
    if not_allowed := _post_only(request):
        return not_allowed
    form = _comment_form(visitor, request.POST)
    reply_to = request.POST.get("parent") or None
    if idea.board.is_locked and not visitor.is_team:
        form.is_valid()
        form.add_error(None, _("This board is closed to new comments."))
        return _comments_response(request, visitor, idea, form=form, status=403, reply_to=reply_to)
    if not form.is_valid():
        return _comments_response(request, visitor, idea, form=form, reply_to=reply_to)
    parent = None
    if form.cleaned_data.get("parent"):
        try:
            # Customers reply only to comments they can see (never to internal notes).
            parent = access.access_comment_by_id(
                idea=idea, membership=None, comment_id=form.cleaned_data["parent"]
            )
        except Http404:
            form.add_error(None, _("The comment you replied to is no longer there."))
            return _comments_response(request, visitor, idea, form=form)
    email = "" if visitor.is_known else normalize_email(form.cleaned_data["email"])
    if honeypot_filled(request):  # a bot: answer as for a held comment, keep nothing
        notice = _inbox_message(email, PENDING_WHAT["comment"])
        if request.htmx:
            return _comments_response(request, visitor, idea, comment_notice=notice)
        messages.info(request, notice, extra_tags="inbox")
        return redirect(_idea_url(visitor.workspace, idea) + "#comments")
    try:
        check_rate(
            action="comment", keys=portal_session.rate_keys(request, visitor=visitor, email=email)
        )
        with transaction.atomic():
            contributor = _contributor(request, visitor, form)
            comment = actions.comment_add(
                idea=idea, body=form.cleaned_data["body"], author=contributor.person,
                author_user=visitor.user if visitor.is_team else None, parent=parent,
                published=not contributor.pending,
            )  # fmt: skip
            if contributor.email:
                portal_session.magic_link_send(
                    workspace=visitor.workspace, email=contributor.email,
                    next_url=_idea_url(visitor.workspace, idea), reason="comment",
                    summary=Truncator(comment.body).chars(300),
                )  # fmt: skip
    except Limited as limited:
        form.add_error(None, limited_message(limited))
        response = _comments_response(
            request, visitor, idea, form=form, status=429, reply_to=reply_to
        )
        return _too_many(response, limited)
    except ValidationError as error:
        _add_errors(form, error)
        return _comments_response(request, visitor, idea, form=form, reply_to=reply_to)
    _remember_email(request, visitor, form)
    if contributor.pending:
        notice = _inbox_message(email, PENDING_WHAT["comment"])
        if request.htmx:
            return _comments_response(request, visitor, idea, comment_notice=notice)
        messages.info(request, notice, extra_tags="inbox")
        return redirect(_idea_url(visitor.workspace, idea) + "#comments")
    if request.htmx:
        return _comments_response(request, visitor, idea, new_comment_id=comment.pk)
    messages.success(request, _("Your comment is posted."))
    return redirect(_idea_url(visitor.workspace, idea) + f"#comment-{comment.pk}")


# --- roadmap and changelog ------------------------------------------------------------------


@cached_for_anonymous
@portal_page
def roadmap(request, visitor: Visitor):
    workspace = visitor.workspace
    boards = list(queries.portal_boards(workspace=workspace, membership=visitor.membership))
    tags = queries.workspace_tags(workspace=workspace)
    board_slug = request.GET.get("board", "")
    board = next((b for b in boards if b.slug == board_slug), None)
    tag_value = request.GET.get("tag", "").strip()
    tag = next((t for t in tags if str(t.pk) == tag_value), None)
    if tag is None and tag_value:
        tag = next((t for t in tags if t.name.casefold() == tag_value.casefold()), None)
    columns = queries.roadmap_columns(
        workspace=workspace, membership=visitor.membership, board=board, tag=tag
    )
    return _render(
        request,
        visitor,
        "feedback/portal/roadmap.html",
        {
            "columns": columns,
            "boards": boards,
            "tags": tags,
            "board": board,
            "tag": tag,
            "ignored": bool(board_slug and board is None) or bool(tag_value and tag is None),
            "section": "roadmap",
        },
    )


@cached_for_anonymous
@portal_page
def changelog(request, visitor: Visitor):
    page = _page_of(
        request, queries.published_changelog(workspace=visitor.workspace), CHANGELOG_PAGE_SIZE
    )
    return _render(
        request, visitor, "feedback/portal/changelog.html", {"page": page, "section": "changelog"}
    )


@cached_for_anonymous
@portal_page
def changelog_entry(request, visitor: Visitor, entry_id):
    entry = access.access_changelog_entry_by_id(
        workspace=visitor.workspace, membership=visitor.membership, entry_id=entry_id
    )
    return _render(
        request,
        visitor,
        "feedback/portal/changelog_entry.html",
        {
            "entry": entry,
            "ideas": queries.changelog_public_ideas(entry=entry),
            "section": "changelog",
        },
    )


# --- customer login -------------------------------------------------------------------------


@portal_page
def portal_login(request, visitor: Visitor):
    workspace = visitor.workspace
    next_url = _next_or(request, visitor, "")
    form = PortalLoginForm(request.POST or None)
    context = {"form": form, "next": next_url, "sent": request.GET.get("sent") == "1"}
    if request.method == "POST" and form.is_valid():
        email = normalize_email(form.cleaned_data["email"])
        try:
            check_rate(action="magic_link", keys=portal_session.rate_keys(request, email=email))
        except Limited as limited:
            form.add_error(None, limited_message(limited))
            response = _render(request, visitor, "feedback/portal/login.html", context)
            return _too_many(response, limited)
        if not honeypot_filled(request):  # a bot gets the same answer and no e-mail goes out
            portal_session.magic_link_send(
                workspace=workspace, email=email, next_url=next_url, reason="login"
            )
        messages.info(
            request,
            _("Check your inbox: we sent a login link to %(email)s. It works for %(hours)d hours.")
            % {"email": email, "hours": portal_session.MAGIC_LINK_MAX_AGE // 3600},
            extra_tags="inbox",
        )
        query = urlencode({"sent": 1, **({"next": next_url} if next_url else {})})
        return redirect(reverse("portal_login", args=[workspace.slug]) + "?" + query)
    return _render(request, visitor, "feedback/portal/login.html", context)


@portal_page
def portal_login_token(request, visitor: Visitor, token):
    """A magic link: GET asks for a click (mail scanners fetch links too), POST logs in."""
    workspace = visitor.workspace
    link = portal_session.magic_link_read(workspace=workspace, token=token)
    if link is None:
        return _bad_link(request, visitor, "bad_link")
    landing = link.next_url or reverse("portal_home", args=[workspace.slug])
    # Clicked again in the browser it logged in: nothing to do but go on.
    logged_in = visitor.is_customer_session and visitor.person.email.lower() == link.email
    if request.method != "POST":
        if logged_in and link.reason == "login":
            return redirect(landing)
        if not queries.magic_link_unused(
            workspace=workspace, email=link.email, issued_at=link.issued_at
        ):
            return redirect(landing) if logged_in else _bad_link(request, visitor, "used_link")
        return _render(request, visitor, "feedback/portal/login_link.html", {"link": link})
    person = actions.magic_link_redeem(
        workspace=workspace, email=link.email, issued_at=link.issued_at,
        confirm=link.reason != "login",
    )  # fmt: skip
    if person is None:
        return redirect(landing) if logged_in else _bad_link(request, visitor, "used_link")
    portal_session.magic_link_used(workspace=workspace, email=link.email)
    portal_session.login_person(request, workspace, person)
    done = {
        "idea": _("Your e-mail is confirmed and your idea is published."),
        "vote": _("Your e-mail is confirmed and your vote counts."),
        "comment": _("Your e-mail is confirmed and your comment is published."),
    }.get(link.reason, _("You are logged in as %(email)s.") % {"email": person.email})
    messages.success(request, done)
    return redirect(landing)


def _bad_link(request, visitor: Visitor, problem: str):
    """The login form, saying why the link did not work (expired or forged, or used)."""
    context = {"form": PortalLoginForm(), "next": "", problem: True}
    return _render(request, visitor, "feedback/portal/login.html", context, status=400)


@csrf_exempt  # the host app posts this form from its own site; the signed token is the proof
@portal_page
def portal_sso(request, visitor: Visitor):
    """POST /<ws>/sso/ with `token` (and an optional `next` inside the portal): log in."""
    if not_allowed := _post_only(request):
        return not_allowed
    workspace = visitor.workspace
    try:
        person = sso.sso_login(request, workspace=workspace, token=request.POST.get("token", ""))
    except sso.SsoError as error:
        context = {"form": PortalLoginForm(), "next": "", "sso_error": str(error)}
        return _render(request, visitor, "feedback/portal/login.html", context, status=400)
    messages.success(
        request, _("You are logged in as %(who)s.") % {"who": person.email or person.name}
    )
    return redirect(_next_or(request, visitor, reverse("portal_home", args=[workspace.slug])))


@portal_page
def portal_logout(request, visitor: Visitor):
    if not_allowed := _post_only(request):
        return not_allowed
    portal_session.logout_person(request, visitor.workspace)
    messages.success(request, _("You are logged out."))
    return redirect("portal_home", visitor.workspace.slug)
