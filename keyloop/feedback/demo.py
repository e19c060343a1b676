"""The feedback part of `keyloop demo`: boards, statuses, 300 ideas, votes, comments, roadmap
and changelog for the Acme Analytics workspace.

Seeded, so every load tells the same story (dates are relative to the moment of loading).
Rows are written with bulk_create because going through the actions one vote at a time
would take minutes; the counters, trending scores, follows and activity entries the
actions would have kept are computed here the same way (tests/test_demo_feedback.py
checks them against the actions' own recount).
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from keyloop.accounts.models import Membership, Person, User, Workspace

from . import demo_content as content
from .actions import _log2_add, trending_point, workspace_defaults_create
from .models import (
    Board,
    ChangelogEntry,
    Channel,
    Comment,
    Idea,
    IdeaActivity,
    Status,
    Subscription,
    Tag,
    Vote,
    VoteImportance,
)

SEED = 4242
VOTES = 3000  # including each author's own vote
COMMENTS = 600
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)

PM, SUPPORT, ENGINEER, ADMIN = (
    "pm@example.com",
    "support@example.com",
    "engineer@example.com",
    "admin@example.com",
)

# Status odds by how popular an idea is (popular ideas get looked at), and for bugs.
_STATUS_ODDS = {
    "popular": {"Needs triage": 12, "Under review": 20, "Planned": 20, "Building": 9, "Beta": 4,
                "Shipped": 22, "Won't do": 8},
    "other": {"Needs triage": 56, "Under review": 16, "Planned": 6, "Building": 2, "Beta": 1,
              "Shipped": 8, "Won't do": 9},
    "bug": {"Needs triage": 40, "Under review": 18, "Building": 12, "Shipped": 24, "Won't do": 6},
}  # fmt: skip
# The statuses an idea passes through on its way to its current one (optional steps in ()).
_PATHS = {
    "Needs triage": [],
    "Under review": ["Under review"],
    "Planned": ["(Under review)", "Planned"],
    "Building": ["(Under review)", "Planned", "Building"],
    "Beta": ["(Under review)", "Planned", "Building", "Beta"],
    "Shipped": ["(Under review)", "Planned", "Building", "(Beta)", "Shipped"],
    "Won't do": ["(Under review)", "Won't do"],
}
_BUG_PATHS = {
    "Under review": ["Under review"],
    "Building": ["(Under review)", "Building"],
    "Shipped": ["(Under review)", "(Building)", "Shipped"],
    "Won't do": ["(Under review)", "Won't do"],
}
_SOURCES = [(Channel.PORTAL, 70), (Channel.WIDGET, 16), (Channel.API, 5), (Channel.EMAIL, 4),
            (Channel.SLACK, 4), (Channel.IMPORT, 1)]  # fmt: skip
_IMPORTANCE = {
    "idea": [(VoteImportance.NICE_TO_HAVE, 56), (VoteImportance.IMPORTANT, 32),
             (VoteImportance.CRITICAL, 12)],
    "bug": [(VoteImportance.NICE_TO_HAVE, 25), (VoteImportance.IMPORTANT, 45),
            (VoteImportance.CRITICAL, 30)],
}  # fmt: skip


@dataclass
class _Comment:
    when: datetime
    body: str
    author: Person | None = None
    user: User | None = None
    internal: bool = False
    parent: "_Comment | None" = None
    status: str = ""  # set on the team's comment that explains a status change
    row: Comment | None = None


@dataclass
class _Plan:
    """Everything decided about one idea before a row is written."""

    text: content.DemoIdea
    status: str = content.DEFAULT_STATUS
    weight: float = 1.0
    hot: bool = False
    created_at: datetime | None = None
    final_at: datetime | None = None  # when the idea reached its current status
    author: Person | None = None
    source: str = Channel.PORTAL
    transitions: list = field(default_factory=list)  # [(status name, when, actor)]
    votes: list = field(default_factory=list)  # [(person, when, importance, source)]
    comments: list = field(default_factory=list)
    owner: User | None = None
    eta_days: int | None = None
    changelog_at: datetime | None = None
    idea: Idea | None = None  # the row, once written

    @property
    def is_bug(self) -> bool:
        return self.text.board == "bugs"

    def entered(self, status: str) -> datetime | None:
        return next((when for name, when, _ in self.transitions if name == status), None)


def demo_feedback_load(*, workspace: Workspace, now: datetime | None = None) -> bool:
    """Fill the demo workspace once. Returns False, changing nothing, if it already has ideas."""
    if Idea.objects.filter(workspace=workspace).exists():
        return False
    with transaction.atomic():
        _Loader(workspace, now or timezone.now()).load()
    return True


class _Loader:
    def __init__(self, workspace: Workspace, now: datetime):
        self.workspace = workspace
        self.now = now
        self.rng = random.Random(SEED)

    # --- workspace setup -------------------------------------------------------------------

    def load(self) -> None:
        workspace_defaults_create(workspace=self.workspace)
        self.statuses = self._statuses()
        self.boards = self._boards()
        self.tags = self._tags()
        self.team = self._team()
        self.people = list(
            Person.objects.filter(workspace=self.workspace, user=None)
            .select_related("company")
            .order_by("external_id", "pk")
        )
        if len(self.people) < 20:
            raise RuntimeError("The demo's feedback needs the demo people; load them first.")
        self.companies = sorted({p.company.name for p in self.people if p.company})
        self.activity = [self.rng.lognormvariate(0, 0.9) for _ in self.people]

        plans = [_Plan(text=idea) for idea in content.IDEAS]
        self._popularity(plans)
        self._statuses_and_dates(plans)
        self._authors(plans)
        self._votes(plans)
        self._comments(plans)
        self._owners(plans)
        self._write(plans)

    def _statuses(self) -> dict[str, Status]:
        """Rename the default set into the demo's own, keeping each status's category."""
        existing = list(Status.objects.filter(workspace=self.workspace).order_by("position", "pk"))
        by_name = {status.name.lower(): status for status in existing}
        claimed, result = set(), {}
        for position, (name, color, category) in enumerate(content.STATUSES):
            status = by_name.get(name.lower())
            if status is None:
                status = next(
                    (s for s in existing if s.category == category and s.pk not in claimed
                     and s.name.lower() not in {n.lower() for n, _, _ in content.STATUSES}),
                    None,
                )  # fmt: skip
            if status is None:
                status = Status(workspace=self.workspace, category=category)
            status.name, status.color, status.category, status.position = (
                name, color, category, position,
            )  # fmt: skip
            status.is_default = False
            status.save()
            claimed.add(status.pk)
            result[name] = status
        others = Status.objects.filter(workspace=self.workspace).exclude(pk__in=claimed)
        for offset, status in enumerate(others.order_by("position", "pk")):
            Status.objects.filter(pk=status.pk).update(position=len(content.STATUSES) + offset)
        Status.objects.filter(workspace=self.workspace).update(is_default=False)
        Status.objects.filter(pk=result[content.DEFAULT_STATUS].pk).update(is_default=True)
        return result

    def _boards(self) -> dict[str, Board]:
        boards = {}
        for position, (slug, name, description, private) in enumerate(content.BOARDS):
            board, _ = Board.objects.update_or_create(
                workspace=self.workspace, slug=slug,
                defaults={"name": name, "description": description, "is_private": private,
                          "position": position},
            )  # fmt: skip
            boards[slug] = board
        return boards

    def _tags(self) -> dict[str, Tag]:
        tags = {}
        for name, color in content.TAGS:
            tag = Tag.objects.filter(workspace=self.workspace, name__iexact=name).first()
            tags[name] = tag or Tag.objects.create(workspace=self.workspace, name=name, color=color)
        return tags

    def _team(self) -> dict[str, User]:
        members = {
            m.user.email: m.user
            for m in Membership.objects.filter(workspace=self.workspace).select_related("user")
        }
        if not members:
            raise RuntimeError("The demo workspace has no team members.")
        fallback = next(iter(members.values()))
        return {email: members.get(email, fallback) for email in (PM, SUPPORT, ENGINEER, ADMIN)}

    # --- decisions (pure Python, seeded) ----------------------------------------------------

    def _popularity(self, plans: list[_Plan]) -> None:
        rng = self.rng
        order = list(range(len(plans)))
        rng.shuffle(order)
        for rank, index in enumerate(order):
            plans[index].weight = (rank + 4) ** -0.9 * rng.lognormvariate(0, 0.35)
        shipped_in_changelog = {t for _, _, titles, _ in content.CHANGELOG for t in titles}
        seen_groups = set()
        for plan in plans:
            if plan.text.title in content.FIXED_STATUSES:
                plan.weight = max(plan.weight, 0.05) * rng.uniform(2.0, 3.5)
            if plan.text.title in shipped_in_changelog:
                plan.weight *= 1.6
            if plan.text.group:  # the first wording collects most votes, later ones fewer
                plan.weight *= 1.6 if plan.text.group not in seen_groups else 0.55
                seen_groups.add(plan.text.group)
        ranked = sorted(plans, key=lambda p: -p.weight)
        self.popular = {id(p) for p in ranked[: len(ranked) * 3 // 10]}

    def _statuses_and_dates(self, plans: list[_Plan]) -> None:
        rng, now = self.rng, self.now
        changelog = {}
        for _, days_ago, titles, _ in content.CHANGELOG:
            published = now - timedelta(days=days_ago, hours=rng.uniform(0, 8))
            for title in titles:
                changelog[title] = published
        for plan in plans:
            title = plan.text.title
            if title in changelog:
                plan.status = "Shipped"
                plan.changelog_at = changelog[title]
            elif title in content.FIXED_STATUSES:
                plan.status = content.FIXED_STATUSES[title]
            else:
                odds = _STATUS_ODDS[
                    "bug" if plan.is_bug else "popular" if id(plan) in self.popular else "other"
                ]
                plan.status = rng.choices(list(odds), weights=list(odds.values()))[0]

        # A dozen recent ideas that are taking off: trending differs from top.
        candidates = [p for p in plans if p.status in ("Needs triage", "Under review")]
        candidates.sort(key=lambda p: -p.weight)
        for plan in rng.sample(candidates[:120], 14):
            plan.hot = True
            plan.weight *= 2.2

        for plan in plans:
            if plan.changelog_at is not None:
                plan.final_at = plan.changelog_at - timedelta(minutes=rng.uniform(5, 90))
                plan.created_at = plan.final_at - timedelta(days=rng.uniform(20, 80))
            elif plan.hot:
                plan.created_at = now - timedelta(days=rng.uniform(2, 18))
            elif plan.status == content.DEFAULT_STATUS:
                plan.created_at = now - timedelta(days=0.1 + 200 * rng.random() ** 1.4)
            else:
                plan.created_at = now - timedelta(days=rng.uniform(18, 230))
            plan.created_at = plan.created_at.replace(microsecond=0)
            if plan.status != content.DEFAULT_STATUS and plan.final_at is None:
                span = (now - plan.created_at).total_seconds()
                low = min(3 * 86400, span * 0.3)
                plan.final_at = plan.created_at + timedelta(
                    seconds=rng.uniform(low, span - min(86400, span * 0.1))
                )
            plan.transitions = self._path(plan)

    def _path(self, plan: _Plan) -> list:
        if plan.status == content.DEFAULT_STATUS:
            return []
        steps = []
        for step in (_BUG_PATHS if plan.is_bug else _PATHS)[plan.status]:
            if step.startswith("("):
                if self.rng.random() < 0.5:
                    steps.append(step.strip("()"))
            else:
                steps.append(step)
        start = plan.created_at + HOUR
        span = (plan.final_at - start).total_seconds()
        moments = sorted(start + timedelta(seconds=self.rng.uniform(0, span)) for _ in steps[1:])
        moments.append(plan.final_at)
        actors = [self.team[ENGINEER if plan.is_bug else PM], self.team[SUPPORT]]
        return [
            (name, when.replace(microsecond=0), actors[0] if self.rng.random() < 0.8 else actors[1])
            for name, when in zip(steps, moments, strict=True)
        ]

    def _pick_people(self, count: int, exclude: set[int]) -> list[Person]:
        """`count` distinct people, the more active ones more often (weighted, no repeats)."""
        rng = self.rng
        keyed = [
            (rng.random() ** (1 / weight), index)
            for index, weight in enumerate(self.activity)
            if self.people[index].pk not in exclude
        ]
        keyed.sort(reverse=True)
        return [self.people[index] for _, index in keyed[:count]]

    def _authors(self, plans: list[_Plan]) -> None:
        for plan in plans:
            plan.author = self._pick_people(1, set())[0]
            plan.source = self.rng.choices(*zip(*_SOURCES, strict=True))[0]

    def _allocate(self, total: int, weights: list[float], cap: int) -> list[int]:
        """Split `total` in proportion to `weights` (largest remainder), at most `cap` each."""
        counts = [0] * len(weights)
        remaining, active = total, set(range(len(weights)))
        while remaining > 0 and active:
            scale = remaining / sum(weights[i] for i in active)
            shares = {i: weights[i] * scale for i in active}
            room = {i: cap - counts[i] for i in active}
            floors = {i: min(int(shares[i]), room[i]) for i in active}
            for i, n in floors.items():
                counts[i] += n
            remaining -= sum(floors.values())
            left = sorted(active, key=lambda i: -(shares[i] - int(shares[i])))
            for i in left:
                if remaining == 0:
                    break
                if counts[i] < cap:
                    counts[i] += 1
                    remaining -= 1
            active = {i for i in active if counts[i] < cap}
        return counts

    def _vote_time(self, plan: _Plan) -> datetime:
        rng, now, start = self.rng, self.now, plan.created_at
        span = (now - start).total_seconds()
        if plan.hot:
            moment = now - timedelta(seconds=span * rng.random() ** 2.5)
        elif plan.status == "Shipped" and rng.random() < 0.85:
            moment = start + (plan.final_at - start) * rng.random()
        elif plan.status == "Won't do" and rng.random() < 0.9:
            moment = start + (plan.final_at - start) * rng.random()
        elif span > 90 * 86400 and id(plan) in self.popular:
            moment = start + timedelta(seconds=span * rng.random() ** 2.2)  # old favourite
        else:
            moment = start + timedelta(seconds=span * rng.random())
        return min(max(moment, start + timedelta(minutes=2)), now - timedelta(minutes=1))

    def _votes(self, plans: list[_Plan]) -> None:
        extra = self._allocate(VOTES - len(plans), [p.weight for p in plans], cap=170)
        for plan, count in zip(plans, extra, strict=True):
            plan.votes = [(plan.author, plan.created_at, VoteImportance.NICE_TO_HAVE, plan.source)]
            mix = _IMPORTANCE["bug" if plan.is_bug else "idea"]
            voters = self._pick_people(count, {plan.author.pk})
            cast = [
                (
                    person,
                    self._vote_time(plan).replace(microsecond=0),
                    self.rng.choices(*zip(*mix, strict=True))[0],
                    self.rng.choices(*zip(*_SOURCES, strict=True))[0],
                )
                for person in voters
            ]
            plan.votes.extend(sorted(cast, key=lambda vote: vote[1]))

    # --- comments ----------------------------------------------------------------------------

    def _fill(self, text: str) -> str:
        return text.format(
            company=self.rng.choice(self.companies) if self.companies else "a customer",
            number=self.rng.randint(1200, 4800),
            number_small=self.rng.randint(3, 19),
        )

    def _customer_text(self, plan: _Plan, when: datetime) -> str:
        """What a customer writes at `when`, given where the idea stood at that moment."""
        rng = self.rng
        shipped_at = plan.entered("Shipped")
        closed_at = plan.entered("Won't do")
        beta_at = plan.entered("Beta")
        if shipped_at and when > shipped_at:
            pool = content.CUSTOMER_BUG_FIXED if plan.is_bug else content.CUSTOMER_SHIPPED
        elif closed_at and when > closed_at:
            pool = content.CUSTOMER_WONT_DO
        elif beta_at and when > beta_at and rng.random() < 0.6:
            pool = content.CUSTOMER_BETA
        elif plan.is_bug and rng.random() < 0.75:
            pool = content.CUSTOMER_BUG
        else:
            pool = content.CUSTOMER_COMMENTS
        text = self._fill(rng.choice(pool))
        if pool is content.CUSTOMER_COMMENTS and rng.random() < 0.22:
            second = self._fill(rng.choice(pool))
            if second != text:
                text = f"{text} {second}"
        return text

    def _someone(self, plan: _Plan) -> Person:
        """A customer commenting: usually one of the idea's voters."""
        if self.rng.random() < 0.65:
            return self.rng.choice(plan.votes)[0]
        return self._pick_people(1, set())[0]

    def _reply(self, plan: _Plan, parent: _Comment, when: datetime) -> _Comment:
        rng, team = self.rng, self.team
        if parent.internal:
            text = rng.choice(content.INTERNAL_REPLIES)
            return _Comment(when, text, user=team[rng.choice([PM, ENGINEER, ADMIN])], internal=True)
        if parent.user is not None:  # a customer answers the team
            if parent.status == "Shipped":
                pool = content.CUSTOMER_BUG_FIXED if plan.is_bug else content.CUSTOMER_SHIPPED
            elif parent.status == "Won't do":
                pool = content.CUSTOMER_WONT_DO
            elif parent.status == "Beta":
                pool = content.CUSTOMER_BETA
            else:
                pool = content.CUSTOMER_THANKS
            return _Comment(when, self._fill(rng.choice(pool)), author=self._someone(plan))
        if rng.random() < 0.5:
            pool = content.CUSTOMER_REPLIES
            return _Comment(when, self._fill(rng.choice(pool)), author=self._someone(plan))
        pool = content.TEAM_BUG if plan.is_bug else content.TEAM_ANSWERS
        return _Comment(when, rng.choice(pool), user=team[SUPPORT])

    def _comments(self, plans: list[_Plan]) -> None:
        rng, now = self.rng, self.now
        # The team often explains a status change in a public comment, mostly the last one.
        for plan in plans:
            for step, (name, when, actor) in enumerate(plan.transitions):
                final = step == len(plan.transitions) - 1
                chance = (
                    0.5 if not final else 0.85 if name in ("Shipped", "Won't do", "Beta") else 0.6
                )
                if rng.random() >= (chance if final else 0.2):
                    continue
                if plan.is_bug and name == "Shipped":
                    pool = content.TEAM_BUG_FIXED
                elif plan.is_bug and name != "Won't do":
                    pool = content.TEAM_BUG
                else:
                    pool = content.TEAM_STATUS[name]
                moment = when + timedelta(minutes=rng.uniform(1, 20))
                plan.comments.append(_Comment(moment, rng.choice(pool), user=actor, status=name))
        used = sum(len(p.comments) for p in plans)
        weights = [(len(p.votes) + 2) ** 0.75 for p in plans]
        counts = self._allocate(COMMENTS - used, weights, cap=25)
        for plan, count in zip(plans, counts, strict=True):
            for _ in range(count):
                tops = [c for c in plan.comments if c.parent is None]
                roll = rng.random()
                if tops and roll < 0.28:
                    parent = rng.choice(tops)
                    gap = min((now - parent.when) * rng.uniform(0.02, 0.5), timedelta(days=6))
                    comment = self._reply(plan, parent, parent.when + gap)
                    comment.parent = parent
                else:
                    when = plan.created_at + (now - plan.created_at) * rng.uniform(0.01, 0.99)
                    if roll < 0.40:
                        text = self._fill(rng.choice(content.INTERNAL_NOTES))
                        user = self.team[rng.choice([PM, PM, ENGINEER, SUPPORT, ADMIN])]
                        comment = _Comment(when, text, user=user, internal=True)
                    elif roll < 0.50 and (plan.final_at is None or when < plan.final_at):
                        pool = content.TEAM_BUG if plan.is_bug else content.TEAM_REPLIES
                        comment = _Comment(when, rng.choice(pool), user=self.team[SUPPORT])
                    else:
                        text = self._customer_text(plan, when)
                        comment = _Comment(when, text, author=self._someone(plan))
                comment.when = min(comment.when, now - MINUTE).replace(microsecond=0)
                plan.comments.append(comment)
            plan.comments.sort(key=lambda c: c.when)

    def _owners(self, plans: list[_Plan]) -> None:
        for plan in plans:
            if plan.text.title in content.OWNERS:
                email, eta_days = content.OWNERS[plan.text.title]
                plan.owner, plan.eta_days = self.team[email], eta_days
            elif plan.status in ("Planned", "Building", "Beta") and self.rng.random() < 0.3:
                plan.owner = self.team[ENGINEER if plan.is_bug else PM]

    # --- writing ---------------------------------------------------------------------------

    def _body(self, idea: content.DemoIdea) -> str:
        rng = self.rng
        if idea.board == "bugs":
            first = idea.detail
            if rng.random() < 0.6:
                first += " " + rng.choice(content.BUG_DETAILS)
            parts = [first]
            if rng.random() < 0.7:
                parts.append(f"**Browser:** {rng.choice(content.BROWSERS)}")
            closing = rng.choice(content.BUG_CLOSINGS)
            return "\n\n".join(parts + ([closing] if closing else []))
        if not idea.group and rng.random() < 0.06:
            return ""  # the title says it all
        parts = []
        if rng.random() < 0.3:
            parts.append(rng.choice(content.OPENERS))
        detail = idea.detail
        if rng.random() < 0.45:
            impact = rng.choice(content.IMPACTS)
            detail = f"{detail} {impact}" if rng.random() < 0.5 else f"{detail}\n\n{impact}"
        parts.append(detail)
        if rng.random() < 0.4:
            parts.append(rng.choice(content.CLOSINGS))
        return "\n\n".join(parts)

    def _write(self, plans: list[_Plan]) -> None:
        now, workspace = self.now, self.workspace
        plans.sort(key=lambda p: p.created_at)  # ids grow with time, as on a real board
        pinned_at = None
        ideas = []
        for plan in plans:
            score = trending_point(plan.created_at)
            for _, when, _, _ in plan.votes:
                score = _log2_add(score, trending_point(when))
            last = plan.transitions[-1][1] if plan.transitions else None
            pinned = plan.text.title == content.PINNED_IDEA
            if pinned:
                pinned_at = (last or plan.created_at) + HOUR
            ideas.append(
                Idea(
                    workspace=workspace, board=self.boards[plan.text.board],
                    status=self.statuses[plan.status], title=plan.text.title,
                    body=self._body(plan.text), author=plan.author, owner=plan.owner,
                    eta=(now + timedelta(days=plan.eta_days)).date() if plan.eta_days else None,
                    is_pinned=pinned, vote_count=len(plan.votes),
                    comment_count=sum(1 for c in plan.comments if not c.internal),
                    trending_score=score, version=1 + len(plan.transitions),
                    created_at=plan.created_at, updated_at=last or plan.created_at,
                    status_changed_at=last,
                )
            )  # fmt: skip
        Idea.objects.bulk_create(ideas, batch_size=500)
        for plan, idea in zip(plans, ideas, strict=True):
            plan.idea = idea

        Idea.tags.through.objects.bulk_create(
            [
                Idea.tags.through(idea_id=plan.idea.pk, tag_id=self.tags[name].pk)
                for plan in plans
                for name in plan.text.tags
            ],
            batch_size=1000,
        )
        Vote.objects.bulk_create(
            [
                Vote(
                    idea=plan.idea,
                    person=person,
                    importance=importance,
                    source=source,
                    created_at=when,
                )  # fmt: skip
                for plan in plans
                for person, when, importance, source in plan.votes
            ],
            batch_size=1000,
        )
        for replies in (False, True):
            rows = []
            for plan in plans:
                for c in plan.comments:
                    if (c.parent is not None) != replies:
                        continue
                    c.row = Comment(
                        idea=plan.idea, parent=c.parent.row if c.parent else None,
                        author=c.author, author_user=c.user, body=c.body,
                        is_internal=c.internal, created_at=c.when,
                    )  # fmt: skip
                    rows.append(c.row)
            Comment.objects.bulk_create(rows, batch_size=1000)

        # Voting and commenting follow the idea (team comments go through no Person).
        follows: dict[tuple[int, int], datetime] = {}
        for plan in plans:
            moments = [(person, when) for person, when, _, _ in plan.votes]
            moments += [(c.author, c.when) for c in plan.comments if c.author and not c.internal]
            for person, when in moments:
                key = (plan.idea.pk, person.pk)
                follows[key] = min(follows.get(key, when), when)
        Subscription.objects.bulk_create(
            [Subscription(idea_id=i, person_id=p, created_at=w) for (i, p), w in follows.items()],
            batch_size=1000,
        )
        first_seen: dict[int, datetime] = {}
        for (_, person_id), when in follows.items():
            first_seen[person_id] = min(first_seen.get(person_id, when), when)
        if first_seen:  # these people confirmed their e-mail when they first took part
            Person.objects.filter(pk__in=first_seen, email_confirmed_at=None).update(
                email_confirmed_at=min(first_seen.values()) - DAY
            )

        entries = self._changelog(plans)
        self._activity(plans, entries, pinned_at)

    def _changelog(self, plans: list[_Plan]) -> list[tuple[ChangelogEntry, list[_Plan]]]:
        by_title = {plan.text.title: plan for plan in plans}
        author = self.team[PM]
        entries = []
        for title, _, titles, body in content.CHANGELOG:
            linked = [by_title[t] for t in titles]
            published = max(p.changelog_at for p in linked)
            entry = ChangelogEntry.objects.create(
                workspace=self.workspace, title=title, body=body, published_at=published,
                created_by=author, created_at=published - timedelta(days=2),
                updated_at=published,
            )  # fmt: skip
            entry.ideas.set([p.idea for p in linked])
            entries.append((entry, linked))
        title, titles, body = content.CHANGELOG_DRAFT
        draft = ChangelogEntry.objects.create(
            workspace=self.workspace, title=title, body=body, created_by=author,
            created_at=self.now - 3 * DAY, updated_at=self.now - DAY,
        )  # fmt: skip
        draft.ideas.set([by_title[t].idea for t in titles])
        return entries

    def _activity(self, plans, entries, pinned_at) -> None:
        rows = []
        category = {name: cat for name, _, cat in content.STATUSES}
        for plan in plans:
            idea = plan.idea
            rows.append(
                IdeaActivity(
                    idea=idea, kind=IdeaActivity.Kind.CREATED, actor_person=plan.author,
                    data={"source": plan.source}, created_at=plan.created_at,
                )
            )  # fmt: skip
            previous = content.DEFAULT_STATUS
            for name, when, actor in plan.transitions:
                rows.append(
                    IdeaActivity(
                        idea=idea, kind=IdeaActivity.Kind.STATUS, actor_user=actor,
                        data={"from": previous, "to": name, "from_category": category[previous],
                              "to_category": category[name]},
                        created_at=when,
                    )
                )  # fmt: skip
                previous = name
            decided = plan.entered("Planned") or plan.entered("Building") or plan.final_at
            if plan.owner is not None:
                rows.append(
                    IdeaActivity(
                        idea=idea, kind=IdeaActivity.Kind.OWNER, actor_user=self.team[PM],
                        data={"to": plan.owner.email}, created_at=decided + 10 * MINUTE,
                    )
                )  # fmt: skip
            if idea.eta is not None:
                rows.append(
                    IdeaActivity(
                        idea=idea, kind=IdeaActivity.Kind.ETA, actor_user=self.team[PM],
                        data={"to": idea.eta.isoformat()}, created_at=decided + 12 * MINUTE,
                    )
                )  # fmt: skip
            if idea.is_pinned:
                rows.append(
                    IdeaActivity(
                        idea=idea, kind=IdeaActivity.Kind.PINNED, actor_user=self.team[PM],
                        created_at=pinned_at,
                    )
                )  # fmt: skip
        for entry, linked in entries:
            for plan in linked:
                rows.append(
                    IdeaActivity(
                        idea=plan.idea, kind=IdeaActivity.Kind.CHANGELOG,
                        actor_user=self.team[PM], data={"entry": entry.title},
                        created_at=entry.published_at,
                    )
                )  # fmt: skip
        IdeaActivity.objects.bulk_create(rows, batch_size=1000)
