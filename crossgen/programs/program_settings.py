"""A program's settings as plain data, and every check on them.

The checks report every problem at once, keyed by the name of the form field
that holds the bad value (``mentor_min_stage``, ``enrolment_closes``,
``weight_forward``...), so a page can put each message next to its field and
a service can refuse a change with all of them. They take the organisation's
facts (ladder, roster departments and locations) as plain values, so they need
no database and can run in a form, a service or a test alike.
"""

from __future__ import annotations

import calendar
import dataclasses
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.utils.translation import ngettext

from crossgen.matching.problem import Objective, Rules, Weights
from crossgen.programs.eligibility import ROLES, Eligibility, RoleRule
from crossgen.programs.models import ProgramGoal, ProgramKind
from crossgen.programs.rule_help import NOT_EDITABLE_RULES, WEIGHT_PREFIX, label_for

if TYPE_CHECKING:
    from crossgen.programs.models import Cohort, Program

MAX_CAPACITY = 3
MAX_WEIGHT = 1000.0  # the engine's limit (crossgen.matching.checks)
MAX_TENURE_MONTHS = 600
CADENCE_DAYS = (1, 90)
SESSION_MINUTES = (15, 240)
MAX_NAME = 150
MAX_LABEL = 60
MAX_DESCRIPTION = 2000
MAX_CHARTER = 10_000
COHORT_MONTHS = 6
ENROLMENT_WEEKS = 3


class ProgramSettingsError(ValueError):
    """Everything wrong with a program's or a cohort's settings.

    ``problems`` maps a form field name to a message a program manager can act on.
    """

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems.items()))


@dataclass(frozen=True, slots=True, kw_only=True)
class CohortDates:
    enrolment_opens: date
    enrolment_closes: date
    starts_on: date
    ends_on: date

    @classmethod
    def of(cls, cohort: Cohort) -> CohortDates:
        return cls(
            enrolment_opens=cohort.enrolment_opens,
            enrolment_closes=cohort.enrolment_closes,
            starts_on=cohort.starts_on,
            ends_on=cohort.ends_on,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgramSettings:
    """Everything a program manager edits on the settings page."""

    name: str
    description: str = ""
    mentor_label: str
    mentee_label: str
    goals: tuple[str, ...]
    meeting_cadence_days: int
    session_minutes: int
    default_mentor_capacity: int
    charter: str
    eligibility: Eligibility
    rules: Rules
    weights: Weights
    objective: str

    @classmethod
    def of(cls, program: Program) -> ProgramSettings:
        return cls(
            name=program.name,
            description=program.description,
            mentor_label=program.mentor_label,
            mentee_label=program.mentee_label,
            goals=tuple(program.goals or ()),
            meeting_cadence_days=program.meeting_cadence_days,
            session_minutes=program.session_minutes,
            default_mentor_capacity=program.default_mentor_capacity,
            charter=program.charter,
            eligibility=Eligibility.from_json(program.eligibility),
            rules=rules_from_json(program.matching_rules),
            weights=weights_from_json(program.matching_weights),
            objective=program.objective,
        )

    def flat(self) -> dict[str, Any]:
        """Every setting under a dotted name, for audit diffs (``rules.min_stage_gap``)."""
        values: dict[str, Any] = {
            "name": self.name,
            "description": self.description,
            "mentor_label": self.mentor_label,
            "mentee_label": self.mentee_label,
            "goals": sorted(self.goals),
            "meeting_cadence_days": self.meeting_cadence_days,
            "session_minutes": self.session_minutes,
            "default_mentor_capacity": self.default_mentor_capacity,
            "charter": self.charter,
            "objective": self.objective,
        }
        for role, rule in self.eligibility.rules.items():
            for key, value in rule.to_json().items():
                values[f"eligibility.{role}.{key}"] = value
        values.update({f"rules.{k}": v for k, v in rules_to_json(self.rules).items()})
        values.update({f"weights.{k}": v for k, v in weights_to_json(self.weights).items()})
        return values


# -- Rules and weights as stored on a program -------------------------------------------


def rules_to_json(rules: Rules) -> dict[str, Any]:
    return {
        item.name: getattr(rules, item.name)
        for item in dataclasses.fields(Rules)
        if item.name not in NOT_EDITABLE_RULES
    }


def rules_from_json(data: Mapping[str, Any] | None) -> Rules:
    """The stored rules; keys the engine no longer knows are ignored."""
    known = {item.name for item in dataclasses.fields(Rules)} - NOT_EDITABLE_RULES
    return Rules(**{k: v for k, v in (data or {}).items() if k in known})


def weights_to_json(weights: Weights) -> dict[str, float]:
    return {item.name: getattr(weights, item.name) for item in dataclasses.fields(Weights)}


def weights_from_json(data: Mapping[str, Any] | None) -> Weights:
    known = {item.name for item in dataclasses.fields(Weights)}
    return Weights(**{k: float(v) for k, v in (data or {}).items() if k in known})


# -- Checks -------------------------------------------------------------------------------


def rule_problems(
    rules: Rules, weights: Weights, objective: str, *, stage_count: int | None = None
) -> dict[str, str]:
    """Problems with matching rules and weights (``stage_count``: the ladder's length, if known)."""
    problems: dict[str, str] = {}
    gap_label = label_for("min_stage_gap")
    if rules.min_stage_gap < 0:
        problems["min_stage_gap"] = f"{gap_label} cannot be negative."
    elif stage_count is not None and rules.min_stage_gap > max(stage_count - 1, 0):
        problems["min_stage_gap"] = (
            f"{gap_label} is {rules.min_stage_gap}, but the career ladder has {stage_count} "
            f"stages, so the largest possible gap is {max(stage_count - 1, 0)}: "
            "no one could be matched."
        )
    if rules.max_stage_gap is not None:
        if rules.max_stage_gap < 0:
            problems["max_stage_gap"] = f"{label_for('max_stage_gap')} cannot be negative."
        elif rules.max_stage_gap < rules.min_stage_gap:
            problems["max_stage_gap"] = (
                f"{label_for('max_stage_gap')} must be at least the minimum gap "
                f"({rules.min_stage_gap}), or empty for no limit."
            )
    hours = rules.min_overlap_hours
    if not (math.isfinite(hours) and 0 <= hours <= 24):
        problems["min_overlap_hours"] = (
            f"{label_for('min_overlap_hours')} must be between 0 (no rule) and 24."
        )
    values = {item.name: getattr(weights, item.name) for item in dataclasses.fields(Weights)}
    for field, value in values.items():
        name = f"{WEIGHT_PREFIX}{field}"
        if not math.isfinite(value):
            problems[name] = f"{label_for(name)} must be a number."
        elif value < 0:
            problems[name] = f"{label_for(name)} cannot be negative: use 0 to ignore this part."
        elif value > MAX_WEIGHT:
            problems[name] = f"{label_for(name)} is at most {MAX_WEIGHT:g}."
    if all(math.isfinite(v) and v == 0 for v in values.values()):
        problems["weights"] = (
            "At least one weight must be above zero: with every weight at zero all pairs "
            "score the same and matching cannot prefer a better pair."
        )
    if objective not in {o.value for o in Objective}:
        choices = ", ".join(o.value for o in Objective)
        problems["objective"] = f"Choose one of the objectives ({choices})."
    return problems


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day if it is shorter.

    >>> add_months(date(2026, 8, 31), 6)
    datetime.date(2027, 2, 28)
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_cohort_dates(
    start: date, *, today: date, months: int = COHORT_MONTHS, weeks: int = ENROLMENT_WEEKS
) -> CohortDates:
    """Six months from ``start``; enrolment the three weeks before it. When the
    start is near, the window opens today and closes the day before the start
    (or today, if the cohort starts today)."""
    opens = max(today, start - timedelta(weeks=weeks))
    closes = max(opens, start - timedelta(days=1))
    return CohortDates(
        enrolment_opens=opens,
        enrolment_closes=closes,
        starts_on=start,
        ends_on=add_months(start, months),
    )


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def cohort_date_problems(dates: CohortDates) -> dict[str, str]:
    problems: dict[str, str] = {}
    if dates.enrolment_closes < dates.enrolment_opens:
        problems["enrolment_closes"] = (
            f"The enrolment window ends before it starts: it opens on "
            f"{_day(dates.enrolment_opens)}, so it must close on that day or later."
        )
    if dates.ends_on <= dates.starts_on:
        problems["ends_on"] = (
            f"The cohort ends before it starts: it starts on {_day(dates.starts_on)}, "
            "so it must end after that day."
        )
    elif dates.enrolment_closes > dates.ends_on and "enrolment_closes" not in problems:
        problems["enrolment_closes"] = (
            f"Enrolment must close before the cohort ends ({_day(dates.ends_on)})."
        )
    return problems


@dataclass(frozen=True, slots=True)
class OrganizationFacts:
    """What the checks need to know about the organisation."""

    stage_names: Mapping[int, str]  # rank -> name, 1 = most junior
    departments: Collection[str]  # on the roster (active employees)
    locations: Collection[str]

    @property
    def stage_count(self) -> int:
        return len(self.stage_names)


def _role_label(settings: ProgramSettings, role: str) -> str:
    label = settings.mentor_label if role == "mentor" else settings.mentee_label
    return label.strip() or ("Mentor" if role == "mentor" else "Mentee")


def _rule_is_empty(rule: RoleRule) -> bool:
    return (
        rule.min_stage is None
        and rule.max_stage is None
        and not rule.departments
        and not rule.locations
        and not rule.min_tenure_months
    )


def eligibility_problems(settings: ProgramSettings, facts: OrganizationFacts) -> dict[str, str]:
    problems: dict[str, str] = {}
    for role in ROLES:
        rule = settings.eligibility.rules.get(role) or RoleRule()
        label = _role_label(settings, role)
        if _rule_is_empty(rule):
            problems[f"{role}_min_stage"] = (
                f"{label}: say who may join this side, at least with a career-stage range. "
                "An empty rule would let anyone in."
            )
            continue
        for key in ("min_stage", "max_stage"):
            rank = getattr(rule, key)
            if rank is not None and rank not in facts.stage_names:
                problems[f"{role}_{key}"] = (
                    f"{label}: stage {rank} is not on the career ladder "
                    f"(it has {facts.stage_count} stages)."
                )
        if (
            rule.min_stage is not None
            and rule.max_stage is not None
            and rule.min_stage > rule.max_stage
            and f"{role}_max_stage" not in problems
        ):
            problems[f"{role}_max_stage"] = (
                f"{label}: the highest stage ({facts.stage_names.get(rule.max_stage, rule.max_stage)}) "
                f"is below the lowest ({facts.stage_names.get(rule.min_stage, rule.min_stage)})."
            )
        for key, known, noun in (
            ("departments", facts.departments, "department"),
            ("locations", facts.locations, "location"),
        ):
            unknown = [value for value in getattr(rule, key) if value not in known]
            if unknown:
                problems[f"{role}_{key}"] = (
                    f"{label}: not a {noun} on the roster: {', '.join(sorted(unknown))}."
                )
        if not 0 <= rule.min_tenure_months <= MAX_TENURE_MONTHS:
            problems[f"{role}_min_tenure_months"] = (
                f"{label}: minimum tenure runs from 0 to {MAX_TENURE_MONTHS} months."
            )
    return problems


def _pairing_problems(
    settings: ProgramSettings, kind: str, facts: OrganizationFacts, *, ranges_ok: bool
) -> dict[str, str]:
    """A reverse program needs a junior side; and the stage ranges must leave a pair possible."""
    gap = settings.rules.min_stage_gap
    if kind == ProgramKind.REVERSE and gap < 1:
        return {
            "min_stage_gap": "In reverse mentoring the mentor is junior to the mentee: "
            "the minimum gap is at least 1."
        }
    mentor = settings.eligibility.rules.get("mentor") or RoleRule()
    mentee = settings.eligibility.rules.get("mentee") or RoleRule()
    lowest_mentor = mentor.min_stage or 1
    highest_mentee = mentee.max_stage or facts.stage_count
    if ranges_ok and facts.stage_count and highest_mentee - lowest_mentor < gap:
        return {
            "min_stage_gap": (
                f"With these career-stage ranges no {_role_label(settings, 'mentor')} is "
                + ngettext("%(n)s stage", "%(n)s stages", gap) % {"n": gap}
                + f" below any {_role_label(settings, 'mentee')}: no pair could be made."
            )
        }
    return {}


def settings_problems(
    settings: ProgramSettings, *, kind: str, facts: OrganizationFacts
) -> dict[str, str]:
    """Every problem with a program's settings, keyed by form field name."""
    problems: dict[str, str] = {}
    name = settings.name.strip()
    if not name:
        problems["name"] = "Give the program a name."
    elif len(name) > MAX_NAME:
        problems["name"] = f"The name is at most {MAX_NAME} characters."
    if len(settings.description) > MAX_DESCRIPTION:
        problems["description"] = f"The description is at most {MAX_DESCRIPTION} characters."
    for field, side, example in (
        ("mentor_label", "junior", "Reverse mentor"),
        ("mentee_label", "senior", "Senior mentee"),
    ):
        label = getattr(settings, field).strip()
        if not label:
            problems[field] = f"Name the {side} side, for example “{example}”."
        elif len(label) > MAX_LABEL:
            problems[field] = f"A role name is at most {MAX_LABEL} characters."
    if (
        "mentor_label" not in problems
        and "mentee_label" not in problems
        and settings.mentor_label.strip().casefold() == settings.mentee_label.strip().casefold()
    ):
        problems["mentee_label"] = "The two sides need different names."
    known_goals = {g.value for g in ProgramGoal}
    unknown_goals = [g for g in settings.goals if g not in known_goals]
    if unknown_goals:
        problems["goals"] = f"Unknown goal: {', '.join(unknown_goals)}."
    elif not settings.goals:
        problems["goals"] = "Choose at least one goal the program serves."
    low, high = CADENCE_DAYS
    if not low <= settings.meeting_cadence_days <= high:
        problems["meeting_cadence_days"] = f"Suggest a meeting every {low} to {high} days."
    low, high = SESSION_MINUTES
    if not low <= settings.session_minutes <= high:
        problems["session_minutes"] = f"A session lasts {low} to {high} minutes."
    if not 1 <= settings.default_mentor_capacity <= MAX_CAPACITY:
        problems["default_mentor_capacity"] = (
            f"A mentor takes 1 to {MAX_CAPACITY} mentees (got {settings.default_mentor_capacity})."
        )
    if len(settings.charter) > MAX_CHARTER:
        problems["charter"] = f"The charter is at most {MAX_CHARTER:,} characters."
    problems.update(eligibility_problems(settings, facts))
    rule_checks = rule_problems(
        settings.rules, settings.weights, settings.objective, stage_count=facts.stage_count
    )
    problems.update(rule_checks)
    if "min_stage_gap" not in problems:
        ranges_ok = not any(key.startswith(role) for key in problems for role in ROLES)
        problems.update(_pairing_problems(settings, kind, facts, ranges_ok=ranges_ok))
    return problems
