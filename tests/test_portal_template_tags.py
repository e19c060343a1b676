"""The template helpers both the portal and the team pages use (feedback_tags)."""

import pytest
from django.template import Context, Template

from keyloop.accounts.models import Person, User
from keyloop.feedback.models import Status, Tag
from keyloop.feedback.templatetags.feedback_tags import avatar_hue, initials, person_name


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (Person(name="Dana Diaz"), "DD"),
        (Person(name="  Eve  "), "E"),
        (Person(name="Jean-Luc de la Tour"), "JT"),
        (Person(name="", email="eve.evans@example.test"), "EE"),
        (Person(name="", email="zed@example.test"), "Z"),
        (Person(name="", email="", external_id="usr_42"), "U4"),
        (User(name="", email="bob@acme.test"), "B"),
        ("élodie martin", "ÉM"),
        ("", "?"),
        (None, "?"),
        ("!!!", "?"),
    ],
)
def test_initials(who, expected):
    assert initials(who) == expected


def test_a_person_keeps_the_same_avatar_colour(db):
    assert avatar_hue(Person(pk=7, name="A")) == avatar_hue(Person(pk=7, name="B"))
    assert 0 <= avatar_hue("anyone") < 360


def test_person_name_never_falls_back_to_the_email():
    assert person_name(Person(name="", email="secret@example.test")) == "Anonymous"
    assert person_name(None) == "Anonymous"


def render(source, **context):
    return Template("{% load feedback_tags %}" + source).render(Context(context))


def test_status_badge_uses_the_status_colour_and_escapes_the_name():
    status = Status(name="<b>Planned</b>", color="#2563eb", category="planned")
    html = render("{% status_badge status %}", status=status)
    assert html == (
        '<span class="status-badge" style="--status-color: #2563eb" data-category="planned">'
        "&lt;b&gt;Planned&lt;/b&gt;</span>"
    )


def test_a_colour_that_is_not_a_hex_colour_never_reaches_the_style_attribute():
    status = Status(name="Odd", color="red;background:url(javascript:x)", category="open")
    assert "--status-color: #64748b" in render("{% status_badge status %}", status=status)
    tag = Tag(name="T", color="#12345g")
    assert "--tag-color: #64748b" in render("{% tag_chip tag %}", tag=tag)


def test_the_markdown_filter_sanitises():
    html = render("{{ text|markdown }}", text="**hi** <script>x</script>")
    assert "<strong>hi</strong>" in html and "<script" not in html


def test_query_with_keeps_other_parameters(rf):
    request = rf.get("/acme/boards/b/?sort=top&q=a+b&page=2")
    html = render("{% query_with page=3 %}", request=request)
    assert html == "sort=top&amp;q=a+b&amp;page=3"
    assert render("{% query_with page=None %}", request=request) == "sort=top&amp;q=a+b"
