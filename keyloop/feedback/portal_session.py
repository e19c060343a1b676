"""Who a portal visitor is, and the magic links that prove a customer owns their e-mail.

A visitor of /<workspace>/ is one of: a logged-in team member of the workspace (who acts
through their own Person), a customer who clicked a magic link (the session holds their
Person id for that workspace only), or an anonymous visitor. Anonymous visitors who vote,
comment or submit give an e-mail; what they do stays unpublished until they click the link
we send, unless the workspace publishes unconfirmed contributions at once. Nobody acts as
an already-confirmed person without that person's link.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from keyloop.accounts.access import membership_or_none
from keyloop.accounts.models import Membership, Person, Workspace, normalize_email
from keyloop.accounts.tasks import send_account_email
from keyloop.lib.ratelimit import check_rate, client_ip

from . import actions

MAGIC_LINK_SALT = "keyloop.feedback.portal.magic-link"
MAGIC_LINK_MAX_AGE = 24 * 3600  # seconds a link keeps working
# While an earlier confirmation link is this fresh, more pending votes or comments ride on
# it (clicking publishes everything pending) instead of sending one mail per click.
CONFIRMATION_RESEND_AFTER = 10 * 60

REASONS = {
    "login": "Your login link for {workspace} feedback",
    "idea": "Confirm your e-mail to publish your idea",
    "vote": "Confirm your e-mail to count your vote",
    "comment": "Confirm your e-mail to publish your comment",
}


def _session_key(workspace: Workspace) -> str:
    return f"keyloop.portal.person.{workspace.pk}"


@dataclass
class Visitor:
    """The viewer of a portal page, resolved once per request."""

    workspace: Workspace
    membership: Membership | None
    person: Person | None
    user: object = None

    @property
    def is_team(self) -> bool:
        return self.membership is not None

    @property
    def is_known(self) -> bool:
        """Known visitors act without giving an e-mail."""
        return self.is_team or self.person is not None

    @property
    def is_customer_session(self) -> bool:
        return not self.is_team and self.person is not None

    def acting_person(self) -> Person | None:
        """The Person this visitor acts as; a team member gets theirs created on first use."""
        if self.is_team:
            if self.person is None:
                self.person = actions.person_for_user(workspace=self.workspace, user=self.user)
            return self.person
        return self.person


def portal_visitor(request, workspace: Workspace) -> Visitor:
    membership = membership_or_none(workspace=workspace, user=request.user)
    if membership is not None:
        # Reading only: person_for_user (a write) runs when the member actually acts.
        person = Person.objects.filter(workspace=workspace, user=request.user).first()
        return Visitor(workspace, membership, person, request.user)
    person = None
    person_id = request.session.get(_session_key(workspace))
    if person_id is not None:
        person = Person.objects.filter(workspace=workspace, pk=person_id).first()
        if person is None:  # erased since; forget it
            request.session.pop(_session_key(workspace), None)
    return Visitor(workspace, None, person, request.user)


def portal_person(request, workspace: Workspace) -> Person | None:
    """The Person of the current visitor on `workspace`'s portal, or None."""
    return portal_visitor(request, workspace).acting_person()


def login_person(request, workspace: Workspace, person: Person) -> None:
    """Remember `person` as this browser's customer identity on `workspace` only."""
    if person.workspace_id != workspace.pk:
        raise ValueError("The person belongs to another workspace.")
    request.session.cycle_key()  # a new session id: no fixation
    request.session[_session_key(workspace)] = person.pk


def logout_person(request, workspace: Workspace) -> None:
    request.session.pop(_session_key(workspace), None)


# --- anonymous visitors -----------------------------------------------------------------


@dataclass
class Identity:
    person: Person
    pending: bool  # what they do waits until they click the link we e-mail


def identify_anonymous(*, workspace: Workspace, email: str, name: str = "") -> Identity:
    """The Person behind an e-mail typed into a portal form, and whether to hold their action.

    An unknown e-mail becomes a new Person (with the name given). A known one is used as it
    is: a stranger cannot rename it, and if its owner has confirmed it (or is a team member),
    the action waits for the link even when the workspace publishes unconfirmed ones.
    """
    email = normalize_email(email)
    existing = Person.objects.filter(workspace=workspace, email__iexact=email).first()
    if existing is None:
        person = actions.person_identify(workspace=workspace, email=email, name=name)
        return Identity(person, actions.needs_confirmation(workspace=workspace, person=person))
    proven = existing.email_confirmed_at is not None or existing.user_id is not None
    pending = proven or actions.needs_confirmation(workspace=workspace, person=existing)
    return Identity(existing, pending)


def rate_keys(request, *, visitor: Visitor | None = None, email: str = "") -> list[str]:
    """Rate-limit buckets for one request: the IP, plus whoever is acting (or their e-mail)."""
    keys = [f"ip:{client_ip(request)}"]
    if visitor is not None and visitor.person is not None:
        keys.append(f"person:{visitor.person.pk}")
    elif visitor is not None and visitor.is_team:
        keys.append(f"user:{visitor.user.pk}")
    elif email:
        keys.append(f"email:{normalize_email(email)}")
    return keys


# --- magic links ------------------------------------------------------------------------


@dataclass
class MagicLink:
    email: str
    next_url: str
    reason: str
    issued_at: datetime  # a link works once: until the person uses this or a later one


def magic_link_token(
    *, workspace: Workspace, email: str, next_url: str = "", reason: str = "login"
) -> str:
    payload = {
        "w": workspace.pk, "e": normalize_email(email), "n": next_url, "r": reason,
        "t": round(time.time(), 6),
    }  # fmt: skip
    return signing.dumps(payload, salt=MAGIC_LINK_SALT, compress=True)


def magic_link_read(*, workspace: Workspace, token: str) -> MagicLink | None:
    """The link's contents, or None if it is forged, expired or for another workspace.

    Whether it was used already is for `actions.magic_link_redeem` to say.
    """
    try:
        data = signing.loads(token, salt=MAGIC_LINK_SALT, max_age=MAGIC_LINK_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("w") != workspace.pk or not data.get("e"):
        return None
    reason = data.get("r") if data.get("r") in REASONS else "login"
    issued = data.get("t") if isinstance(data.get("t"), int | float) else 0  # older links
    return MagicLink(
        email=data["e"], next_url=safe_portal_path(workspace, data.get("n")), reason=reason,
        issued_at=datetime.fromtimestamp(issued, tz=UTC),
    )  # fmt: skip


def magic_link_used(*, workspace: Workspace, email: str) -> None:
    """After a link is used, the next pending vote or comment gets a fresh one."""
    transaction.on_commit(lambda: cache.delete(_sent_key(workspace, email)))


def safe_portal_path(workspace: Workspace, target) -> str:
    """A path inside this workspace's portal, or "" (no open redirects, no other tenants)."""
    target = str(target or "")
    home = reverse("portal_home", args=[workspace.slug])
    if not target.startswith(home) or not url_has_allowed_host_and_scheme(target, None):
        return ""
    return target


def magic_link_url(token: str, workspace: Workspace) -> str:
    return settings.BASE_URL + reverse("portal_login_token", args=[workspace.slug, token])


def magic_link_send(
    *, workspace: Workspace, email: str, next_url: str = "", reason: str = "login",
    summary: str = "",
) -> None:  # fmt: skip
    """E-mail a magic link once the current transaction commits (never on the request path).

    `summary` quotes what the click will publish, so someone who did not write it can tell.
    """
    email = normalize_email(email)
    token = magic_link_token(workspace=workspace, email=email, next_url=next_url, reason=reason)
    context = {
        "workspace": workspace,
        "url": magic_link_url(token, workspace),
        "reason": reason,
        "summary": summary,
        "hours": MAGIC_LINK_MAX_AGE // 3600,
    }
    subject = REASONS[reason].format(workspace=workspace.name)

    def enqueue():
        cache.set(_sent_key(workspace, email), 1, timeout=CONFIRMATION_RESEND_AFTER)
        send_account_email.enqueue(
            to=email,
            subject=subject,
            text=render_to_string("feedback/portal/email/magic_link.txt", context),
            html=render_to_string("feedback/portal/email/magic_link.html", context),
        )

    transaction.on_commit(enqueue)


def _sent_key(workspace: Workspace, email: str) -> str:
    return f"portal:confirmation-sent:{workspace.pk}:{normalize_email(email)}"


def confirmation_due(request, *, workspace: Workspace, email: str) -> bool:
    """Whether to e-mail a confirmation link now; False while a fresh one is in their inbox.

    Raises keyloop.lib.ratelimit.Limited when too many links went out. Call it inside the
    transaction of the writes it confirms, so a refusal leaves nothing behind.
    """
    if cache.get(_sent_key(workspace, email)):
        return False
    check_rate(action="magic_link", keys=rate_keys(request, email=email))
    return True
