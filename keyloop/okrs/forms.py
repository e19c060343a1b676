"""Forms of the team's OKR pages (/<workspace>/admin/okrs/…).

Object ids (team, owner, parent objective, cycle) are choices filled by the view from the
workspace's own rows; views still resolve every id through access.py, which 404s anything
outside the workspace. The rules on the figures themselves (target equal to baseline,
thresholds out of order, a deadline before the start…) live in the actions and scoring.py:
their ValidationErrors come back onto these forms.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import (
    NAME_MAX,
    TEXT_MAX,
    TITLE_MAX,
    CycleKind,
    DataSource,
    KeyResultKind,
    ObjectiveStatus,
    Unit,
)
from .scoring import Direction, ScoringType

MAX_NUMBER = Decimal("1e16")  # DecimalField(max_digits=20, decimal_places=4)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _number_field(label, *, required=False, help_text="", **attrs):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=20,
        decimal_places=4,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", **attrs}),
        error_messages={
            "invalid": _("Enter a number, like 42 or 12.5."),
            "max_digits": _("That number is too large."),
            "max_decimal_places": _("Use at most 4 decimals."),
            "max_whole_digits": _("That number is too large."),
        },
    )


def _choices(rows, label, empty=None) -> list[tuple[str, str]]:
    choices = [("", empty)] if empty is not None else []
    return choices + [(str(row.pk), label(row)) for row in rows]


# --- cycles and teams ----------------------------------------------------------------------


class CycleForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        help_text=_("How people say it, e.g. “2027 Q1”."),
        error_messages={"required": _("Give the cycle a name.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CycleKind.choices)
    start = forms.DateField(
        label=_("First day"),
        widget=DateInput(),
        error_messages={"required": _("Choose the first day.")},
    )
    end = forms.DateField(
        label=_("Last day"),
        widget=DateInput(),
        help_text=_("Key results are due by this day unless they say otherwise."),
        error_messages={"required": _("Choose the last day.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The last day must come after the first day."))
        return data


class TeamForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        error_messages={"required": _("Give the team a name.")},
    )
    parent = forms.ChoiceField(
        label=_("Part of"),
        required=False,
        help_text=_("The company, tribe or squad this team belongs to."),
    )
    members = forms.MultipleChoiceField(
        label=_("Members"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, teams=(), users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = _choices(
            teams, lambda team: team.path_name, _("Nothing: a top-level team")
        )
        self.fields["members"].choices = _choices(users, lambda user: user.display_name)


# --- objectives ----------------------------------------------------------------------------


class ObjectiveForm(forms.Form):
    title = forms.CharField(
        label=_("Objective"),
        max_length=TITLE_MAX,
        help_text=_("Qualitative and inspiring: what you want to achieve, not how you measure it."),
        error_messages={"required": _("Say what you want to achieve.")},
    )
    description = forms.CharField(
        label=_("Why it matters"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    team = forms.ChoiceField(label=_("Team"), required=False)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    parent = forms.ChoiceField(
        label=_("Aligned to"),
        required=False,
        help_text=_("An objective of this cycle that this one helps achieve."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[c for c in ObjectiveStatus.choices if c[0] != ObjectiveStatus.GRADED],
        initial=ObjectiveStatus.ACTIVE,
    )

    def __init__(self, *args, teams=(), users=(), parents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _choices(
            teams, lambda team: team.path_name, _("The whole company")
        )
        self.fields["owner"].choices = _choices(users, lambda user: user.display_name, _("Nobody"))
        self.fields["parent"].choices = _choices(
            parents, lambda objective: objective.title, _("Not aligned")
        )


class CopyObjectiveForm(forms.Form):
    cycle = forms.ChoiceField(label=_("Copy to cycle"))
    key_results = forms.MultipleChoiceField(
        label=_("Key results to carry over"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Same metric and figures, due on the new cycle's last day, without check-ins."),
    )

    def __init__(self, *args, cycles=(), key_results=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].choices = _choices(cycles, lambda cycle: cycle.name)
        self.fields["key_results"].choices = _choices(key_results, lambda kr: kr.title)


# --- key results ---------------------------------------------------------------------------

LEVEL_LINE = re.compile(r"^\s*(?:[≥>=<≤]+\s*)?(-?[\d.,]+)\s*(?:→|->|=|:|,|\s)\s*(-?[\d.]+)\s*$")


def parse_levels(text: str) -> list[list[str]]:
    """Threshold levels, one per line: "40 → 0.3" (also "≥ 40 = 0.3", "40, 0.3", "40 0.3")."""
    levels = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = LEVEL_LINE.match(line)
        if not match:
            raise ValidationError(
                _("Line %(n)s: write a level as “value → score”, e.g. “45 → 0.7”."),
                params={"n": number},
            )
        try:
            value = Decimal(match[1].replace(",", ""))
            score = Decimal(match[2])
        except InvalidOperation:
            raise ValidationError(
                _("Line %(n)s: write a level as “value → score”, e.g. “45 → 0.7”."),
                params={"n": number},
            ) from None
        if abs(value) >= MAX_NUMBER:
            raise ValidationError(_("Line %(n)s: that number is too large."), params={"n": number})
        levels.append([value, score])
    return levels


def format_levels(levels) -> str:
    from .charts import number

    return "\n".join(f"{number(Decimal(str(v)))} → {number(Decimal(str(s)))}" for v, s in levels)


class KeyResultForm(forms.Form):
    title = forms.CharField(
        label=_("Key result"),
        max_length=TITLE_MAX,
        help_text=_("The complete statement: “[metric] from [baseline] to [target] by [date]”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Write the key result.")},
    )
    metric = forms.CharField(
        label=_("Metric"),
        max_length=TITLE_MAX,
        required=False,
        help_text=_("What you measure, e.g. “7-day activation rate”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices, initial=Unit.NUMBER)
    unit_label = forms.CharField(
        label=_("Unit label"),
        max_length=20,
        required=False,
        help_text=_("Optional: how the unit reads, e.g. EUR, days, ms."),
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Direction.choices, initial=Direction.INCREASE
    )
    baseline = _number_field(_("Baseline"), help_text=_("Where it is today."))
    target = _number_field(_("Target"), help_text=_("Where it should be by the deadline."))
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: the last day of the cycle."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=KeyResultKind.choices)
    scoring = forms.ChoiceField(
        label=_("Scoring"),
        choices=ScoringType.choices,
        initial=ScoringType.LINEAR,
        widget=forms.RadioSelect,
        help_text=_(
            "Linear: the share of the way from baseline to target. Binary: 1 when the target is "
            "met, else 0. Threshold: the score of the highest level reached."
        ),
    )
    levels = forms.CharField(
        label=_("Threshold levels"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "40 → 0.3\n45 → 0.7\n50 → 1.0"}),
        help_text=_("Threshold scoring only: one level per line, “value → score”."),
    )
    weight = _number_field(_("Weight"), help_text=_("Its share in the objective's score."))
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    data_source = forms.ChoiceField(
        label=_("Data source"), choices=DataSource.choices, initial=DataSource.MANUAL
    )
    reason = forms.CharField(
        label=_("Why change the baseline or target now?"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "The cycle has started, so the baseline and target are locked. A change is kept in "
            "the key result's history with this reason."
        ),
    )

    def __init__(self, *args, users=(), locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = _choices(users, lambda user: user.display_name, _("Nobody"))
        self.locked = locked
        if not locked:
            del self.fields["reason"]

    def clean_levels(self):
        return parse_levels(self.cleaned_data.get("levels", ""))

    def clean_weight(self):
        weight = self.cleaned_data.get("weight")
        if weight is None:
            return Decimal(1)
        if weight < 0:
            raise ValidationError(_("A weight cannot be negative."))
        return weight

    def clean(self):
        """A title written as the complete statement ("… from 0 to 5,000 by 31 Mar 2027")
        fills the figures left empty, so what the person wrote is what gets scored."""
        data = super().clean()
        if data.get("title") and data.get("baseline") is None and data.get("target") is None:
            from .lint import read_statement

            read = read_statement(data["title"])
            if read["baseline"] is not None and read["target"] is not None:
                data["baseline"], data["target"] = read["baseline"], read["target"]
                data["metric"] = data.get("metric") or read["metric"]
                if data.get("direction") == Direction.INCREASE:
                    data["direction"] = read["direction"]
                if not data.get("deadline") and read["deadline"]:
                    data["deadline"] = read["deadline"]
        return data


class CheckInForm(forms.Form):
    value = _number_field(_("Value"), required=True)
    confidence = forms.TypedChoiceField(
        label=_("Confidence"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(str(n), str(n)) for n in range(10, -1, -1)],
        help_text=_("0–10: how sure are you of hitting the target?"),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("What moved it, or what is in the way."),
    )
    next_actions = forms.CharField(
        label=_("Next actions"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, prefix_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].error_messages["required"] = _("Enter the value.")
        if prefix_id:
            self.auto_id = f"{prefix_id}-%s"


class ReflectionForm(forms.Form):
    reflection = forms.CharField(
        label=_("Reflection"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why did we hit or miss, and what did we learn?"),
    )


# --- KPIs ----------------------------------------------------------------------------------


class KpiForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Give the KPI a name.")},
        help_text=_("An ongoing health metric, e.g. “Monthly active users”."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices, initial=Unit.NUMBER)
    unit_label = forms.CharField(label=_("Unit label"), max_length=20, required=False)
    direction = forms.ChoiceField(
        label=_("Better when it goes"),
        choices=[(Direction.INCREASE, _("Up")), (Direction.DECREASE, _("Down"))],
    )
    healthy_min = _number_field(_("Healthy from"))
    healthy_max = _number_field(_("Healthy up to"))
    update_every_days = forms.IntegerField(
        label=_("Update every (days)"), min_value=1, max_value=366, initial=7
    )
    team = forms.ChoiceField(label=_("Team"), required=False)
    owner = forms.ChoiceField(label=_("Owner"), required=False)

    def __init__(self, *args, teams=(), users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _choices(
            teams, lambda team: team.path_name, _("The whole company")
        )
        self.fields["owner"].choices = _choices(users, lambda user: user.display_name, _("Nobody"))

    def clean(self):
        data = super().clean()
        low, high = data.get("healthy_min"), data.get("healthy_max")
        if low is not None and high is not None and low > high:
            self.add_error("healthy_max", _("The top of the healthy band is below its bottom."))
        return data


class KpiValueForm(forms.Form):
    value = _number_field(_("Value"), required=True)


class PromoteKpiForm(forms.Form):
    objective = forms.ChoiceField(label=_("Objective"))
    title = forms.CharField(
        label=_("Key result"),
        max_length=TITLE_MAX,
        required=False,
        help_text=_("Empty: written for you as “[metric] from [baseline] to [target] by [date]”."),
    )
    target = _number_field(_("Target"), required=True)
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: the last day of the objective's cycle."),
    )

    def __init__(self, *args, objectives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].choices = _choices(
            objectives, lambda objective: f"{objective.title} ({objective.cycle.name})"
        )
