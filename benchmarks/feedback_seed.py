"""Seed a fresh database with a feedback board of a given shape, fast (bulk inserts).

Run by bench_feedback.py in a child process, against whatever KEYLOOP_DATA_DIR / DATABASE_URL
the environment names (Django reads its settings once per process, and each benchmark run
wants a fresh database):

    python benchmarks/feedback_seed.py --ideas 1000 --people 200 --votes 60000 --out seed.json

The rows are what the actions would have written — counters, trending scores, follows and
"created" activity included — so the pages and the API see a realistic, consistent board.
It prints nothing but progress; the JSON file tells the benchmark what to request.
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyloop.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from keyloop.accounts.actions import api_key_create  # noqa: E402
from keyloop.accounts.models import Company, Membership, Person, Role, User, Workspace  # noqa: E402
from keyloop.feedback import demo_content  # noqa: E402
from keyloop.feedback.actions import _log2_add, trending_point, workspace_defaults_create  # noqa: E402
from keyloop.feedback.models import (  # noqa: E402
    Board,
    Comment,
    Idea,
    IdeaActivity,
    Status,
    StatusCategory,
    Subscription,
    Tag,
    Vote,
    VoteImportance,
)

WORKSPACE = "bench"
BOARD = "feature-requests"
# How the ideas' statuses are spread (category: share), like a board a year into its life.
STATUS_MIX = {
    StatusCategory.OPEN: 55,
    StatusCategory.UNDER_REVIEW: 12,
    StatusCategory.PLANNED: 10,
    StatusCategory.IN_PROGRESS: 5,
    StatusCategory.SHIPPED: 12,
    StatusCategory.CLOSED: 6,
}
COMMENT_TEXTS = [
    "+1, we need this too.",
    "Any update on this? Our team asks every week.",
    "Would love this. Bonus points if it works with the **API** too.",
    "We work around it with a spreadsheet today, but it's fragile.",
    "Thanks for the detailed write-up! How often would you use this?",
]


def allocate(total: int, weights: list[float], cap: int) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), at most `cap` each."""
    counts = [0] * len(weights)
    remaining, active = total, set(range(len(weights)))
    while remaining > 0 and active:
        scale = remaining / sum(weights[i] for i in active)
        shares = {i: weights[i] * scale for i in active}
        for i in active:
            step = min(int(shares[i]), cap - counts[i])
            counts[i] += step
            remaining -= step
        for i in sorted(active, key=lambda i: int(shares[i]) - shares[i]):
            if remaining == 0:
                break
            if counts[i] < cap:
                counts[i] += 1
                remaining -= 1
        active = {i for i in active if counts[i] < cap}
    return counts


def seed(*, ideas: int, people: int, votes: int, comments: int, sample: int) -> dict:
    started = time.perf_counter()
    rng = random.Random(7)
    now = timezone.now()
    call_command("migrate", verbosity=0)
    with transaction.atomic():
        workspace = Workspace.objects.create(name="Bench Analytics", slug=WORKSPACE)
        workspace_defaults_create(workspace=workspace)
        owner = User.objects.create_user("owner@bench.example", None, name="Bench Owner")
        Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
        board = Board.objects.get(workspace=workspace, slug=BOARD)
        statuses: dict[str, list[Status]] = {}
        for status in Status.objects.filter(workspace=workspace):
            statuses.setdefault(status.category, []).append(status)
        tags = [
            Tag.objects.create(workspace=workspace, name=name, color=color)
            for name, color in demo_content.TAGS
        ]
        companies = Company.objects.bulk_create(
            Company(
                workspace=workspace,
                name=f"Company {n}",
                external_id=f"co-{n}",
                plan="Growth",
                segment="SMB",
                mrr_cents=19900,
            )  # fmt: skip
            for n in range(1, 41)
        )
        persons = Person.objects.bulk_create(
            Person(
                workspace=workspace,
                email=f"voter{n}@bench.example",
                external_id=f"voter-{n}",
                name=f"Voter {n}",
                company=companies[n % len(companies)],
                email_confirmed_at=now - timedelta(days=400),
            )  # fmt: skip
            for n in range(1, people + 1)
        )

        texts = demo_content.IDEAS
        categories, shares = zip(*STATUS_MIX.items(), strict=True)
        plans = []
        for n in range(ideas):
            text = texts[n % len(texts)]
            created = now - timedelta(seconds=rng.uniform(3600, 365 * 86400))
            category = rng.choices(categories, weights=shares)[0]
            plans.append((text, created.replace(microsecond=0), category))
        plans.sort(key=lambda plan: plan[1])
        vote_counts = allocate(votes, [rng.lognormvariate(0, 1.0) for _ in plans], cap=people)
        comment_counts = allocate(comments, [c + 1 for c in vote_counts], cap=50)

        idea_rows, idea_votes, idea_comments = [], [], []
        for n, ((text, created, category), count, ncomments) in enumerate(
            zip(plans, vote_counts, comment_counts, strict=True)
        ):
            voters = rng.sample(range(people), count)
            span = (now - created).total_seconds()
            moments = sorted(
                created + timedelta(seconds=rng.uniform(60, max(span - 60, 61))) for _ in voters
            )
            score = trending_point(created)
            for moment in moments:
                score = _log2_add(score, trending_point(moment))
            said = sorted(
                created + timedelta(seconds=rng.uniform(60, max(span - 60, 61)))
                for _ in range(ncomments)
            )
            idea_votes.append(list(zip(voters, moments, strict=True)))
            idea_comments.append(said)
            title = text.title if n < len(texts) else f"{text.title} ({n // len(texts) + 1})"
            idea_rows.append(
                Idea(
                    workspace=workspace, board=board, status=rng.choice(statuses[category]),
                    title=title[:200], body=text.detail, author=persons[voters[0]] if voters
                    else persons[n % people], vote_count=count, comment_count=ncomments,
                    trending_score=score, created_at=created, updated_at=created,
                )
            )  # fmt: skip
        Idea.objects.bulk_create(idea_rows, batch_size=2000)
        print(f"  seeded {len(idea_rows):,} ideas", flush=True)

        Idea.tags.through.objects.bulk_create(
            [
                Idea.tags.through(idea_id=idea.pk, tag_id=tag.pk)
                for idea in idea_rows
                if rng.random() < 0.35
                for tag in rng.sample(tags, rng.randint(1, 2))
            ],
            batch_size=5000,
        )
        vote_rows, follow_rows = [], []
        for idea, cast in zip(idea_rows, idea_votes, strict=True):
            for person_index, moment in cast:
                person = persons[person_index]
                vote_rows.append(
                    Vote(
                        idea=idea, person=person, created_at=moment,
                        importance=rng.choice(VoteImportance.values),
                    )
                )  # fmt: skip
                follow_rows.append(Subscription(idea=idea, person=person, created_at=moment))
        Vote.objects.bulk_create(vote_rows, batch_size=5000)
        Subscription.objects.bulk_create(follow_rows, batch_size=5000)
        print(f"  seeded {len(vote_rows):,} votes and follows", flush=True)

        comment_rows = [
            Comment(
                idea=idea,
                author=persons[rng.randrange(people)],
                created_at=moment,
                body=rng.choice(COMMENT_TEXTS),
            )  # fmt: skip
            for idea, said in zip(idea_rows, idea_comments, strict=True)
            for moment in said
        ]
        Comment.objects.bulk_create(comment_rows, batch_size=5000)
        IdeaActivity.objects.bulk_create(
            (
                IdeaActivity(
                    idea=idea,
                    kind=IdeaActivity.Kind.CREATED,
                    actor_person=idea.author,
                    data={"source": "portal"},
                    created_at=idea.created_at,
                )  # fmt: skip
                for idea in idea_rows
            ),
            batch_size=5000,
        )
        print(f"  seeded {len(comment_rows):,} comments", flush=True)
        _, api_key = api_key_create(workspace=workspace, name="benchmark", created_by=owner)

    if connection.vendor == "postgresql":
        # What autovacuum and the checkpointer would do soon after a bulk load, done now so
        # they do not take CPU in the middle of a measurement: a database in steady state.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
            cursor.execute("CHECKPOINT")
    ids = [idea.pk for idea in idea_rows]
    return {
        "workspace": WORKSPACE,
        "board_slug": BOARD,
        "board_id": board.pk,
        "idea_ids": rng.sample(ids, min(sample, len(ids))),
        "people": people,
        "api_key": api_key,
        "counts": {
            "ideas": len(idea_rows),
            "people": len(persons),
            "votes": len(vote_rows),
            "comments": len(comment_rows),
        },
        "database": connection.vendor,
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, required=True)
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--votes", type=int, required=True)
    parser.add_argument("--comments", type=int, default=None, help="default: 3 per idea")
    parser.add_argument("--sample", type=int, default=500, help="idea ids to hand back")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.votes > args.ideas * args.people:
        parser.error("more votes than (idea, person) pairs")
    info = seed(
        ideas=args.ideas, people=args.people, votes=args.votes,
        comments=args.comments if args.comments is not None else 3 * args.ideas,
        sample=args.sample,
    )  # fmt: skip
    Path(args.out).write_text(json.dumps(info))


if __name__ == "__main__":
    main()
