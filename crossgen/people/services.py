"""Changes to an organisation's people data that are not roster imports."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F

from crossgen.accounts.models import User
from crossgen.audit.services import audit_record
from crossgen.people.models import CareerStage, DiversityProfile, Employee
from crossgen.rosterfile.cells import has_forbidden, stage_key
from crossgen.tenancy.models import Organization

DEFAULT_CAREER_LADDER = (
    "Early career",
    "Professional",
    "Senior professional",
    "Manager",
    "Director",
    "Executive",
)
MAX_LADDER_LENGTH = 12
MAX_STAGE_NAME = 80


class LadderError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _check_ladder(names: list[str]) -> list[str]:
    problems: list[str] = []
    if len(names) < 2:
        problems.append("A career ladder needs at least two stages.")
    if len(names) > MAX_LADDER_LENGTH:
        problems.append(f"A career ladder has at most {MAX_LADDER_LENGTH} stages.")
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        if len(name) > MAX_STAGE_NAME:
            problems.append(f"Stage {position} is longer than {MAX_STAGE_NAME} characters.")
        if has_forbidden(name):
            problems.append(f"Stage {position} contains control characters.")
        # The roster importer matches stage names by this key, so two names
        # that differ only in spacing, case or Unicode form are one stage.
        key = stage_key(name)
        if key in seen:
            problems.append(f'Stage {position} "{name}" appears twice.')
        seen.add(key)
    return problems


@transaction.atomic
def career_ladder_set(
    *, organization: Organization, actor: User | None, names: list[str]
) -> list[CareerStage]:
    """Replace the ladder with ``names`` (most junior first). Stages keep their
    identity by name, so renaming is remove + add; a stage still held by
    employees cannot be removed."""
    names = [n.strip() for n in names if n.strip()]
    problems = _check_ladder(names)
    stages = CareerStage.objects.for_org(organization)
    existing = {stage_key(stage.name): stage for stage in stages.select_for_update()}
    wanted = {stage_key(name) for name in names}
    removed = [stage for key, stage in existing.items() if key not in wanted]
    if removed:
        in_use = dict(
            Employee.objects.for_org(organization)
            .filter(career_stage__in=removed)
            .values("career_stage")
            .annotate(n=Count("id"))
            .values_list("career_stage", "n")
        )
        for stage in removed:
            if in_use.get(stage.pk):
                problems.append(
                    f'"{stage.name}" cannot be removed: {in_use[stage.pk]} employees are at that stage.'
                )
    if problems:
        raise LadderError(problems)
    for stage in removed:
        stage.delete()
    # Park ranks out of the way first: (organization, rank) is unique.
    stages.update(rank=F("rank") + 1000)
    result: list[CareerStage] = []
    for rank, name in enumerate(names, start=1):
        stage = existing.get(stage_key(name)) or CareerStage(organization=organization)
        stage.name, stage.rank = name, rank
        stage.save()
        result.append(stage)
    audit_record(
        organization=organization,
        actor=actor,
        action="career_ladder.set",
        details={"stages": names},
    )
    return result


@transaction.atomic
def organization_set_diversity(
    *, organization: Organization, actor: User | None, enabled: bool
) -> None:
    """Turn the optional diversity questions on or off. Turning them off also
    deletes every answer already given: people consented to this collection only."""
    organization.diversity_attributes_enabled = enabled
    organization.save(update_fields=["diversity_attributes_enabled"])
    deleted = 0
    if not enabled:
        deleted, _ = DiversityProfile.objects.for_org(organization).delete()
    audit_record(
        organization=organization,
        actor=actor,
        action="organization.diversity_enabled" if enabled else "organization.diversity_disabled",
        details={"answers_deleted": deleted},
    )
