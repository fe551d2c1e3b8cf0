"""Who may enrol in a program, and on which side.

A program's ``eligibility`` holds one rule per role::

    {"mentor": {"min_stage": 1, "max_stage": 3, "departments": [], "locations": [],
                "min_tenure_months": 0},
     "mentee": {"min_stage": 4, "max_stage": None, ...}}

Stages are ranks on the organisation's career ladder (1 = most junior). Empty
department/location lists mean "any". The reverse-mentoring template puts the
junior half of the ladder on the mentor side and the senior half on the
mentee side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crossgen.people.models import Employee

ROLES = ("mentor", "mentee")


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleRule:
    min_stage: int | None = None
    max_stage: int | None = None
    departments: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    min_tenure_months: int = 0

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> RoleRule:
        data = data or {}
        return cls(
            min_stage=data.get("min_stage"),
            max_stage=data.get("max_stage"),
            departments=tuple(data.get("departments") or ()),
            locations=tuple(data.get("locations") or ()),
            min_tenure_months=int(data.get("min_tenure_months") or 0),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "min_stage": self.min_stage,
            "max_stage": self.max_stage,
            "departments": list(self.departments),
            "locations": list(self.locations),
            "min_tenure_months": self.min_tenure_months,
        }

    def reasons_against(
        self,
        *,
        stage_rank: int,
        department: str,
        location: str,
        hire_date: date | None,
        today: date,
    ) -> list[str]:
        """Plain reasons this person is not eligible (empty: eligible)."""
        reasons = []
        if self.min_stage is not None and stage_rank < self.min_stage:
            reasons.append("career stage is below this role's range")
        if self.max_stage is not None and stage_rank > self.max_stage:
            reasons.append("career stage is above this role's range")
        if self.departments and department not in self.departments:
            reasons.append("department is not part of this program")
        if self.locations and location not in self.locations:
            reasons.append("location is not part of this program")
        if self.min_tenure_months:
            months = (
                None
                if hire_date is None
                else (today.year - hire_date.year) * 12 + today.month - hire_date.month
            )
            if months is None or months < self.min_tenure_months:
                reasons.append(f"needs at least {self.min_tenure_months} months with the company")
        return reasons


@dataclass(frozen=True, slots=True)
class Eligibility:
    rules: dict[str, RoleRule] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Eligibility:
        data = data or {}
        return cls({role: RoleRule.from_json(data.get(role)) for role in ROLES})

    def to_json(self) -> dict[str, Any]:
        return {role: rule.to_json() for role, rule in self.rules.items()}

    def roles_for(self, employee: Employee, *, today: date) -> list[str]:
        """The roles this employee may take (both, one or none)."""
        return [role for role in ROLES if not self.reasons_against(employee, role, today=today)]

    def reasons_against(self, employee: Employee, role: str, *, today: date) -> list[str]:
        if not employee.is_active:
            return ["is no longer on the roster"]
        return self.rules[role].reasons_against(
            stage_rank=employee.career_stage.rank,
            department=employee.department,
            location=employee.location,
            hire_date=employee.hire_date,
            today=today,
        )
