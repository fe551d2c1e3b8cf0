"""The matching problem as plain data: people, rules, weights.

This module is the contract between the engine's parts (scoring, feasibility,
solvers, explanations) and its callers (the CLI, the Django app). It imports
nothing from Django, nor from the rest of the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


class Role(StrEnum):
    """Which side of a reverse-mentoring pair a person is on."""

    MENTOR = "mentor"  # the junior side: teaches digital skills and culture
    MENTEE = "mentee"  # the senior side: learns, and shares institutional knowledge back


class Objective(StrEnum):
    MAX_TOTAL = "max-total"
    MAX_PARTICIPATION = "max-participation"
    FAIR = "fair"
    STABLE = "stable"


def _frozen_levels(levels: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(levels))


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """One row of the participants file.

    ``role`` is ``None`` for people who are in the file only so that reporting
    chains resolve (managers who do not take part).
    ``teaches`` maps a skill slug to a proficiency 1-4; ``learns`` maps a skill
    slug to an interest 1-3. ``work_start_hour``/``work_end_hour`` are local
    working hours in the person's IANA ``timezone``.
    """

    id: str
    role: Role | None
    career_stage: int
    department: str = ""
    location: str = ""
    timezone: str = "UTC"
    manager_id: str | None = None
    teaches: Mapping[str, int] = field(default_factory=dict)
    learns: Mapping[str, int] = field(default_factory=dict)
    capacity: int = 1
    do_not_pair: frozenset[str] = frozenset()
    previous_partners: frozenset[str] = frozenset()
    work_start_hour: float = 9.0
    work_end_hour: float = 17.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "teaches", _frozen_levels(self.teaches))
        object.__setattr__(self, "learns", _frozen_levels(self.learns))


@dataclass(frozen=True, slots=True, kw_only=True)
class Rules:
    """Hard rules: a pair that breaks one is never made (except a pinned pair,
    which the program manager chose by hand and is kept as given)."""

    min_stage_gap: int = 1
    """The mentor's career stage is lower than the mentee's by at least this."""
    max_stage_gap: int | None = None
    """...and by at most this, if set."""
    forbid_reporting_chain: bool = True
    """Never pair two people where one is an ancestor of the other in the manager tree."""
    forbid_same_manager: bool = False
    """Never pair two people who report to the same manager."""
    forbid_same_department: bool = False
    """Never pair two people of the same department."""
    min_overlap_hours: float = 2.0
    """Minimum shared working hours across the two time zones (0 disables the rule)."""
    forbid_previous_partners: bool = True
    """Never pair two people who have been partners before."""
    reference_date: str = "2026-01-15"
    """ISO date on which time-zone offsets are evaluated (daylight saving matters)."""
    pinned: tuple[tuple[str, str], ...] = ()
    """(mentor_id, mentee_id) pairs kept as given; the rest is optimised around them."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Weights:
    """How much each part of a pair's score counts. Every part is in [0, 1]
    before weighting, so the weights read as relative importance."""

    forward: float = 1.0
    """How well the mentor's teachable skills cover the mentee's learning goals."""
    reciprocal: float = 0.5
    """How well the mentee's skills cover the mentor's goals (insight flows both ways)."""
    diversity: float = 0.3
    """Different department, different location, a larger career-stage gap."""
    timezone: float = 0.2
    """Comfort of the working-hours overlap."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """Everyone in the file (participants and the managers that complete the
    reporting chains), the rules, the weights and the objective."""

    people: tuple[Person, ...]
    rules: Rules = Rules()
    weights: Weights = Weights()
    objective: Objective = Objective.MAX_TOTAL
    seed: int = 0

    @property
    def mentors(self) -> tuple[Person, ...]:
        return tuple(p for p in self.people if p.role is Role.MENTOR)

    @property
    def mentees(self) -> tuple[Person, ...]:
        return tuple(p for p in self.people if p.role is Role.MENTEE)
