"""The inbox part of `keyloop demo`: 1,000 pieces of raw feedback from every channel.

Each item is a customer asking for one of the demo ideas in their own channel's voice (an
e-mail, a support ticket, a Slack message from a colleague, sales call notes, a widget
message, an API push from the help desk, a row of an imported survey), plus the noise a real
inbox gets (thank-yous, how-do-I questions, spam). About 45 % are linked to their idea, the
rest wait in triage, dismissed or marked spam. Seeded, so every load tells the same story.
"""

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from keyloop.accounts.models import Membership, Person, Workspace
from keyloop.feedback import demo_content as content
from keyloop.feedback.models import Channel, Idea, IdeaActivity, Subscription

from .models import FeedbackItem, FeedbackState
from .sentiment import score_text

SEED = 5151
ITEMS = 1000
SLACK_ARCHIVE = "https://acme-analytics.slack.com/archives/C04FEEDBACK"
DAYS = 90

# Channel odds of a request (noise has its own).
_CHANNELS = [
    (Channel.EMAIL, 22), (Channel.SUPPORT, 24), (Channel.SLACK, 14), (Channel.SALES, 10),
    (Channel.WIDGET, 14), (Channel.API, 8), (Channel.IMPORT, 8),
]  # fmt: skip
_FEELINGS = {
    "happy": [
        "Love the product, by the way.", "Great work on the last release!",
        "The new chart builder is fantastic.", "Really enjoying Acme so far.",
    ],
    "annoyed": [
        "Honestly this is getting really frustrating.", "We are wasting hours on this every week.",
        "This is a serious problem for us and it keeps coming up.",
        "Pretty disappointed this still isn't possible.",
        "Our execs are annoyed and I'm running out of excuses.",
    ],
    "plain": ["", "", ""],
}  # fmt: skip
_NOISE = [
    (FeedbackState.DISMISSED, "How do I reset my password? The link in the e-mail expired."),
    (FeedbackState.DISMISSED, "Thanks for the quick help yesterday, all sorted now!"),
    (FeedbackState.DISMISSED, "Can you send me last month's invoice as a PDF?"),
    (FeedbackState.DISMISSED, "Where can I change the e-mail address on my account?"),
    (FeedbackState.DISMISSED, "Just wanted to say the team loves Acme. Keep it up!"),
    (FeedbackState.DISMISSED, "Is there a status page? Dashboards were slow this morning."),
    (FeedbackState.SPAM, "Boost your SEO ranking today!!! 10,000 backlinks for $49"),
    (FeedbackState.SPAM, "Congratulations, you have won a gift card. Claim it now at our link."),
    (FeedbackState.SPAM, "We build cheap mobile apps for you, reply for a free quote."),
    (FeedbackState.SPAM, "Crypto investment opportunity, guaranteed 300% returns in a week"),
]  # fmt: skip


def demo_inbox_load(*, workspace: Workspace, now: datetime | None = None) -> bool:
    """Fill the demo workspace's inbox once; False, changing nothing, if it has feedback."""
    if FeedbackItem.objects.filter(workspace=workspace).exists():
        return False
    with transaction.atomic():
        _Loader(workspace, now or timezone.now()).load()
    return True


class _Loader:
    def __init__(self, workspace: Workspace, now: datetime):
        self.workspace, self.now = workspace, now
        self.rng = random.Random(SEED)

    def load(self) -> None:
        details = {idea.title: idea for idea in content.IDEAS}
        self.ideas = [
            idea
            for idea in Idea.objects.filter(workspace=self.workspace, deleted_at=None)
            .order_by("pk")
            .only("pk", "title", "vote_count", "created_at")
            if idea.title in details
        ]
        if not self.ideas:
            raise RuntimeError("The demo's inbox needs the demo ideas; load them first.")
        self.details = details
        self.people = list(
            Person.objects.filter(workspace=self.workspace, user=None)
            .select_related("company")
            .order_by("pk")
        )
        self.team = [
            m.user
            for m in Membership.objects.filter(workspace=self.workspace).select_related("user")
        ]
        # Popular ideas are asked for more often, through every channel.
        self.weights = [1 + idea.vote_count for idea in self.ideas]
        items = [self._item(n) for n in range(ITEMS)]
        FeedbackItem.objects.bulk_create(items, batch_size=500)
        self._follow_and_log([item for item in items if item.state == FeedbackState.LINKED])

    def _item(self, n: int) -> FeedbackItem:
        rng = self.rng
        person = rng.choice(self.people)
        received = self.now - timedelta(minutes=rng.randrange(DAYS * 24 * 60))
        if rng.random() < 0.1:
            state, text = rng.choice(_NOISE)
            channel = rng.choice([Channel.EMAIL, Channel.SUPPORT, Channel.WIDGET])
            return self._build(n, channel, person, received, text, "", state, None)
        idea = rng.choices(self.ideas, self.weights)[0]
        if received < idea.created_at:  # nobody asks for an idea before it exists
            received = idea.created_at + (self.now - idea.created_at) * rng.random()
        channel = rng.choices([c for c, _ in _CHANNELS], [w for _, w in _CHANNELS])[0]
        feeling = rng.choices(["happy", "annoyed", "plain"], [2, 3, 5])[0]
        title, text = self._words(channel, idea, person, feeling)
        state = FeedbackState.LINKED if rng.random() < 0.5 else FeedbackState.NEW
        # Recent feedback is less often triaged yet.
        if state == FeedbackState.LINKED and self.now - received < timedelta(days=3):
            state = FeedbackState.NEW
        return self._build(n, channel, person, received, text, title, state, idea)

    def _words(self, channel, idea, person, feeling) -> tuple[str, str]:
        rng = self.rng
        demo_idea = self.details[idea.title]
        detail = demo_idea.detail
        wish = (
            f"they keep hitting “{idea.title}”"
            if demo_idea.board == "bugs"
            else f"they want {idea.title[0].lower()}{idea.title[1:]}"
        )
        mood = rng.choice(_FEELINGS[feeling])
        impact = rng.choice(content.IMPACTS)
        first = person.name.split()[0]
        company = person.company.name if person.company else "our company"
        if channel == Channel.EMAIL:
            subject = rng.choice(
                [
                    idea.title,
                    f"Feature request: {idea.title}",
                    f"Question about {idea.title.lower()}",
                ]
            )
            opener, closing = rng.choice(content.OPENERS), rng.choice(content.CLOSINGS)
            paragraphs = [opener, f"{detail} {impact}", mood, f"{closing}\n{first}"]
            return subject, "\n\n".join(p for p in paragraphs if p)
        if channel == Channel.SUPPORT:
            return "", f"{detail} {mood} Customer says: {impact}".strip()
        if channel == Channel.SLACK:
            return "", (
                f"Heard from {person.name} at {company} on a call today: {wish}. {impact} {mood}"
            ).strip()
        if channel == Channel.SALES:
            return f"Call notes: {company}", (
                f"Discovery call with {company}. Blocker for the upgrade: “{idea.title}”. "
                f"{detail} {mood}"
            ).strip()
        if channel == Channel.IMPORT:
            score = rng.randrange(0, 11)
            return f"Survey answer (NPS {score})", f"{detail} {mood}".strip()
        return "", f"{detail} {mood}".strip()  # widget, api

    def _build(self, n, channel, person, received, text, title, state, idea) -> FeedbackItem:
        rng = self.rng
        sentiment, label = score_text(f"{title}. {text}" if title else text)
        source_url = {
            Channel.SUPPORT: f"https://acme.zendesk.example/agent/tickets/{40000 + n}",
            Channel.SLACK: f"{SLACK_ARCHIVE}/p{1700000000000000 + n * 7919}",
            Channel.SALES: f"https://acme.hubspot.example/contacts/{900000 + n}",
        }.get(channel, "")  # fmt: skip
        triaged = state != FeedbackState.NEW
        triaged_at = min(self.now, received + timedelta(hours=rng.randrange(1, 72)))
        return FeedbackItem(
            workspace=self.workspace, channel=channel, external_id=f"demo-{n:04d}", title=title,
            text=text, person=person, company=person.company, source_url=source_url,
            received_at=received, created_at=received, sentiment=sentiment,
            sentiment_label=label, state=state,
            idea=idea if state == FeedbackState.LINKED else None,
            triaged_by=rng.choice(self.team) if triaged and self.team else None,
            triaged_at=triaged_at if triaged else None,
            attachments=(
                [{"name": "screenshot.png", "type": "image/png", "size": 48213}]
                if channel == Channel.EMAIL and rng.random() < 0.1 else []
            ),
        )  # fmt: skip

    def _follow_and_log(self, linked: list[FeedbackItem]) -> None:
        """What feedback_link does for each item: the person follows; the idea logs it."""
        Subscription.objects.bulk_create(
            [Subscription(idea_id=i.idea_id, person_id=i.person_id) for i in linked],
            ignore_conflicts=True, batch_size=500,
        )  # fmt: skip
        IdeaActivity.objects.bulk_create(
            [
                IdeaActivity(
                    idea_id=i.idea_id, kind=IdeaActivity.Kind.FEEDBACK_LINKED,
                    actor_user=i.triaged_by, actor_person=i.person, created_at=i.triaged_at,
                    data={"feedback_id": i.pk, "channel": i.channel},
                )
                for i in linked
            ],
            batch_size=500,
        )  # fmt: skip
