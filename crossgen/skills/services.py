"""Installing the curated taxonomy into an organisation and adding its own skills."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from crossgen.accounts.models import User
from crossgen.audit.services import audit_record
from crossgen.skills.models import Skill, SkillCategory, SkillSide
from crossgen.taxonomy import load_starter_taxonomy
from crossgen.taxonomy.normalize import normalize
from crossgen.tenancy.models import Organization


@transaction.atomic
def skills_install_starter_taxonomy(*, organization: Organization) -> int:
    """Copy the curated starter taxonomy into the organisation (idempotent:
    skills already there by slug are left as the organisation edited them).
    Returns how many skills were added."""
    taxonomy = load_starter_taxonomy()
    categories = {c.slug: c for c in SkillCategory.objects.for_org(organization)}
    for category in taxonomy.categories:
        if category.slug not in categories:
            categories[category.slug] = SkillCategory.objects.create(
                organization=organization,
                slug=category.slug,
                name=category.name,
                description=category.description,
            )
    existing = set(Skill.objects.for_org(organization).values_list("slug", flat=True))
    new_skills = [
        Skill(
            organization=organization,
            slug=skill.slug,
            name=skill.name,
            category=categories[skill.category],
            description=skill.description,
            aliases=list(skill.aliases),
            side=skill.side,
            source=f"starter:{taxonomy.version}",
        )
        for skill in taxonomy.skills
        if skill.slug not in existing
    ]
    Skill.objects.bulk_create(new_skills)
    return len(new_skills)


class SkillError(ValueError):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class SkillTerms:
    """Every name and alias of the organisation's skills, normalised, so that a
    new skill cannot shadow an existing one ("Gen AI" when "GenAI" exists)."""

    owner_of: dict[str, str]

    @classmethod
    def of(cls, organization: Organization) -> SkillTerms:
        owner_of: dict[str, str] = {}
        for name, aliases in Skill.objects.for_org(organization).values_list("name", "aliases"):
            for term in [name, *aliases]:
                owner_of.setdefault(normalize(term), name)
        return cls(owner_of)


@transaction.atomic
def skill_create(
    *,
    organization: Organization,
    actor: User | None,
    name: str,
    category: SkillCategory,
    description: str = "",
    aliases: list[str] | None = None,
    side: str = SkillSide.BOTH,
) -> Skill:
    name = name.strip()
    aliases = [a.strip() for a in (aliases or []) if a.strip()]
    problems: dict[str, str] = {}
    if not name:
        problems["name"] = "A skill needs a name."
    elif len(name) > 120:
        problems["name"] = "At most 120 characters."
    slug = slugify(name)[:80]
    if name and not slug:
        problems["name"] = "Use at least one letter or digit."
    terms = SkillTerms.of(organization)
    for field, term in [("name", name), *(("aliases", a) for a in aliases)]:
        owner = terms.owner_of.get(normalize(term)) if term else None
        if owner:
            problems.setdefault(field, f'"{term}" is already a name or alias of "{owner}".')
    if side not in SkillSide.values:
        problems["side"] = "Choose digital, experience or both."
    if Skill.objects.for_org(organization).filter(slug=slug).exists():
        problems.setdefault("name", f'A skill with the identifier "{slug}" exists already.')
    if problems:
        raise SkillError(problems)
    skill = Skill.objects.create(
        organization=organization,
        slug=slug,
        name=name,
        category=category,
        description=description.strip()[:2000],
        aliases=aliases,
        side=side,
        source="custom",
    )
    audit_record(
        organization=organization,
        actor=actor,
        action="skill.created",
        target=f"Skill {skill.pk}",
        details={"name": name, "aliases": aliases},
    )
    return skill
