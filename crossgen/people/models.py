"""Employees of an organisation, its career-stage ladder, and the optional
diversity attributes kept apart from profiles.

No date of birth or age is stored anywhere: reverse mentoring pairs people by
career stage and tenure, and age is a protected characteristic.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from django.db import models
from django.db.models import Q

from crossgen.rosterfile.cells import email_key as address_key
from crossgen.tenancy.scoping import TenantOwned


def search_key(text: str) -> str:
    """Case- and accent-insensitive form used for directory search ("José" ~ "jose")."""
    if text.isascii():  # most names and addresses: no accents to strip
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def employee_search_text(
    first_name: str, last_name: str, email: str, job_title: str, external_id: str
) -> str:
    """What the directory search looks in, in its search form."""
    parts = (first_name, last_name, email, job_title, external_id)
    return search_key(" ".join(p for p in parts if p))[:800]


class CareerStage(TenantOwned):
    """One rung of the organisation's ordered career ladder (rank 1 = most junior)."""

    name = models.CharField(max_length=80)
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "rank"], name="stage_rank_unique"),
            models.UniqueConstraint(fields=["organization", "name"], name="stage_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Employee(TenantOwned):
    external_id = models.CharField("employee id", max_length=64)
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    email = models.CharField("work email", max_length=254)
    # NFKC + casefold of the address: case and Unicode variants are one person.
    email_key = models.CharField(max_length=254, editable=False)
    job_title = models.CharField(max_length=120, blank=True)
    department = models.CharField(max_length=120, blank=True)
    location = models.CharField(max_length=120, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    hire_date = models.DateField(null=True, blank=True)
    career_stage = models.ForeignKey(CareerStage, on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(default=True)
    search_text = models.CharField(max_length=800, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "external_id"], name="employee_external_id_unique"
            ),
            # Deactivated people free their address: companies reuse mailboxes.
            models.UniqueConstraint(
                fields=["organization", "email_key"],
                condition=Q(is_active=True),
                name="active_employee_email_unique",
            ),
            models.CheckConstraint(
                condition=~Q(manager=models.F("id")), name="employee_not_own_manager"
            ),
        ]
        # The directory's indexes cover its queries, so that counting, searching
        # and skipping to deep pages read the index, not 50,000 table rows.
        indexes = [
            models.Index(
                fields=[
                    "organization",
                    "is_active",
                    "last_name",
                    "first_name",
                    "id",
                    "search_text",
                ],
                name="employee_directory_idx",
            ),
            models.Index(
                fields=["organization", "is_active", "department"], name="employee_department_idx"
            ),
            models.Index(
                fields=["organization", "is_active", "location"], name="employee_location_idx"
            ),
            models.Index(fields=["organization", "career_stage"], name="employee_stage_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.email_key = address_key(self.email)
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def build_search_text(self) -> str:
        return employee_search_text(
            self.first_name, self.last_name, self.email, self.job_title, self.external_id
        )

    def tenure_years(self, today: date) -> float | None:
        if self.hire_date is None:
            return None
        return max(0.0, (today - self.hire_date).days / 365.25)


class DiversityAnswer(models.TextChoices):
    NOT_ANSWERED = "", "Not answered"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


class DiversityProfile(TenantOwned):
    """Optional, self-declared attributes, opt-in per person and only where the
    organisation enabled them. Stored apart from Employee so that no profile
    page or export touches them; reports aggregate them over groups large
    enough not to identify anyone."""

    employee = models.OneToOneField(Employee, on_delete=models.CASCADE, related_name="+")
    gender = models.CharField(max_length=60, blank=True)
    ethnicity = models.CharField(max_length=60, blank=True)
    disability = models.CharField(max_length=60, blank=True)
    sexual_orientation = models.CharField(max_length=60, blank=True)
    caregiver = models.CharField(max_length=60, blank=True)
    consented_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Diversity profile {self.pk}"
