"""Reads over skills: what a person teaches and learns, and the organisation's
digital-skills gap (what senior people want to learn versus who can teach it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from crossgen.people.models import CareerStage, Employee
from crossgen.skills.models import Direction, EmployeeSkill, Skill, SkillSide
from crossgen.tenancy.models import Organization


def skills_of(employee: Employee, direction: Direction) -> list[EmployeeSkill]:
    return list(
        employee.skill_entries.filter(direction=direction)
        .select_related("skill", "skill__category")
        .order_by("-level", "skill__name")
    )


@dataclass(frozen=True, slots=True)
class SkillGap:
    skill: str
    demand: int  # senior people who want to learn it
    supply: int  # junior people who can teach it well (proficiency 3+)
    share: float  # demand relative to the largest demand, for bar widths

    @property
    def demand_per_teacher(self) -> float | None:
        return self.demand / self.supply if self.supply else None


def senior_rank_threshold(organization: Organization) -> int:
    """Ranks above the middle of the ladder count as the senior side."""
    ranks = list(CareerStage.objects.for_org(organization).values_list("rank", flat=True))
    if not ranks:
        return 0
    ranks.sort()
    return ranks[len(ranks) // 2]


def digital_skills_gap(organization: Organization, *, limit: int = 8) -> list[SkillGap]:
    threshold = senior_rank_threshold(organization)
    entries = EmployeeSkill.objects.for_org(organization).filter(
        employee__is_active=True, skill__side=SkillSide.DIGITAL
    )
    demand_rows = (
        entries.filter(direction=Direction.LEARN, employee__career_stage__rank__gte=threshold)
        .values("skill")
        .annotate(n=Count("id"))
    )
    supply_rows = (
        entries.filter(
            Q(direction=Direction.TEACH, level__gte=3), employee__career_stage__rank__lt=threshold
        )
        .values("skill")
        .annotate(n=Count("id"))
    )
    demand = {row["skill"]: row["n"] for row in demand_rows}
    supply = {row["skill"]: row["n"] for row in supply_rows}
    top = sorted(demand.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    names = dict(
        Skill.objects.for_org(organization)
        .filter(pk__in=[k for k, _ in top])
        .values_list("pk", "name")
    )
    largest = max((n for _, n in top), default=1) or 1
    return [
        SkillGap(skill=names[pk], demand=n, supply=supply.get(pk, 0), share=n / largest)
        for pk, n in top
    ]
