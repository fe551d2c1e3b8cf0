"""Match runs of a cohort, the program manager's decisions about pairs, and
the published relationships.

A **match run** is one execution of the engine over a cohort's enrolments; it
proposes pairs and explains every unmatched person. **Pair decisions** (pin,
forbid, set by hand) belong to the cohort, so a re-run keeps them. Publishing
a run creates **relationships** (the pairs people see), once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from crossgen.tenancy.scoping import TenantOwned


class Decision(models.TextChoices):
    PIN = "pin", "Pinned: keep this pair"
    FORBID = "forbid", "Broken: never propose this pair"
    MANUAL = "manual", "Set by hand"


class PairDecision(TenantOwned):
    cohort = models.ForeignKey(
        "programs.Cohort", on_delete=models.CASCADE, related_name="pair_decisions"
    )
    mentor = models.ForeignKey("programs.Enrolment", on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey("programs.Enrolment", on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=6, choices=Decision.choices)
    # A hand-made pair that breaks a hard rule needs a reason; the rules it breaks are kept.
    reason = models.TextField(blank=True)
    broken_rules = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "mentor", "mentee"], name="one_decision_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(broken_rules=[]) | ~Q(reason=""), name="rule_break_needs_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision} {self.mentor_id}-{self.mentee_id}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class MatchRun(TenantOwned):
    cohort = models.ForeignKey(
        "programs.Cohort", on_delete=models.CASCADE, related_name="match_runs"
    )
    number = models.PositiveIntegerField()  # 1, 2, 3 ... within the cohort
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    phase = models.CharField(max_length=120, blank=True)
    progress = models.FloatField(default=0.0)  # 0..1
    objective = models.CharField(max_length=24)
    rules = models.JSONField(default=dict)  # the rules and weights as run, for the record
    weights = models.JSONField(default=dict)
    stats = models.JSONField(
        default=dict, blank=True
    )  # coverage, total, average, certificate, timings
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="run_number_unique")
        ]

    def __str__(self) -> str:
        return f"Run {self.number}"


class ProposedPair(TenantOwned):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="pairs")
    mentor = models.ForeignKey("programs.Enrolment", on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey("programs.Enrolment", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    parts = models.JSONField(default=dict)  # forward, reciprocal, diversity, timezone
    explanation = models.JSONField(default=dict)  # skills each way, diversity facts, text
    pinned = models.BooleanField(default=False)
    manual = models.BooleanField(default=False)
    broken_rules = models.JSONField(default=list, blank=True)  # only for hand-made pairs
    override_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="one_mentor_per_mentee")
        ]
        # The review page counts, sorts and pages a run's pairs within one
        # organisation from this index alone, without reading the wide rows.
        indexes = [
            models.Index(fields=["organization", "run", "-score"], name="proposedpair_review_order")
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id} → {self.mentee_id}"


class UnmatchedEnrolment(TenantOwned):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="unmatched")
    enrolment = models.ForeignKey("programs.Enrolment", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    reason = models.TextField()
    ruled_out_by = models.JSONField(default=dict, blank=True)
    best_alternative = models.ForeignKey(
        "programs.Enrolment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Unmatched {self.enrolment_id}"


class RelationshipStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Relationship(TenantOwned):
    """A published pair: what participants see, and what later milestones
    (goals, sessions, check-ins, closure and rematch) hang from."""

    cohort = models.ForeignKey(
        "programs.Cohort", on_delete=models.CASCADE, related_name="relationships"
    )
    run = models.ForeignKey(MatchRun, on_delete=models.PROTECT, related_name="+")
    mentor = models.ForeignKey("programs.Enrolment", on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey("programs.Enrolment", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    explanation = models.JSONField(default=dict)
    status = models.CharField(
        max_length=8, choices=RelationshipStatus.choices, default=RelationshipStatus.ACTIVE
    )
    published_at = models.DateTimeField()
    first_meeting_at = models.DateTimeField(null=True, blank=True)
    # When both people's introduction was recorded in the outbox: set once, so a
    # redelivered job never introduces a pair twice.
    introduced_at = models.DateTimeField(null=True, blank=True)
    mentor_agreed_charter_at = models.DateTimeField(null=True, blank=True)
    mentee_agreed_charter_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "mentee"],
                condition=Q(status="active"),
                name="one_active_relationship_per_mentee",
            )
        ]

    def __str__(self) -> str:
        return f"Relationship {self.pk}"
