"""A run against the previous finished run of its cohort: what changed, and why.

The counts and scores come from the engine's ``compare`` over the two stored
proposals. The reasons come from what the app knows: settings that changed
between the runs, the program manager's decisions in between, people who
joined or left the cohort, and for each pair that went or came, what its
people have instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from crossgen.matching.compare import RunComparison, compare
from crossgen.matching.problem import Objective
from crossgen.matching.result import Certificate, CertificateStatus, MatchResult, Pair, ScoreParts
from crossgen.matchmaking.models import (
    Decision,
    MatchRun,
    PairDecision,
    ProposedPair,
    RunStatus,
    UnmatchedEnrolment,
)
from crossgen.programs.models import Enrolment
from crossgen.programs.rule_help import OBJECTIVES, WEIGHT_PREFIX, label_for

CHANGES_SHOWN = 100


def previous_run(run: MatchRun) -> MatchRun | None:
    """The latest finished run of the same cohort before ``run``."""
    return (
        MatchRun.objects.for_org(run.organization_id)
        .filter(cohort=run.cohort_id, status=RunStatus.DONE, number__lt=run.number)
        .order_by("-number")
        .first()
    )


def stored_result(run: MatchRun) -> MatchResult:
    """A finished run's current proposal as the engine's ``MatchResult``."""
    rows = ProposedPair.objects.for_org(run.organization_id).filter(run=run)
    pairs = tuple(
        Pair(
            mentor_id=str(mentor),
            mentee_id=str(mentee),
            score=score,
            parts=ScoreParts(forward=score, reciprocal=0.0, diversity=0.0, timezone=0.0),
            pinned=pinned or manual,
        )
        for mentor, mentee, score, pinned, manual in rows.values_list(
            "mentor_id", "mentee_id", "score", "pinned", "manual"
        )
    )
    stats = run.stats or {}
    certificate = stats.get("certificate") or {}
    return MatchResult(
        objective=Objective(run.objective),
        pairs=pairs,
        unmatched=(),
        certificate=Certificate(
            status=CertificateStatus(certificate.get("status", "not-applicable")),
            primal=float(stats.get("total_score", 0.0)),
            bound=float(certificate.get("bound", 0.0)),
            pairs_checked=int(certificate.get("pairs_checked", 0)),
        ),
        mentor_count=int(stats.get("mentors", 0)),
        mentee_count=int(stats.get("mentees", 0)),
        elapsed_seconds=0.0,
    )


def compare_runs(before: MatchRun, after: MatchRun) -> RunComparison:
    return compare(stored_result(before), stored_result(after))


@dataclass(frozen=True, slots=True)
class PairChange:
    mentor: Enrolment
    mentee: Enrolment
    score: float
    why: str


@dataclass(frozen=True, slots=True)
class RunChanges:
    before: MatchRun
    after: MatchRun
    comparison: RunComparison
    settings: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    joined: int = 0
    left: int = 0
    added: list[PairChange] = field(default_factory=list)
    removed: list[PairChange] = field(default_factory=list)

    @property
    def more_added(self) -> int:
        return len(self.comparison.added) - len(self.added)

    @property
    def more_removed(self) -> int:
        return len(self.comparison.removed) - len(self.removed)


def _objective_label(value: str) -> str:
    return next((o.label for o in OBJECTIVES if o.value == value), value)


def _shown(value: Any) -> str:
    if value is None:
        return "no limit"
    if isinstance(value, bool):
        return "on" if value else "off"
    return f"{value:g}" if isinstance(value, float) else str(value)


def settings_changes(before: MatchRun, after: MatchRun) -> list[str]:
    """Rules, weights and objective that differ between two runs, in words."""
    lines = []
    if before.objective != after.objective:
        lines.append(
            f"Objective: {_objective_label(before.objective)} → {_objective_label(after.objective)}"
        )
    for prefix, old, new in (
        ("", before.rules, after.rules),
        (WEIGHT_PREFIX, before.weights, after.weights),
    ):
        for key in sorted(set(old) | set(new)):
            if key in {"pinned"} or old.get(key) == new.get(key):
                continue
            label = (
                "Time zones evaluated on" if key == "reference_date" else label_for(prefix + key)
            )
            lines.append(f"{label}: {_shown(old.get(key))} → {_shown(new.get(key))}")
    return lines


def _participants(run: MatchRun) -> set[int]:
    org_id = run.organization_id
    pairs = ProposedPair.objects.for_org(org_id).filter(run=run)
    people = set(pairs.values_list("mentor_id", flat=True)) | set(
        pairs.values_list("mentee_id", flat=True)
    )
    people |= set(
        UnmatchedEnrolment.objects.for_org(org_id)
        .filter(run=run)
        .values_list("enrolment_id", flat=True)
    )
    return people


def run_changes(run: MatchRun) -> RunChanges | None:
    """What changed since the previous finished run of the cohort, and why."""
    before = previous_run(run)
    if before is None:
        return None
    org_id = run.organization_id
    comparison = compare_runs(before, run)
    people_before, people_after = _participants(before), _participants(run)
    decisions = (
        PairDecision.objects.for_org(org_id)
        .filter(
            cohort=run.cohort_id, created_at__gte=before.created_at, created_at__lt=run.created_at
        )
        .select_related("mentor__employee", "mentee__employee", "created_by")
        .order_by("created_at")
    )
    forbidden = set(
        PairDecision.objects.for_org(org_id)
        .filter(cohort=run.cohort_id, decision=Decision.FORBID)
        .values_list("mentor_id", "mentee_id")
    )
    shown_added = comparison.added[:CHANGES_SHOWN]
    shown_removed = comparison.removed[:CHANGES_SHOWN]
    ids = {int(x) for pair in (*shown_added, *shown_removed) for x in pair}
    for mentee, old, new in comparison.changed_mentor:
        ids |= {int(mentee), int(old), int(new)}
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.for_org(org_id).filter(pk__in=ids).select_related("employee")
    }

    def name(pk: int | str) -> str:
        enrolment = enrolments.get(int(pk))
        return enrolment.employee.full_name if enrolment else f"enrolment {pk}"

    scores_before = _scores(before, comparison.removed[:CHANGES_SHOWN], comparison)
    scores_after = _scores(run, comparison.added[:CHANGES_SHOWN], comparison)
    mentor_before = {mentee: mentor for mentee, mentor, _ in comparison.changed_mentor}
    mentor_after = {mentee: mentor for mentee, _, mentor in comparison.changed_mentor}
    manual = dict(
        ProposedPair.objects.for_org(org_id)
        .filter(run=run, manual=True)
        .values_list("mentee_id", "override_reason")
    )
    pinned = set(
        ProposedPair.objects.for_org(org_id)
        .filter(run=run, pinned=True)
        .values_list("mentee_id", flat=True)
    )

    def why_removed(mentor: str, mentee: str) -> str:
        if int(mentee) not in people_after:
            return f"{name(mentee)} is no longer enrolled."
        if int(mentor) not in people_after:
            return f"{name(mentor)} is no longer enrolled."
        if (int(mentor), int(mentee)) in forbidden:
            return "The program manager broke this pair."
        if mentee in mentor_after:
            other = (mentor_after[mentee], mentee)
            return f"{name(mentee)} is now with {name(mentor_after[mentee])} (score {scores_after.get(other, 0):.2f})."
        return f"{name(mentee)} is unmatched in run {run.number}: the rules or the objective favoured other pairs."

    def why_added(mentor: str, mentee: str) -> str:
        if int(mentee) in manual:
            reason = manual[int(mentee)]
            return "Set by hand" + (f": {reason}" if reason else ".")
        if int(mentee) in pinned:
            return "Pinned by the program manager."
        if int(mentee) not in people_before:
            return f"{name(mentee)} joined the cohort after run {before.number}."
        if int(mentor) not in people_before:
            return f"{name(mentor)} joined the cohort after run {before.number}."
        if mentee in mentor_before:
            other = (mentor_before[mentee], mentee)
            return (
                f"{name(mentee)} was with {name(mentor_before[mentee])} "
                f"(score {scores_before.get(other, 0):.2f})."
            )
        return f"{name(mentee)} was unmatched in run {before.number}."

    return RunChanges(
        before=before,
        after=run,
        comparison=comparison,
        settings=settings_changes(before, run),
        decisions=[
            f"{d.get_decision_display()}: {d.mentor.employee.full_name} and "
            f"{d.mentee.employee.full_name}{f' ({d.reason})' if d.reason else ''}"
            for d in decisions
        ],
        joined=len(people_after - people_before),
        left=len(people_before - people_after),
        added=[
            PairChange(
                enrolments[int(a)],
                enrolments[int(b)],
                scores_after.get((a, b), 0.0),
                why_added(a, b),
            )
            for a, b in shown_added
        ],
        removed=[
            PairChange(
                enrolments[int(a)],
                enrolments[int(b)],
                scores_before.get((a, b), 0.0),
                why_removed(a, b),
            )
            for a, b in shown_removed
        ],
    )


def _scores(
    run: MatchRun, pairs: tuple[tuple[str, str], ...], comparison: RunComparison
) -> Mapping[tuple[str, str], float]:
    """Scores of the listed pairs and of the pairs of mentees who changed mentor, in ``run``."""
    mentees = {int(b) for _, b in pairs} | {int(m) for m, _, _ in comparison.changed_mentor}
    rows = (
        ProposedPair.objects.for_org(run.organization_id)
        .filter(run=run, mentee_id__in=mentees)
        .values_list("mentor_id", "mentee_id", "score")
    )
    return {(str(a), str(b)): score for a, b, score in rows}
