"""Signed, non-expiring unsubscribe tokens: one per person, safe to put in every e-mail."""

from django.core import signing

SALT = "keyloop.notifications.unsubscribe"


def unsubscribe_token(person) -> str:
    return signing.dumps([person.workspace_id, person.pk], salt=SALT, compress=True)


def read_token(token: str) -> tuple[int, int] | None:
    """(workspace id, person id), or None when the token was tampered with. It never
    expires: an old e-mail's link must still work."""
    try:
        workspace_id, person_id = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return workspace_id, person_id


def person_id_from_token(token: str, *, workspace_id: int) -> int | None:
    """The person the token was made for, or None if tampered with or another workspace's."""
    read = read_token(token)
    if read is None or read[0] != workspace_id:
        return None
    return read[1]


def person_unsubscribe_by_mail(subject: str) -> bool:
    """The mailto: of List-Unsubscribe: a message whose subject is "unsubscribe <token>"."""
    from keyloop.accounts.models import Person

    from .actions import person_unsubscribe

    words = (subject or "").split()
    if (
        len(words) != 2
        or words[0].lower() != "unsubscribe"
        or (read := read_token(words[1])) is None
    ):
        return False
    person = Person.objects.filter(workspace_id=read[0], pk=read[1]).first()
    if person is None:
        return False
    person_unsubscribe(person=person)
    return True
