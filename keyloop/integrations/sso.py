"""Customer SSO: a host app signs a short-lived JWT for its logged-in user, we verify it.

The token is HS256-only, signed with the workspace's `sso_secret`; it must expire within an
hour. Its claims identify (and create or update) the customer's Person and Company. Every
refusal carries a reason the integrator can act on; nothing here ever raises anything else.
"""

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import jwt
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction

from keyloop.accounts.models import Person, Workspace, normalize_email
from keyloop.feedback import actions as feedback_actions
from keyloop.feedback import portal_session

ALGORITHM = "HS256"  # pinned: the header's `alg` is never trusted
MAX_LIFETIME = 3600  # seconds; longer-lived tokens are refused
LEEWAY = 30  # seconds of clock skew tolerated on exp, nbf and iat
TOKEN_MAX_LENGTH = 8000
TEXT_MAX = 200  # name, id, company id and name (the model fields' lengths)
LABEL_MAX = 80  # company plan and segment
URL_MAX = 1000


@dataclass(frozen=True)
class SsoError(Exception):
    """Why a token was refused. `code` is stable; `message` says what to fix."""

    code: str
    message: str

    def __str__(self):
        return self.message


@dataclass
class SsoClaims:
    email: str
    name: str = ""
    external_id: str = ""
    avatar_url: str = ""
    company: dict | None = None
    extra: dict = field(default_factory=dict)


def sso_verify(*, workspace: Workspace, token: str) -> SsoClaims:
    """The token's claims if it is a valid HS256 token of this workspace; else SsoError."""
    token = (token or "").strip()
    if not token:
        raise SsoError("missing_token", "No SSO token was given.")
    if len(token) > TOKEN_MAX_LENGTH:
        raise SsoError("malformed", "The SSO token is too long to be a JWT we issue for.")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError:
        raise SsoError(
            "malformed", "The SSO token is not a JWT (header.payload.signature)."
        ) from None
    alg = header.get("alg")
    if alg != ALGORITHM:
        raise SsoError(
            "wrong_algorithm",
            f"The SSO token is signed with {alg or 'no algorithm'!s}; sign it with {ALGORITHM} "
            "and the workspace's SSO secret.",
        )
    try:
        payload = jwt.decode(
            token,
            workspace.sso_secret,
            algorithms=[ALGORITHM],
            leeway=LEEWAY,
            options={"require": ["exp"], "verify_aud": False, "verify_iss": False},
        )
    except jwt.ExpiredSignatureError:
        raise SsoError("expired", "The SSO token has expired; sign a fresh one.") from None
    except jwt.MissingRequiredClaimError:
        raise SsoError(
            "missing_claim", "The SSO token has no `exp` claim; give it one at most 1 hour ahead."
        ) from None
    except jwt.ImmatureSignatureError:
        raise SsoError(
            "not_yet_valid", "The SSO token is not valid yet (`nbf` or `iat` in the future)."
        ) from None
    except jwt.InvalidSignatureError:
        raise SsoError(
            "bad_signature",
            "The SSO token's signature does not match: sign it with this workspace's SSO secret.",
        ) from None
    except jwt.InvalidAlgorithmError:
        raise SsoError("wrong_algorithm", f"Sign the SSO token with {ALGORITHM}.") from None
    except jwt.InvalidTokenError as error:  # bad exp/iat types, undecodable payload, …
        raise SsoError("malformed", f"The SSO token is not valid: {error}.") from None
    now = time.time()
    exp = payload["exp"]
    if exp - now > MAX_LIFETIME + LEEWAY:
        raise SsoError(
            "too_long_lived",
            "The SSO token lives too long: its `exp` must be at most 1 hour ahead.",
        )
    claims = _claims(payload)
    _refuse_replay(workspace, payload, exp - now)
    return claims


def _text(payload: dict, name: str, limit: int = TEXT_MAX) -> str:
    value = payload.get(name, "")
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise SsoError("bad_claim", f"The `{name}` claim must be a string.")
    value = value.strip()
    if len(value) > limit:
        raise SsoError("bad_claim", f"The `{name}` claim is longer than {limit} characters.")
    return value


def _claims(payload: dict) -> SsoClaims:
    if not payload.get("email"):
        raise SsoError("missing_claim", "The SSO token has no `email` claim.")
    email = _text(payload, "email", 254)
    try:
        validate_email(email)
    except ValidationError:
        raise SsoError(
            "bad_claim", "The `email` claim is not an e-mail address like you@example.com."
        ) from None
    avatar_url = _text(payload, "avatar_url", URL_MAX)
    if avatar_url:
        try:
            if urlsplit(avatar_url).scheme not in ("http", "https"):
                raise ValidationError("scheme")
            URLValidator(schemes=["http", "https"])(avatar_url)
        except ValidationError:
            raise SsoError(
                "bad_claim", "The `avatar_url` claim must be an http(s) address."
            ) from None
    return SsoClaims(
        email=normalize_email(email),
        name=_text(payload, "name"),
        external_id=_text(payload, "id"),
        avatar_url=avatar_url,
        company=_company(payload.get("company")),
    )


def _company(value) -> dict | None:
    if value in (None, "", {}):
        return None
    if not isinstance(value, dict):
        raise SsoError("bad_claim", 'The `company` claim must be an object like {"id", "name"}.')
    company = {
        "external_id": _text(value, "id"),
        "name": _text(value, "name"),
        "plan": _text(value, "plan", LABEL_MAX),
        "segment": _text(value, "segment", LABEL_MAX),
    }
    if not company["external_id"] and not company["name"]:
        raise SsoError("bad_claim", "The `company` claim needs an `id` or a `name`.")
    mrr = value.get("mrr_cents")
    if mrr is not None:
        if isinstance(mrr, bool) or not isinstance(mrr, int) or mrr < 0:
            raise SsoError(
                "bad_claim", "`company.mrr_cents` must be a whole number of cents, 0 or more."
            )
        company["mrr_cents"] = mrr
    return company


def _refuse_replay(workspace: Workspace, payload: dict, seconds_left: float) -> None:
    """A token that carries a `jti` works once (within its lifetime, on this machine)."""
    jti = payload.get("jti")
    if jti in (None, ""):
        return
    if not isinstance(jti, str) or len(jti) > TEXT_MAX:
        raise SsoError("bad_claim", "The `jti` claim must be a string of at most 200 characters.")
    key = f"sso:jti:{workspace.pk}:{jti}"
    if not cache.add(key, 1, timeout=max(1, int(seconds_left) + LEEWAY)):
        raise SsoError("replayed", "This SSO token was already used; sign a new one per login.")


def sso_identify(*, workspace: Workspace, token: str) -> Person:
    """Verify the token and create or update its Person (and Company); e-mail counts as
    confirmed, because the host app vouches for it."""
    claims = sso_verify(workspace=workspace, token=token)
    try:
        with transaction.atomic():
            return feedback_actions.person_identify(
                workspace=workspace,
                email=claims.email,
                name=claims.name,
                external_id=claims.external_id,
                company=claims.company,
                confirmed=True,
            )
    except ValidationError as error:
        raise SsoError("bad_claim", " ".join(error.messages)) from None


def sso_login(request, *, workspace: Workspace, token: str) -> Person:
    """Log the token's customer in to the portal session, like a magic link does."""
    person = sso_identify(workspace=workspace, token=token)
    portal_session.login_person(request, workspace, person)
    return person


def sso_token_sign(*, workspace: Workspace, claims: dict, lifetime: int = 600) -> str:
    """Sign a token the way a host app would (the demo page and tests use it)."""
    now = int(time.time())
    payload = {"iat": now, "exp": now + lifetime, **claims}
    return jwt.encode(payload, workspace.sso_secret, algorithm=ALGORITHM)
