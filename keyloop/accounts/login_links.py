"""Team members log in by a link e-mailed to them, as an alternative to their password.

A link names the user and a fingerprint of their account state (password hash and last
login). Logging in, by this link, another or the password, changes the state, so a link
works once; changing the password retires every link. Links expire after 15 minutes.
"""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import User
from .tasks import send_account_email

SALT = "keyloop.accounts.login-link"
MAX_AGE = 15 * 60  # seconds


def _state(user: User) -> str:
    value = f"{user.pk}|{user.password}|{user.last_login}|{user.email}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:20]


def login_link_token(user: User, next_url: str = "") -> str:
    return signing.dumps({"u": user.pk, "s": _state(user), "n": next_url}, salt=SALT)


def login_link_read(token: str) -> tuple[User, str] | None:
    """The active user a link is for and where it leads, or None (forged, expired, used)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict):
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(_state(user), str(data.get("s", ""))):
        return None
    return user, str(data.get("n") or "")


def login_link_use(user: User) -> bool:
    """Spend the link: of two clicks at once, one gets True. Call before auth.login()."""
    now = timezone.now()
    updated = User.objects.filter(pk=user.pk, last_login=user.last_login).update(last_login=now)
    if updated:
        user.last_login = now
    return bool(updated)


def login_link_send(*, email: str, next_url: str = "") -> None:
    """E-mail a link to the active account with this address, after commit; if there is no
    such account nothing is sent (the page says the same either way)."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return
    url = settings.BASE_URL + reverse("login_link", args=[login_link_token(user, next_url)])
    context = {"email": user.email, "url": url, "minutes": MAX_AGE // 60}
    transaction.on_commit(
        lambda: send_account_email.enqueue(
            to=user.email,
            subject="Your Keyloop login link",
            text=render_to_string("accounts/email/login_link.txt", context),
            html=render_to_string("accounts/email/login_link.html", context),
        )
    )
