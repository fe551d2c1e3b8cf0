"""Each organisation's skill taxonomy (installed from the curated starter
taxonomy, plus its own skills) and what each employee can teach and wants to learn."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from crossgen.tenancy.scoping import TenantOwned


class SkillCategory(TenantOwned):
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "skill categories"
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="category_slug_unique")
        ]

    def __str__(self) -> str:
        return self.name


class SkillSide(models.TextChoices):
    DIGITAL = "digital", "Digital (usually taught by the junior mentor)"
    EXPERIENCE = "experience", "Experience (usually shared by the senior mentee)"
    BOTH = "both", "Both directions"


class Skill(TenantOwned):
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=120)
    category = models.ForeignKey(SkillCategory, on_delete=models.PROTECT, related_name="skills")
    description = models.TextField(blank=True)
    aliases = models.JSONField(default=list, blank=True)
    side = models.CharField(max_length=12, choices=SkillSide.choices, default=SkillSide.BOTH)
    # "starter:<version>" for skills installed from the curated taxonomy, "custom" otherwise.
    source = models.CharField(max_length=40, default="custom")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="skill_slug_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Direction(models.TextChoices):
    TEACH = "teach", "Can teach"
    LEARN = "learn", "Wants to learn"


MAX_LEVEL = {Direction.TEACH: 4, Direction.LEARN: 3}
LEVEL_LABELS = {
    Direction.TEACH: {1: "Basic", 2: "Working", 3: "Strong", 4: "Expert"},
    Direction.LEARN: {1: "Curious", 2: "Keen", 3: "Priority"},
}


class EmployeeSkill(TenantOwned):
    """A skill in one direction: proficiency 1-4 to teach, interest 1-3 to learn."""

    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="skill_entries"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    direction = models.CharField(max_length=5, choices=Direction.choices)
    level = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "skill", "direction"], name="employee_skill_direction_unique"
            ),
            models.CheckConstraint(
                condition=(Q(direction="teach") & Q(level__gte=1) & Q(level__lte=4))
                | (Q(direction="learn") & Q(level__gte=1) & Q(level__lte=3)),
                name="employee_skill_level_in_range",
            ),
        ]
        indexes = [models.Index(fields=["organization", "skill", "direction"])]

    def __str__(self) -> str:
        return f"{self.direction} {self.skill_id} @ {self.level}"

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[Direction(self.direction)].get(self.level, str(self.level))
