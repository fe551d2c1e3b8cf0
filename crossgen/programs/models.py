"""Programs, their cohorts, invitations and enrolments.

A **program** is one reverse-mentoring initiative with its rules (eligibility,
matching rules and weights); a **cohort** is a time-boxed round of it with an
enrolment window; an **enrolment** is a person's sign-up with their
questionnaire. Role names shown to people ("Reverse mentor", "Senior mentee")
are per program; in code the junior side is always the *mentor*.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from crossgen.tenancy.scoping import TenantOwned


class ProgramKind(models.TextChoices):
    REVERSE = "reverse", "Reverse mentoring"
    RECIPROCAL = "reciprocal", "Reciprocal mentoring (both sides teach)"


class ProgramGoal(models.TextChoices):
    DIGITAL_SKILLS = "digital_skills", "Close the digital-skills gap"
    DIVERSITY_INCLUSION = "diversity_inclusion", "Diversity and inclusion"
    INNOVATION = "innovation", "Innovation"
    RELATIONSHIPS = "relationships", "Cross-generational relationships and networks"


class Program(TenantOwned):
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=12, choices=ProgramKind.choices, default=ProgramKind.REVERSE)
    mentor_label = models.CharField(max_length=60, default="Reverse mentor")
    mentee_label = models.CharField(max_length=60, default="Senior mentee")
    goals = models.JSONField(default=list, blank=True)  # ProgramGoal values
    meeting_cadence_days = models.PositiveSmallIntegerField(default=14)
    session_minutes = models.PositiveSmallIntegerField(default=45)
    default_mentor_capacity = models.PositiveSmallIntegerField(default=1)
    # Per role: {"min_stage": rank|None, "max_stage": rank|None, "departments": [...],
    # "locations": [...], "min_tenure_months": int}. See crossgen.programs.eligibility.
    eligibility = models.JSONField(default=dict, blank=True)
    # The engine's Rules and Weights fields (crossgen.matching.problem), minus pinned pairs.
    matching_rules = models.JSONField(default=dict, blank=True)
    matching_weights = models.JSONField(default=dict, blank=True)
    objective = models.CharField(max_length=24, default="max-participation")
    charter = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_archived = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(default_mentor_capacity__gte=1) & Q(default_mentor_capacity__lte=3),
                name="program_capacity_1_to_3",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CohortStatus(models.TextChoices):
    """A cohort's life, in this order; it only moves forward:

    DRAFT (made, nobody invited yet) → ENROLLING (the first invitations went
    out) → MATCHING (the first match run started: later sign-ups are
    waitlisted) → PUBLISHED (its pairs are relationships) → CLOSED.
    """

    DRAFT = "draft", "Draft"
    ENROLLING = "enrolling", "Enrolling"
    MATCHING = "matching", "Matching"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"


COHORT_STATUS_ORDER: tuple[str, ...] = tuple(CohortStatus.values)


class Cohort(TenantOwned):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=150)
    enrolment_opens = models.DateField()
    enrolment_closes = models.DateField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=CohortStatus.choices, default=CohortStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(enrolment_closes__gte=models.F("enrolment_opens")),
                name="cohort_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="cohort_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def advance_status(self, status: CohortStatus) -> bool:
        """Move the cohort forward to ``status`` if it is at an earlier step
        (never backward); one conditional UPDATE, safe against a concurrent
        change. Returns whether it moved."""
        earlier = COHORT_STATUS_ORDER[: COHORT_STATUS_ORDER.index(status)]
        moved = (
            Cohort.objects.for_org(self.organization_id)
            .filter(pk=self.pk, status__in=earlier)
            .update(status=status)
        )
        if moved:
            self.status = status
        return bool(moved)


class Invitation(TenantOwned):
    """A personal, expiring, single-use link. Only the SHA-256 of the token is
    stored: a leaked database does not leak working links."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "cohort", "employee"])]

    def __str__(self) -> str:
        return f"Invitation {self.pk}"


class EnrolmentRole(models.TextChoices):
    MENTOR = "mentor", "Mentor (junior side)"
    MENTEE = "mentee", "Mentee (senior side)"


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    WAITLISTED = "waitlisted", "Waitlisted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class MeetingPreference(models.TextChoices):
    VIDEO = "video", "Video call"
    IN_PERSON = "in_person", "In person"
    EITHER = "either", "Either"


class Enrolment(TenantOwned):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+")
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=6, choices=EnrolmentRole.choices)
    status = models.CharField(
        max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    teaches = models.JSONField(default=dict, blank=True)  # skill slug -> proficiency 1-4
    learns = models.JSONField(default=dict, blank=True)  # skill slug -> interest 1-3
    other_topics = models.CharField(max_length=500, blank=True)  # free text we could not map
    timezone = models.CharField(max_length=64)
    work_start_hour = models.PositiveSmallIntegerField(default=9)
    work_end_hour = models.PositiveSmallIntegerField(default=17)
    meeting_preference = models.CharField(
        max_length=10, choices=MeetingPreference.choices, default=MeetingPreference.EITHER
    )
    capacity = models.PositiveSmallIntegerField(default=1)
    bio = models.TextField(blank=True, max_length=1000)
    consented_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "employee"], name="one_enrolment_per_cohort"),
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=3), name="enrolment_capacity_1_to_3"
            ),
            models.CheckConstraint(
                condition=Q(work_end_hour__gt=models.F("work_start_hour"))
                & Q(work_end_hour__lte=24),
                name="enrolment_hours_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"Enrolment {self.pk} ({self.role})"
