"""Optional, self-declared diversity attributes: opt-in per person, only where
the organisation enabled them, "prefer not to say" always available, and
withdrawable at any time (the row is deleted)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from crossgen.accounts.models import User
from crossgen.audit.services import audit_record
from crossgen.people.models import DiversityProfile, Employee
from crossgen.tenancy.models import Organization

PREFER_NOT_TO_SAY = "Prefer not to say"
# Each attribute with the answers offered; people may also leave one unanswered.
DIVERSITY_QUESTIONS: dict[str, tuple[str, ...]] = {
    "gender": ("Woman", "Man", "Non-binary", "Self-described", PREFER_NOT_TO_SAY),
    "ethnicity": (
        "Asian", "Black", "Hispanic or Latino", "Middle Eastern or North African",
        "Mixed or multiple", "White", "Self-described", PREFER_NOT_TO_SAY,
    ),
    "disability": ("Yes", "No", PREFER_NOT_TO_SAY),
    "sexual_orientation": ("Heterosexual", "Gay or lesbian", "Bisexual", "Self-described", PREFER_NOT_TO_SAY),
    "caregiver": ("Yes", "No", PREFER_NOT_TO_SAY),
}  # fmt: skip


class DiversityError(ValueError):
    pass


@transaction.atomic
def diversity_profile_save(
    *, organization: Organization, employee: Employee, answers: dict[str, str], consent: bool
) -> DiversityProfile:
    if not organization.diversity_attributes_enabled:
        raise DiversityError("Your organisation does not collect diversity information.")
    if not consent:
        raise DiversityError("Tick the consent statement to save your answers.")
    clean: dict[str, str] = {}
    for question, offered in DIVERSITY_QUESTIONS.items():
        answer = answers.get(question, "")
        if answer and answer not in offered:
            raise DiversityError(
                f"Choose one of the offered answers for {question.replace('_', ' ')}."
            )
        clean[question] = answer
    profile, _ = DiversityProfile.objects.for_org(organization).update_or_create(
        organization=organization,
        employee=employee,
        defaults={**clean, "consented_at": timezone.now()},
    )
    # The audit log records that answers were given, never what they were.
    audit_record(
        organization=organization,
        actor=None,
        action="diversity.saved",
        target=f"Employee {employee.pk}",
    )
    return profile


@transaction.atomic
def diversity_profile_withdraw(
    *, organization: Organization, employee: Employee, actor: User | None
) -> None:
    DiversityProfile.objects.for_org(organization).filter(employee=employee).delete()
    audit_record(
        organization=organization,
        actor=actor,
        action="diversity.withdrawn",
        target=f"Employee {employee.pk}",
    )
