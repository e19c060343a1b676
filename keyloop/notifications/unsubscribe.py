"""Signed, non-expiring unsubscribe tokens: one per person, safe to put in every e-mail."""

from django.core import signing

SALT = "keyloop.notifications.unsubscribe"


def unsubscribe_token(person) -> str:
    return signing.dumps([person.workspace_id, person.pk], salt=SALT, compress=True)


def person_id_from_token(token: str, *, workspace_id: int) -> int | None:
    """The person the token was made for, or None when it was tampered with or is another
    workspace's (it never expires: an old e-mail's link must still work)."""
    try:
        token_workspace_id, person_id = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if token_workspace_id != workspace_id:
        return None
    return person_id
