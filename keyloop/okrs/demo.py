"""The OKR part of `keyloop demo`: Acme Analytics' company → 2 tribes → 4 squads, a running
cycle ten weeks in and the graded cycle before it, 12 objectives with 40 key results of every
scoring type and direction, weekly check-ins, and 5 KPIs with their history.

Seeded, so every load tells the same story; dates are relative to the day of loading (the
running cycle started on the Monday ten weeks ago and lasts 13 weeks). Structure goes
through the actions (so it passes every rule a person would meet); check-in history is
written in bulk, the key results' current value and score computed the way checkin_create
computes them. Some key results are deliberately off pace, three have gone quiet for two
weeks (they show up as due and get reminders), and the previous cycle is graded with a
reflection on every key result.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from keyloop.accounts.models import Membership, User, Workspace

from . import actions, scoring
from . import pace as pacing
from .models import CheckIn, CheckInSource, Cycle, KeyResult, KpiValue

SEED = 8080
WEEKS = 13  # a cycle
ELAPSED = 10  # weeks of the running cycle behind us
CHECK_IN_TIME = time(10, 0)

# Team members of the demo workspace (accounts/management/commands/demo.py).
ALEX, PRIYA, SAM, LENA = (
    "admin@example.com", "pm@example.com", "support@example.com", "engineer@example.com",
)  # fmt: skip

TEAMS = [  # name, parent, members
    ("Acme Analytics", None, [ALEX, PRIYA, SAM, LENA]),
    ("Growth", "Acme Analytics", [PRIYA, SAM]),
    ("Platform", "Acme Analytics", [LENA]),
    ("Activation", "Growth", [PRIYA]),
    ("Monetisation", "Growth", [SAM]),
    ("Data pipeline", "Platform", [LENA]),
    ("Dashboards", "Platform", [LENA, SAM]),
]


@dataclass
class Kr:
    """A demo key result. `pace` is its progress at the last check-in as a share of the
    progress expected by then (below 0.6: at risk, below 0.9: behind). Milestones are done
    in week `done` (None: not yet); stay-above/below key results leave their band in the
    weeks listed in `breaches`."""

    title: str
    metric: str
    baseline: float
    target: float
    direction: str = "increase"
    scoring: str = "linear"
    unit: str = "number"
    unit_label: str = ""
    levels: tuple = ()
    pace: float = 0.9
    kind: str = "metric"
    done: int | None = None
    breaches: tuple = ()
    quiet: bool = False  # no check-in for the last two weeks
    weight: int = 1
    owner: str = ""
    reflection: str = ""


@dataclass
class Obj:
    key: str
    team: str
    title: str
    owner: str
    key_results: list
    parent: str | None = None
    description: str = ""


# The objectives and key results, written as a person would read them. fmt: off keeps one key
# result to a few lines.
# fmt: off
CURRENT = [
    Obj("company", "Acme Analytics", "Become the analytics tool teams open every morning", ALEX, [
        Kr("Grow weekly active teams from 1,800 to 2,600", "Weekly active teams", 1800, 2600,
           pace=0.95, owner=ALEX),
        Kr("Lift net revenue retention from 104% to 112%", "Net revenue retention", 104, 112,
           unit="percent", pace=0.55, owner=ALEX, weight=2),
        Kr("Raise customer NPS from 32 to 45", "Customer NPS", 32, 45, scoring="threshold",
           levels=((36, 0.3), (41, 0.7), (45, 1.0)), pace=0.85, owner=PRIYA),
        Kr("Keep uptime at or above 99.9%", "Uptime", 99.95, 99.9, direction="stay_above",
           scoring="binary", unit="percent", owner=LENA),
    ], description="Daily use is what renews contracts and what customers tell friends about."),
    Obj("growth", "Growth", "Turn more trials into paying teams", PRIYA, [
        Kr("Increase trial-to-paid conversion from 8% to 12%", "Trial-to-paid conversion", 8, 12,
           unit="percent", pace=1.0, owner=PRIYA),
        Kr("Grow self-serve MRR from $42,000 to $60,000", "Self-serve MRR", 42000, 60000,
           scoring="threshold", unit="currency", unit_label="USD",
           levels=((48000, 0.3), (54000, 0.7), (60000, 1.0)), pace=0.9, owner=SAM),
        Kr("Close 5 enterprise deals (1 so far)", "Enterprise deals closed", 1, 5,
           scoring="binary", pace=1.05, owner=ALEX),
    ], parent="company"),
    Obj("platform", "Platform", "Make dashboards fast and trustworthy", LENA, [
        Kr("Cut dashboard p95 load time from 4.2 s to 1.5 s", "Dashboard p95 load time", 4.2,
           1.5, direction="decrease", unit="duration", unit_label="s", pace=1.0, owner=LENA),
        Kr("Keep data freshness lag at or below 15 minutes", "Data freshness lag", 11, 15,
           direction="stay_below", scoring="binary", unit="duration", unit_label="min",
           breaches=(3,), owner=LENA),
        Kr("Reduce 'wrong number' support tickets from 120 to 40 a month",
           "Wrong-number tickets per month", 120, 40, direction="decrease", pace=0.35,
           owner=SAM),
        Kr("Keep pages with errors at or below 0.5%", "Pages with errors", 0.3, 0.5,
           direction="stay_below", scoring="binary", unit="percent", owner=LENA),
    ], parent="company"),
    Obj("activation", "Activation", "Deliver an exceptional onboarding experience", PRIYA, [
        Kr("Increase 7-day activation rate from 35% to 50%", "7-day activation rate", 35, 50,
           unit="percent", pace=1.05, owner=PRIYA),
        Kr("Reduce time to first value from 4 days to 1 day", "Time to first value", 4, 1,
           direction="decrease", scoring="binary", unit="duration", unit_label="days",
           pace=0.9, owner=PRIYA),
        Kr("Achieve onboarding NPS of 45 (currently 28)", "Onboarding NPS", 28, 45,
           scoring="threshold", levels=((35, 0.3), (40, 0.7), (45, 1.0)), pace=0.9,
           owner=PRIYA, quiet=True),
        Kr("Launch guided setup", "Guided setup live", 0, 1, scoring="binary", kind="milestone",
           owner=LENA),
    ], parent="growth"),
    Obj("monetisation", "Monetisation", "Make upgrading the obvious next step", SAM, [
        Kr("Raise the upgrade rate of active trials from 5% to 9%", "Trial upgrade rate", 5, 9,
           unit="percent", pace=0.4, owner=SAM),
        Kr("Cut checkout abandonment from 38% to 25%", "Checkout abandonment", 38, 25,
           direction="decrease", scoring="threshold", unit="percent",
           levels=((33, 0.3), (29, 0.7), (25, 1.0)), pace=0.8, owner=SAM),
        Kr("Keep refund requests at or below 2%", "Refund requests", 1.4, 2,
           direction="stay_below", scoring="binary", unit="percent", owner=SAM),
    ], parent="growth"),
    Obj("pricing", "Monetisation", "Price for the value teams get", SAM, [
        Kr("Grow average revenue per account from $310 to $380", "Average revenue per account",
           310, 380, unit="currency", unit_label="USD", pace=0.95, owner=SAM),
        Kr("Grow the annual plan share from 22% to 35%", "Annual plan share", 22, 35,
           unit="percent", pace=0.55, owner=ALEX, quiet=True),
        Kr("Keep discounted deals at or below 15%", "Discounted deals", 12, 15,
           direction="stay_below", scoring="binary", unit="percent", breaches=(8, 9, 10),
           owner=SAM),
    ]),
    Obj("pipeline", "Data pipeline", "Never show a stale number", LENA, [
        Kr("Cut failed nightly syncs from 14 to 2 a month", "Failed nightly syncs per month", 14,
           2, direction="decrease", pace=1.1, owner=LENA),
        Kr("Cover connectors with automated tests from 40% to 90%", "Connectors with tests", 40,
           90, unit="percent", pace=0.95, owner=LENA),
        Kr("Lower pipeline cost per million rows from $3.20 to $2.00", "Cost per million rows",
           3.2, 2.0, direction="decrease", unit="currency", unit_label="USD", pace=0.5,
           owner=LENA, quiet=True),
    ], parent="platform"),
    Obj("dashboards", "Dashboards", "Make every chart load before the coffee cools", LENA, [
        Kr("Render charts under 1 s for 90% of views, from 55%", "Charts rendered under 1 s",
           55, 90, unit="percent", pace=1.0, owner=LENA),
        Kr("Raise the query cache hit rate from 30% to 70%", "Query cache hit rate", 30, 70,
           scoring="threshold", unit="percent", levels=((45, 0.3), (60, 0.7), (70, 1.0)),
           pace=1.05, owner=LENA),
        Kr("Ship chart builder v2", "Chart builder v2 live", 0, 1, scoring="binary",
           kind="milestone", done=6, owner=SAM),
    ], parent="platform"),
]

PREVIOUS = [
    Obj("love", "Acme Analytics", "Build a product customers love", ALEX, [
        Kr("Increase Net Promoter Score from 32 to 50", "Net Promoter Score", 32, 50, pace=0.72,
           owner=ALEX, reflection="The reporting fixes moved detractors; the new-user survey "
           "showed onboarding still drags the score down, hence this quarter's focus."),
        Kr("Improve monthly retention from 85% to 92%", "Monthly retention", 85, 92,
           unit="percent", pace=0.57, owner=PRIYA, reflection="Retention rose in SMB only; "
           "mid-market churn was about missing SSO, which we could not ship in time."),
        Kr("Increase organic referral rate from 12% to 25%", "Organic referral rate", 12, 25,
           scoring="threshold", unit="percent", levels=((16, 0.3), (20, 0.7), (25, 1.0)),
           pace=0.68, owner=PRIYA),
        Kr("Reduce feature-related complaints from 250 to 100 a month",
           "Feature complaints per month", 250, 100, direction="decrease", pace=0.82,
           owner=SAM),
    ]),
    Obj("funnel", "Growth", "Fill the top of the funnel with the right teams", PRIYA, [
        Kr("Grow qualified trials from 400 to 650 a month", "Qualified trials per month", 400,
           650, pace=0.9, owner=PRIYA),
        Kr("Lower cost per qualified trial from $180 to $120", "Cost per qualified trial", 180,
           120, direction="decrease", unit="currency", unit_label="USD", pace=0.45, owner=SAM,
           reflection="Paid search got pricier mid-quarter; we should have shifted budget to "
           "the partner channel earlier."),
        Kr("Launch the partner program", "Partner program live", 0, 1, scoring="binary",
           kind="milestone", done=8, owner=ALEX),
    ], parent="love"),
    Obj("scale", "Platform", "Scale to our biggest customers", LENA, [
        Kr("Query 200M rows in under 5 s, up from 50M", "Largest dataset under 5 s (M rows)",
           50, 200, pace=0.93, owner=LENA),
        Kr("Cut incidents from 6 to 2 a month", "Incidents per month", 6, 2,
           direction="decrease", scoring="binary", pace=1.0, owner=LENA),
        Kr("Keep uptime at or above 99.9%", "Uptime", 99.95, 99.9, direction="stay_above",
           scoring="binary", unit="percent", breaches=(12,), owner=LENA,
           reflection="One long outage in the last week cost us the quarter: the failover "
           "runbook was out of date. Rewritten and rehearsed since."),
    ], parent="love"),
    Obj("first_hour", "Activation", "Make the first hour count", PRIYA, [
        Kr("Raise setup completion from 48% to 65%", "Setup completion rate", 48, 65,
           unit="percent", pace=0.76, owner=PRIYA),
        Kr("Cut median minutes to first dashboard from 45 to 15",
           "Minutes to first dashboard", 45, 15, direction="decrease", scoring="threshold",
           unit="duration", unit_label="min", levels=((35, 0.3), (25, 0.7), (15, 1.0)),
           pace=0.74, owner=PRIYA),
        Kr("Reduce help-centre searches during setup from 900 to 500 a week",
           "Setup help searches per week", 900, 500, direction="decrease", pace=0.3,
           owner=SAM),
    ], parent="funnel"),
]

KPIS = [  # name, unit, label, direction, healthy min/max, every, owner, start, weekly drift, stale
    ("Monthly recurring revenue", "currency", "USD", "increase", 400_000, None, 7, ALEX,
     410_000, 4_000, False),
    ("Weekly active teams", "number", "", "increase", 1_500, None, 7, PRIYA, 1_650, 20, False),
    ("Support first response time", "duration", "h", "decrease", None, 4, 7, SAM, 3.1, 0.05,
     False),
    ("Churned accounts per month", "number", "", "decrease", None, 12, 30, SAM, 9, 0.1, False),
    ("Gross margin", "percent", "", "increase", 70, 90, 7, ALEX, 74, 0.1, True),
]
# fmt: on

NOTES = [
    "Steady week.", "The A/B test of the new empty state won; rolling it out.",
    "Dip from the holiday; expect it back next week.", "Two big accounts onboarded.",
    "Instrumentation fixed: earlier numbers were slightly low.", "Blocked on the data team.",
    "Better than expected after the release.", "", "", "",
]  # fmt: skip
NEXT_ACTIONS = [
    "Ship the checklist to everyone.", "Interview five churned teams.", "", "",
    "Pair with support on the top ticket reasons.", "",
]  # fmt: skip


def demo_okrs_load(*, workspace: Workspace, today: date | None = None) -> bool:
    """Load the demo OKRs once; False, changing nothing, if the workspace has cycles."""
    if Cycle.objects.filter(workspace=workspace).exists():
        return False
    with transaction.atomic():
        _Loader(workspace, today or timezone.localdate()).load()
    return True


class _Loader:
    def __init__(self, workspace: Workspace, today: date):
        self.workspace, self.today = workspace, today
        self.rng = random.Random(SEED)
        members = {
            m.user.email: m.user
            for m in Membership.objects.filter(workspace=workspace).select_related("user")
        }
        fallback = next(iter(members.values()), None)
        self.users = {email: members.get(email, fallback) for email in (ALEX, PRIYA, SAM, LENA)}

    def user(self, email: str) -> User | None:
        return self.users.get(email)

    def load(self) -> None:
        start = self.today - timedelta(days=self.today.weekday(), weeks=ELAPSED)
        current = self._cycle(start)
        previous = self._cycle(start - timedelta(weeks=WEEKS), avoid=current.name)
        self.teams = {}
        for name, parent, emails in TEAMS:
            self.teams[name] = actions.team_create(
                workspace=self.workspace, name=name, parent=self.teams.get(parent),
                members=[u for u in {self.user(e) for e in emails} if u is not None],
            )  # fmt: skip
        self._objectives(previous, PREVIOUS, weeks=WEEKS - 1)
        self._objectives(current, CURRENT, weeks=ELAPSED)
        self._grade(previous)
        self._kpis()

    def _cycle(self, start: date, avoid: str = "") -> Cycle:
        end = start + timedelta(weeks=WEEKS, days=-1)
        middle = start + (end - start) / 2
        name = f"{middle.year} Q{(middle.month - 1) // 3 + 1}"
        if name == avoid:
            name += " (earlier)"
        return actions.cycle_create(
            workspace=self.workspace, name=name, start=start, end=end, kind="quarterly"
        )

    def _objectives(self, cycle: Cycle, objectives: list[Obj], *, weeks: int) -> None:
        made = {}
        for spec in objectives:
            objective = actions.objective_create(
                cycle=cycle, team=self.teams[spec.team], title=spec.title,
                description=spec.description, owner=self.user(spec.owner),
                parent=made.get(spec.parent),
            )  # fmt: skip
            made[spec.key] = objective
            for kr in spec.key_results:
                key_result = actions.key_result_create(
                    objective=objective, title=kr.title, metric=kr.metric, unit=kr.unit,
                    unit_label=kr.unit_label, direction=kr.direction, baseline=kr.baseline,
                    target=kr.target, kind=kr.kind, scoring=kr.scoring,
                    levels=[list(level) for level in kr.levels], weight=kr.weight,
                    owner=self.user(kr.owner or spec.owner),
                )  # fmt: skip
                KeyResult.objects.filter(pk=key_result.pk).update(
                    created_at=_at(cycle.start), reflection=kr.reflection
                )
                key_result.created_at, key_result.reflection = _at(cycle.start), kr.reflection
                self._check_ins(key_result, kr, cycle, weeks)

    def _value(self, kr: Kr, week: int) -> float:
        rng = self.rng
        if kr.kind == "milestone":
            return 1.0 if kr.done is not None and week >= kr.done else 0.0
        if kr.direction in ("stay_above", "stay_below"):
            margin = abs(kr.target - kr.baseline)
            outside = week in kr.breaches
            sign = 1 if kr.direction == "stay_below" else -1
            if outside:
                return round(kr.target + sign * margin * rng.uniform(0.2, 0.6), 2)
            return round(kr.baseline + sign * margin * rng.uniform(-0.4, 0.4), 2)
        # `pace` × the progress expected by the time of the last check-in, reached along a line.
        share = kr.pace * self.expected * week / self.weeks + rng.uniform(-0.03, 0.03)
        value = kr.baseline + (kr.target - kr.baseline) * share
        if kr.scoring == "binary":
            value = kr.baseline + round((kr.target - kr.baseline) * share)
        places = 0 if abs(kr.target - kr.baseline) >= 50 else 2
        return round(value, places)

    def _check_ins(self, key_result: KeyResult, kr: Kr, cycle: Cycle, weeks: int) -> None:
        rng = self.rng
        self.weeks = weeks
        self.expected = pacing.expected_progress(
            start=cycle.start, end=cycle.end, on=min(self.today, cycle.end)
        )
        last = weeks - 2 if kr.quiet else weeks
        rows = []
        for week in range(1, last + 1):
            on_pace = kr.pace if kr.direction not in ("stay_above", "stay_below") else 1.0
            confidence = max(1, min(10, round(3 + 6 * on_pace + rng.uniform(-1.5, 1.5))))
            rows.append(
                CheckIn(
                    key_result=key_result, value=Decimal(str(self._value(kr, week))),
                    confidence=confidence, note=rng.choice(NOTES),
                    next_actions=rng.choice(NEXT_ACTIONS),
                    author=key_result.owner, source=CheckInSource.MANUAL,
                    checked_in_at=_at(cycle.start + timedelta(weeks=week, days=-3)),
                )
            )  # fmt: skip
        rows = [row for row in rows if row.checked_in_at <= timezone.now()]
        CheckIn.objects.bulk_create(rows)
        if rows:
            newest = rows[-1]
            key_result.current, key_result.confidence = newest.value, newest.confidence
            key_result.last_checked_in_at = newest.checked_in_at
            key_result.score = scoring.score(actions.figures_of(key_result))
            key_result.save(update_fields=["current", "confidence", "last_checked_in_at", "score"])

    def _grade(self, cycle: Cycle) -> None:
        texts = {
            "green": "We hit it: {what}. Keep the weekly review that made the difference.",
            "amber": "Partly there: {what} moved, but slower than planned; we set the target "
            "before knowing how long the groundwork would take.",
            "red": "Missed: {what} barely moved. We worked on outputs instead of the outcome; "
            "next time we test the riskiest assumption first.",
        }
        reflections = {}
        for key_result in KeyResult.objects.filter(objective__cycle=cycle):
            if not key_result.reflection:
                band = scoring.band(key_result.score)
                reflections[key_result.pk] = texts[band].format(what=key_result.metric.lower())
        actions.cycle_grade(cycle=cycle, reflections=reflections, on=self.today)
        graded = timezone.make_aware(datetime.combine(cycle.end, time(17, 0)))
        Cycle.objects.filter(pk=cycle.pk).update(graded_at=graded)
        KeyResult.objects.filter(objective__cycle=cycle).update(graded_at=graded)

    def _kpis(self) -> None:
        rng = self.rng
        weeks = 20
        for spec in KPIS:
            name, unit, label, direction, low, high, every, owner, start, drift, stale = spec
            kpi = actions.kpi_create(
                workspace=self.workspace, name=name, unit=unit, unit_label=label,
                direction=direction, healthy_min=low, healthy_max=high,
                update_every_days=every, owner=self.user(owner),
                team=self.teams["Acme Analytics"],
            )  # fmt: skip
            kpi.created_at = _at(self.today - timedelta(weeks=weeks + 1))
            step = max(1, every // 7)
            last_week = 3 if stale else 0
            values, value = [], start
            for week in range(weeks, last_week - 1, -step):
                value = value + drift * rng.uniform(-0.5, 1.5) * step
                values.append(
                    KpiValue(
                        kpi=kpi, value=Decimal(str(round(value, 2))),
                        at=_at(self.today - timedelta(weeks=week)), author=self.user(owner),
                    )
                )  # fmt: skip
            KpiValue.objects.bulk_create(values)
            kpi.current, kpi.updated_at = values[-1].value, values[-1].at
            kpi.save(update_fields=["current", "updated_at", "created_at"])


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, CHECK_IN_TIME))
