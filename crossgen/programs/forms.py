"""Forms of the program pages. They parse and type the input; the business
rules (and their messages) are in :mod:`crossgen.programs.program_settings`,
applied by the services."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from crossgen.matching.problem import Objective, Rules, Weights
from crossgen.programs.eligibility import ROLES, Eligibility, RoleRule
from crossgen.programs.models import Cohort, Program, ProgramGoal
from crossgen.programs.program_settings import (
    CADENCE_DAYS,
    MAX_CAPACITY,
    SESSION_MINUTES,
    CohortDates,
    OrganizationFacts,
    ProgramSettings,
)
from crossgen.programs.templates_catalog import TEMPLATES

DATE_FIELDS = ("enrolment_opens", "enrolment_closes", "starts_on", "ends_on")
DATE_LABELS = {
    "enrolment_opens": "Enrolment opens",
    "enrolment_closes": "Enrolment closes",
    "starts_on": "Cohort starts",
    "ends_on": "Cohort ends",
}


def _date_field(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": f"Choose a date for “{label}”.",
            "invalid": f"“{label}” must be a date like 2026-03-02.",
        },
        **kwargs,
    )


def _number(label: str, low: int, high: int, **kwargs: Any) -> forms.IntegerField:
    # Bounds are browser hints only: the service checks them with a clear message.
    return forms.IntegerField(
        label=label,
        widget=forms.NumberInput(attrs={"min": low, "max": high, "inputmode": "numeric"}),
        error_messages={
            "required": f"Enter a number for “{label}”.",
            "invalid": f"“{label}” must be a whole number.",
        },
        **kwargs,
    )


def _keep_current(
    choices: Iterable[str], current: Iterable[str], missing: str
) -> list[tuple[str, str]]:
    """Roster values as choices, plus values the program still holds that left the
    roster (marked), so saving does not drop them silently: the service names them."""
    known = list(choices)
    extra = sorted(set(current) - set(known))
    return [(v, v) for v in known] + [(v, f"{v} ({missing})") for v in extra]


class ProgramCreateForm(forms.Form):
    template = forms.ChoiceField(
        choices=[(t.key, t.title) for t in TEMPLATES.values()],
        widget=forms.RadioSelect,
        initial="reverse",
        error_messages={"required": "Choose a template.", "invalid_choice": "Choose a template."},
    )
    name = forms.CharField(
        max_length=150,
        error_messages={"required": "Give the program a name."},
        widget=forms.TextInput(attrs={"placeholder": "e.g. Digital reverse mentoring 2026"}),
    )
    start = _date_field(
        "First cohort starts",
        help_text="The first cohort runs six months from this day; enrolment opens three "
        "weeks before.",
    )

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        super().__init__(data, initial={"start": default_new_start()})


class CohortForm(forms.Form):
    name = forms.CharField(max_length=150, required=False)
    enrolment_opens = _date_field(DATE_LABELS["enrolment_opens"])
    enrolment_closes = _date_field(DATE_LABELS["enrolment_closes"])
    starts_on = _date_field(DATE_LABELS["starts_on"])
    ends_on = _date_field(DATE_LABELS["ends_on"])

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, initial: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(data, initial=dict(initial or {}))

    @classmethod
    def initial_for(cls, cohort: Cohort) -> dict[str, Any]:
        return {"name": cohort.name, **{f: getattr(cohort, f) for f in DATE_FIELDS}}

    def dates(self) -> CohortDates:
        return CohortDates(**{f: self.cleaned_data[f] for f in DATE_FIELDS})


@dataclass(frozen=True, slots=True)
class RoleSection:
    role: str
    label: str
    min_stage: forms.BoundField
    max_stage: forms.BoundField
    departments: forms.BoundField
    locations: forms.BoundField
    min_tenure_months: forms.BoundField


class ProgramSettingsForm(forms.Form):
    """Everything on the settings page except the matching rules (see rule_forms)."""

    name = forms.CharField(label="Program name", required=False)
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown on invitations: why the program exists, in a sentence or two.",
    )
    mentor_label = forms.CharField(
        label="Junior side is called",
        required=False,
        help_text="Teaches digital skills and culture. Some companies say “co-mentor”.",
    )
    mentee_label = forms.CharField(
        label="Senior side is called",
        required=False,
        help_text="Learns, and shares experience and institutional knowledge back.",
    )
    goals = forms.MultipleChoiceField(
        label="Goals the program serves",
        choices=ProgramGoal.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    meeting_cadence_days = _number(
        "Meet every (days)", *CADENCE_DAYS, help_text="A suggestion shown to pairs."
    )
    session_minutes = _number("Session length (minutes)", *SESSION_MINUTES)
    default_mentor_capacity = _number(
        "Mentees per mentor",
        1,
        MAX_CAPACITY,
        help_text="How many mentees one mentor takes by default (1 to 3).",
    )
    charter = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Both partners agree to it before their first meeting.",
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        program: Program,
        facts: OrganizationFacts,
        cohort: Cohort | None = None,
    ) -> None:
        current = ProgramSettings.of(program)
        initial: dict[str, Any] = {
            "name": current.name,
            "description": current.description,
            "mentor_label": current.mentor_label,
            "mentee_label": current.mentee_label,
            "goals": list(current.goals),
            "meeting_cadence_days": current.meeting_cadence_days,
            "session_minutes": current.session_minutes,
            "default_mentor_capacity": current.default_mentor_capacity,
            "charter": current.charter,
        }
        super().__init__(data, initial=initial)
        self.program, self.cohort = program, cohort
        for role in ROLES:
            rule = current.eligibility.rules.get(role) or RoleRule()
            self._add_role_fields(role, rule, facts)
        if cohort is not None:
            for field in DATE_FIELDS:
                self.fields[field] = _date_field(DATE_LABELS[field])
                self.initial[field] = getattr(cohort, field)

    def _add_role_fields(self, role: str, rule: RoleRule, facts: OrganizationFacts) -> None:
        stages: list[tuple[Any, str]] = [("", "Any")]
        stages += [(rank, name) for rank, name in sorted(facts.stage_names.items())]
        held = {rank for rank in (rule.min_stage, rule.max_stage) if rank is not None}
        stages += [
            (rank, f"Stage {rank} (no longer on the ladder)")
            for rank in sorted(held - set(facts.stage_names))
        ]
        for key, label in (("min_stage", "From career stage"), ("max_stage", "To career stage")):
            self.fields[f"{role}_{key}"] = forms.TypedChoiceField(
                label=label,
                choices=stages,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.initial[f"{role}_{key}"] = getattr(rule, key)
        for key, known, label in (
            ("departments", sorted(facts.departments), "Departments"),
            ("locations", sorted(facts.locations), "Locations"),
        ):
            current = getattr(rule, key)
            self.fields[f"{role}_{key}"] = forms.MultipleChoiceField(
                label=label,
                choices=_keep_current(known, current, "not on the roster"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text="None ticked: any.",
            )
            self.initial[f"{role}_{key}"] = list(current)
        self.fields[f"{role}_min_tenure_months"] = _number(
            "Minimum tenure (months)", 0, 600, required=False
        )
        self.initial[f"{role}_min_tenure_months"] = rule.min_tenure_months

    def role_sections(self, labels: Mapping[str, str]) -> list[RoleSection]:
        return [
            RoleSection(
                role=role,
                label=labels[role],
                min_stage=self[f"{role}_min_stage"],
                max_stage=self[f"{role}_max_stage"],
                departments=self[f"{role}_departments"],
                locations=self[f"{role}_locations"],
                min_tenure_months=self[f"{role}_min_tenure_months"],
            )
            for role in ROLES
        ]

    def date_fields(self) -> list[forms.BoundField]:
        return [self[f] for f in DATE_FIELDS if f in self.fields]

    def eligibility(self) -> Eligibility:
        data = self.cleaned_data
        return Eligibility(
            {
                role: RoleRule(
                    min_stage=data.get(f"{role}_min_stage"),
                    max_stage=data.get(f"{role}_max_stage"),
                    departments=tuple(data.get(f"{role}_departments") or ()),
                    locations=tuple(data.get(f"{role}_locations") or ()),
                    min_tenure_months=data.get(f"{role}_min_tenure_months") or 0,
                )
                for role in ROLES
            }
        )

    def to_settings(self, rules: Rules, weights: Weights, objective: Objective) -> ProgramSettings:
        data = self.cleaned_data
        return ProgramSettings(
            name=data["name"],
            description=data["description"],
            mentor_label=data["mentor_label"],
            mentee_label=data["mentee_label"],
            goals=tuple(data["goals"]),
            meeting_cadence_days=data["meeting_cadence_days"],
            session_minutes=data["session_minutes"],
            default_mentor_capacity=data["default_mentor_capacity"],
            charter=data["charter"],
            eligibility=self.eligibility(),
            rules=rules,
            weights=weights,
            objective=objective.value,
        )

    def cohort_dates(self) -> CohortDates | None:
        if self.cohort is None:
            return None
        return CohortDates(**{f: self.cleaned_data[f] for f in DATE_FIELDS})


def default_new_start(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(weeks=4)
