"""The embeddable widget: its script, the panel it frames, and the demo host page.

The panel runs inside an iframe on the customer's site, where our cookies are third-party and
often blocked. So the panel does not rely on them: the host page hands it an SSO token (in the
iframe URL's fragment, never sent to a server log), the panel exchanges it once for a signed
identity value, and htmx sends that value back in a header with every request. Writes accept
only that header as identity, which also makes them safe from cross-site request forgery.
"""

import hashlib
from dataclasses import dataclass
from functools import cache, wraps
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from keyloop.accounts.access import access_workspace_public, membership_or_none
from keyloop.accounts.management.commands.demo import DEMO_SLUG
from keyloop.accounts.models import Person, Workspace, normalize_email
from keyloop.feedback import access, queries
from keyloop.feedback import actions as feedback_actions
from keyloop.feedback.forms import honeypot_filled
from keyloop.feedback.models import Channel
from keyloop.feedback.portal_session import portal_visitor
from keyloop.inbox.actions import feedback_receive
from keyloop.integrations import sso
from keyloop.lib.ratelimit import Limited, check_rate, client_ip, limited_message, too_many

from .forms import WidgetFeedbackForm

IDENTITY_SALT = "keyloop.widget.identity"
IDENTITY_MAX_AGE = 12 * 3600  # an open panel keeps working for a working day
IDENTITY_HEADER = "X-Keyloop-Widget-Identity"
RESULTS_SHOWN = 6
SEARCH_MAX = 200
DEMO_TOKEN_LIFETIME = 600
DEMO_CUSTOMER = {
    "email": "demo.customer@example.com",
    "name": "Demo Customer",
    "id": "keyloop-widget-demo",
    "company": {"id": "keyloop-widget-demo", "name": "Demo Company", "plan": "Trial"},
}
WIDGET_JS = Path(__file__).resolve().parents[2] / "static" / "widget" / "widget.js"


# --- who is in the panel ----------------------------------------------------------------------


@dataclass
class WidgetVisitor:
    workspace: Workspace
    person: Person | None
    how: str = ""  # "sso" or "portal": how the person was identified

    @property
    def identity(self) -> str:
        """The signed value the panel sends back in IDENTITY_HEADER."""
        if self.person is None:
            return ""
        payload = {"w": self.workspace.pk, "p": self.person.pk, "h": self.how}
        return signing.dumps(payload, salt=IDENTITY_SALT)


def _header_visitor(request, workspace: Workspace) -> WidgetVisitor:
    """The person named by the panel's signed header (for this workspace only), or nobody."""
    value = request.headers.get(IDENTITY_HEADER, "")
    if value:
        try:
            data = signing.loads(value, salt=IDENTITY_SALT, max_age=IDENTITY_MAX_AGE)
        except signing.BadSignature:
            data = None
        if isinstance(data, dict) and data.get("w") == workspace.pk:
            person = Person.objects.filter(workspace=workspace, pk=data.get("p")).first()
            if person is not None:
                return WidgetVisitor(workspace, person, data.get("h", "sso"))
    return WidgetVisitor(workspace, None)


def _page_visitor(request, workspace: Workspace) -> WidgetVisitor:
    """For pages: the header, else a customer already logged in to the portal (same site)."""
    visitor = _header_visitor(request, workspace)
    if visitor.person is None:
        portal = portal_visitor(request, workspace)
        if portal.is_customer_session:
            return WidgetVisitor(workspace, portal.person, "portal")
    return visitor


def widget_view(view):
    """Resolve the workspace (404 if unknown) and let any site frame the page."""

    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        workspace = access_workspace_public(slug=slug)
        request.workspace = workspace
        response = view(request, workspace, *args, **kwargs)
        response.xframe_options_exempt = True
        response["Content-Security-Policy"] = "frame-ancestors *"
        return response

    return wrapper


def _post_only(request):
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _rate_keys(request, visitor: WidgetVisitor, email: str = "") -> list[str]:
    keys = [f"ip:{client_ip(request)}"]
    if visitor.person is not None:
        keys.append(f"person:{visitor.person.pk}")
    elif email:
        keys.append(f"email:{normalize_email(email)}")
    return keys


# --- the script ---------------------------------------------------------------------------------


@cache
def _widget_script() -> tuple[bytes, str]:
    body = WIDGET_JS.read_bytes()
    return body, '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


def widget_js(request, slug):
    """The embed script: tiny, ours, cacheable by browsers and proxies for an hour."""
    access_workspace_public(slug=slug)
    body, etag = _widget_script() if not settings.DEBUG else _widget_script.__wrapped__()
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=3600"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


# --- the panel ----------------------------------------------------------------------------------


def _results(workspace: Workspace, person: Person | None, search: str) -> tuple[list, set]:
    ideas = list(
        queries.portal_search(
            workspace=workspace,
            membership=None,
            search=search,
            sort="top" if search else "trending",
        ).select_related("status")[:RESULTS_SHOWN]
    )
    voted = queries.person_voted_idea_ids(person=person, idea_ids=[idea.pk for idea in ideas])
    return ideas, voted


def _app_context(visitor: WidgetVisitor, **extra) -> dict:
    ideas, voted = _results(visitor.workspace, visitor.person, "")
    return {
        "visitor": visitor,
        "ideas": ideas,
        "voted_ids": voted,
        "q": "",
        "form": WidgetFeedbackForm(ask_email=visitor.person is None),
        **extra,
    }


@widget_view
def widget_panel(request, workspace: Workspace):
    visitor = _page_visitor(request, workspace)
    return render(request, "widget/panel.html", _app_context(visitor))


@csrf_exempt  # the signed token is the proof; nothing here reads cookies
@widget_view
def widget_identify(request, workspace: Workspace):
    """Exchange the host page's SSO token for the panel's signed identity."""
    if not_allowed := _post_only(request):
        return not_allowed
    try:
        person = sso.sso_identify(workspace=workspace, token=request.POST.get("token", ""))
    except sso.SsoError as error:
        visitor = _header_visitor(request, workspace)
        context = _app_context(visitor, sso_error=str(error))
        return render(request, "widget/_app.html", context, status=400)
    visitor = WidgetVisitor(workspace, person, "sso")
    return render(request, "widget/_app.html", _app_context(visitor))


@widget_view
def widget_search(request, workspace: Workspace):
    visitor = _header_visitor(request, workspace)
    search = request.GET.get("q", "").strip()[:SEARCH_MAX]
    ideas, voted = _results(workspace, visitor.person, search)
    context = {"visitor": visitor, "ideas": ideas, "voted_ids": voted, "q": search}
    return render(request, "widget/_results.html", context)


def _vote_response(request, visitor, idea, *, voted: bool, status=200, error=""):
    idea.refresh_from_db(fields=["vote_count"])
    context = {
        "visitor": visitor, "idea": idea, "voted_ids": {idea.pk} if voted else set(),
        "vote_error": error,
    }  # fmt: skip
    return render(request, "widget/_vote.html", context, status=status)


def _set_vote(request, workspace: Workspace, idea_id, *, vote: bool):
    idea = access.access_idea_by_id(
        workspace=workspace, membership=None, idea_id=idea_id, include_merged=False
    )
    if not_allowed := _post_only(request):
        return not_allowed
    visitor = _header_visitor(request, workspace)
    if visitor.person is None:
        # Nobody to count: the button explains how to vote (on the portal, after logging in).
        return _vote_response(request, visitor, idea, voted=False)
    try:
        check_rate(action="vote", keys=_rate_keys(request, visitor))
    except Limited as limited:
        voted = bool(queries.person_voted_idea_ids(person=visitor.person, idea_ids=[idea.pk]))
        response = _vote_response(
            request, visitor, idea, voted=voted, error=limited_message(limited)
        )
        return too_many(response, limited)
    if vote:
        feedback_actions.vote_add(idea=idea, person=visitor.person, source=Channel.WIDGET)
    else:
        feedback_actions.vote_remove(idea=idea, person=visitor.person)
    return _vote_response(request, visitor, idea, voted=vote)


@csrf_exempt  # identity comes only from the signed header, never from a cookie
@widget_view
def widget_vote(request, workspace: Workspace, idea_id):
    return _set_vote(request, workspace, idea_id, vote=True)


@csrf_exempt
@widget_view
def widget_unvote(request, workspace: Workspace, idea_id):
    return _set_vote(request, workspace, idea_id, vote=False)


def _page_url(request) -> str:
    """The host page the panel was opened on, when the panel's script says and it is a URL."""
    value = request.POST.get("page_url", "").strip()
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return ""
    return value if len(value) <= 2000 else ""


@csrf_exempt  # identity comes only from the signed header, never from a cookie
@widget_view
def widget_feedback(request, workspace: Workspace):
    """GET: a blank form (after “send more”); POST: store the feedback in the inbox."""
    visitor = _header_visitor(request, workspace)
    form = WidgetFeedbackForm(request.POST or None, ask_email=visitor.person is None)
    context = {"visitor": visitor, "form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, "widget/_feedback.html", context)
    if honeypot_filled(request):
        return render(request, "widget/_thanks.html", context)  # looks sent; nothing is kept
    email = form.cleaned_data.get("email", "")
    try:
        check_rate(action="widget_feedback", keys=_rate_keys(request, visitor, email))
        with transaction.atomic():
            person = visitor.person
            if person is None and email:
                person = feedback_actions.person_identify(workspace=workspace, email=email)
            page_url = _page_url(request)
            feedback_receive(
                workspace=workspace,
                channel=Channel.WIDGET,
                text=form.cleaned_data["text"],
                person=person,
                source_url=page_url,
                metadata={
                    "identified_by": visitor.how if visitor.person else ("e-mail" if email else ""),
                    "email_verified": visitor.person is not None,
                },
            )
    except Limited as limited:
        form.add_error(None, limited_message(limited))
        return too_many(render(request, "widget/_feedback.html", context), limited)
    except ValidationError as error:
        for field, messages in getattr(error, "error_dict", {"__all__": error}).items():
            form.add_error(field if field in form.fields else None, messages)
        return render(request, "widget/_feedback.html", context, status=400)
    return render(request, "widget/_thanks.html", context)


# --- the demo host page ---------------------------------------------------------------------------


def widget_demo(request, slug):
    """A pretend host app that embeds the widget with a token it signed for a demo customer."""
    workspace = access_workspace_public(slug=slug)
    request.workspace = workspace
    # Signing for the demo customer lets the viewer act as them, so only the workspace's own
    # team (and anyone on the public demo workspace) gets a token; others see the widget as
    # an anonymous visitor would.
    token = ""
    if workspace.slug == DEMO_SLUG or membership_or_none(workspace=workspace, user=request.user):
        token = sso.sso_token_sign(
            workspace=workspace, claims=DEMO_CUSTOMER, lifetime=DEMO_TOKEN_LIFETIME
        )
    context = {
        "workspace": workspace,
        "token": token,
        "customer": DEMO_CUSTOMER,
        "minutes": DEMO_TOKEN_LIFETIME // 60,
        "script_url": request.build_absolute_uri(reverse("widget_js", args=[workspace.slug])),
    }
    response = render(request, "widget/demo.html", context)
    response["Cache-Control"] = "no-store"  # the token inside is fresh on every visit
    return response
