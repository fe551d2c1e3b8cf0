"""The demo company as plain, frozen data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crossgen.demodata.orgdata import CAREER_STAGES, Location

type SkillLevels = tuple[tuple[str, int], ...]
"""``(slug, level)`` pairs, strongest first as drawn; ``dict(levels)`` gives a mapping."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Employee:
    """One roster row plus the person's skills.

    Small and slotted on purpose: a 200,000-person company holds 200,000 of
    these. ``teaches`` holds proficiency 1-4, ``learns`` interest 1-3, both
    keyed by slugs of the starter taxonomy.
    """

    employee_id: str
    first_name: str
    last_name: str
    email: str
    job_title: str
    department: str
    location: str
    timezone: str
    manager_id: str | None
    hire_date: date
    stage_index: int
    """Position on the career ladder, 0 = Early career ... 5 = Executive."""
    teaches: SkillLevels
    learns: SkillLevels

    @property
    def career_stage(self) -> str:
        return CAREER_STAGES[self.stage_index]


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoCompany:
    """A generated company. ``employees`` are ordered so that every manager
    comes before their reports; the first one is the CEO."""

    name: str
    seed: int
    as_of: date
    """The day the roster describes; hire dates are on or before it."""
    email_domain: str
    taxonomy_version: str
    employees: tuple[Employee, ...]
    departments: tuple[str, ...]
    locations: tuple[Location, ...]
    career_stages: tuple[str, ...] = CAREER_STAGES

    def __len__(self) -> int:
        return len(self.employees)
