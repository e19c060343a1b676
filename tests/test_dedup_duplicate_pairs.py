"""Possible duplicates: pairs of live ideas above the threshold, best first, newer idea first
in each pair; a dismissed pair and merged ideas never come back."""

from keyloop.dedup.queries import duplicate_candidates
from keyloop.feedback import actions

from .portal_support import idea_on


def pair_titles(pairs):
    return [(a.title, b.title) for a, b, _ in pairs]


def test_duplicates_are_paired_newest_first_and_distinct_ideas_are_not(world):
    idea_on(world, "Dark mode", "Half our team works late and the white background is blinding.")
    idea_on(world, "SAML single sign-on", "Our security team requires SAML SSO with Okta.")
    idea_on(world, "Dark mode please", "The white screen is blinding when working at night.")

    pairs = duplicate_candidates(workspace=world.acme)

    assert pair_titles(pairs) == [("Dark mode please", "Dark mode")]
    assert 0.6 <= pairs[0][2] <= 1


def test_a_dismissed_pair_is_never_suggested_again(world):
    dark = idea_on(world, "Dark mode", "The white background is blinding at night.")
    again = idea_on(world, "Dark mode please", "The white screen is blinding at night.")
    assert len(duplicate_candidates(workspace=world.acme)) == 1

    actions.duplicate_dismiss(idea=again, other=dark, actor=world.alice)

    assert duplicate_candidates(workspace=world.acme) == []
    assert duplicate_candidates(workspace=world.acme, threshold=0.0) == []


def test_merged_ideas_leave_the_list(world):
    dark = idea_on(world, "Dark mode", "The white background is blinding at night.")
    theme = idea_on(world, "Dark theme for the dashboards", "A dark theme, easier on the eyes.")
    idea_on(world, "Night mode please", "A darker UI that follows my OS setting.")

    actions.idea_merge(idea=theme, into=dark, actor=world.alice)

    pairs = duplicate_candidates(workspace=world.acme, threshold=0.3)
    assert theme.pk not in {idea.pk for pair in pairs for idea in pair[:2]}
    assert pair_titles(pairs) == [("Night mode please", "Dark mode")]
