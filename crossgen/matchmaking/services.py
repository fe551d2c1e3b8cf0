"""Matching a cohort: runs, the program manager's decisions, publishing.

Every function that changes something is keyword-only, one transaction, and
writes an entry in the program's audit log (``scope="program:<id>"``).

- :func:`match_run_start` queues a run; :func:`match_run_execute` (the
  background job) solves, explains and stores it, writing its progress to the
  run's row as it goes, and never leaves it RUNNING.
- :func:`pair_pin`, :func:`pair_break`, :func:`pair_set_manual` and
  :func:`decision_remove` record decisions on the cohort (so a re-run keeps
  them) and edit the run's proposal at once.
- :func:`match_run_compare` compares a run with the previous finished one.
- :func:`match_preview` runs the matcher synchronously for the settings page.
- :func:`run_publish` turns a run into relationships exactly once, even with
  two program managers clicking at the same moment, and sends the
  introductions after the commit.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Sequence
from datetime import timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.db.models import Max, QuerySet
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.translation import ngettext

from crossgen.accounts.models import User
from crossgen.audit.services import audit_record
from crossgen.matching import broken_rules, score_parts, solve
from crossgen.matching.compare import RunComparison
from crossgen.matching.explain import explain_pair
from crossgen.matching.problem import Objective, Rules, Weights
from crossgen.matching.result import (
    Pair,
    UnmatchedKind,
)
from crossgen.matchmaking import runs
from crossgen.matchmaking.comparison import compare_runs, previous_run
from crossgen.matchmaking.introductions import WorkingHours, first_meeting_slot, meeting_start_day
from crossgen.matchmaking.models import (
    Decision,
    MatchRun,
    PairDecision,
    ProposedPair,
    Relationship,
    RelationshipStatus,
    RunStatus,
    UnmatchedEnrolment,
)
from crossgen.matchmaking.problem_builder import cohort_problem, program_matching_settings
from crossgen.matchmaking.runs import WRITE_BATCH, pair_stats, parts_json, run_problem, skill_names
from crossgen.matchmaking.wording import explanation_data, rules_phrase, unmatched_reason
from crossgen.people.models import Employee
from crossgen.programs.models import (
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentRole,
    EnrolmentStatus,
    Program,
)
from crossgen.programs.program_settings import rules_to_json, weights_to_json
from crossgen.programs.selectors import audit_scope

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(hours=1)
"""A run queued or running for longer is taken as lost (its worker stopped) when a new one starts."""
PREVIEW_TIME_BUDGET_SECONDS = 5.0


class MatchingError(ValueError):
    """A matching action that cannot be done; the message says why, in plain words."""


class PublishConflict(MatchingError):
    """The cohort was published already (perhaps a moment ago, by someone else)."""


class RuleBreakNeedsReason(MatchingError):
    """A hand-made pair breaks a hard rule and no reason was given."""

    def __init__(self, rules: Sequence[str]) -> None:
        self.rules = tuple(rules)
        super().__init__(
            f"This pair breaks a hard rule ({rules_phrase(rules)}). "
            "Give a reason to make it anyway; it will be flagged on the review page."
        )


def _scope(program: Program) -> str:
    return audit_scope(program)


# -- Starting and executing a run --------------------------------------------------------------


def match_run_execute(run_id: int) -> MatchRun:
    """Load, solve, explain and store run ``run_id``: the background job (see
    :mod:`crossgen.matchmaking.runs`). Never leaves the run RUNNING."""
    return runs.match_run_execute(run_id)


@transaction.atomic
def match_run_start(*, cohort: Cohort, actor: User | None) -> MatchRun:
    """Queue run number n+1 of ``cohort`` and hand it to the background worker
    once this transaction commits."""
    org_id = cohort.organization_id
    cohort = Cohort.objects.for_org(org_id).select_for_update().get(pk=cohort.pk)
    program = Program.objects.for_org(org_id).get(pk=cohort.program_id)
    if cohort.status == CohortStatus.PUBLISHED:
        raise MatchingError(f"{cohort.name} is published already: its pairs are final.")
    runs = MatchRun.objects.for_org(org_id).filter(cohort=cohort)
    _give_up_stale(runs)
    busy = runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).order_by("number").first()
    if busy is not None:
        raise MatchingError(
            f"Run {busy.number} is still {busy.get_status_display().lower()}: "
            "wait for it to finish before starting another."
        )
    enrolled = Enrolment.objects.for_org(org_id).filter(
        cohort=cohort, status=EnrolmentStatus.ENROLLED
    )
    mentors = enrolled.filter(role=EnrolmentRole.MENTOR).count()
    mentees = enrolled.filter(role=EnrolmentRole.MENTEE).count()
    if not mentors or not mentees:
        raise MatchingError(
            f"Nothing to match yet: {mentors} {program.mentor_label.lower()}{pluralize(mentors)} "
            f"and {mentees} {program.mentee_label.lower()}{pluralize(mentees)} "
            f"{ngettext('is', 'are', mentees)} enrolled."
        )
    number = (runs.aggregate(n=Max("number"))["n"] or 0) + 1
    rules, weights, objective = program_matching_settings(program, cohort)
    run = MatchRun.objects.create(
        organization_id=org_id,
        cohort=cohort,
        number=number,
        objective=objective.value,
        rules={**rules_to_json(rules), "reference_date": rules.reference_date},
        weights=weights_to_json(weights),
        started_by=actor,
        phase="Waiting for a worker",
    )
    cohort.advance_status(CohortStatus.MATCHING)  # from now on, new sign-ups are waitlisted
    audit_record(
        organization=program.organization,
        actor=actor,
        action="matching.run_started",
        target=f"Run {number} of {cohort.name}",
        scope=_scope(program),
        details={"run": run.pk, "cohort": cohort.pk, "objective": objective.value},
    )
    from crossgen.matchmaking.tasks import enqueue, execute_match_run

    transaction.on_commit(partial(enqueue, execute_match_run, run.pk))
    return run


def _give_up_stale(runs: QuerySet[MatchRun]) -> None:
    runs.filter(
        status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
        created_at__lt=timezone.now() - STALE_AFTER,
    ).update(
        status=RunStatus.FAILED,
        phase="Failed",
        error="The run did not finish within an hour: its background worker probably stopped. "
        "Start a new run.",
        finished_at=timezone.now(),
    )


def _refresh_stats(run: MatchRun) -> None:
    """Recount a run's summary after the program manager edited its proposal.

    The run is marked ``edited``: its certificate (optimal, or within a gap)
    was proven for the engine's proposal, not for the pairs as edited by hand,
    and the pages say so."""
    org_id = run.organization_id
    pairs = ProposedPair.objects.for_org(org_id).filter(run=run)
    scores = list(pairs.values_list("score", flat=True))
    stats = dict(run.stats)
    mentees = int(stats.get("mentees") or 0)
    stats.update(pair_stats(scores, mentees, run.weights))
    stats["pinned"] = pairs.filter(pinned=True).count()
    stats["manual"] = pairs.filter(manual=True).count()
    stats["flagged"] = pairs.exclude(broken_rules=[]).count()
    unmatched = UnmatchedEnrolment.objects.for_org(org_id).filter(run=run)
    stats["unmatched_mentees"] = unmatched.filter(enrolment__role=EnrolmentRole.MENTEE).count()
    stats["unmatched_mentors"] = unmatched.filter(enrolment__role=EnrolmentRole.MENTOR).count()
    stats["edited"] = True
    run.stats = stats
    MatchRun.objects.for_org(org_id).filter(pk=run.pk).update(stats=stats)


# -- Decisions ------------------------------------------------------------------------------


def _editable(run: MatchRun) -> tuple[Cohort, Program]:
    """Lock the run's cohort and check its proposal may still change."""
    org_id = run.organization_id
    cohort = Cohort.objects.for_org(org_id).select_for_update().get(pk=run.cohort_id)
    program = Program.objects.for_org(org_id).get(pk=cohort.program_id)
    if cohort.status == CohortStatus.PUBLISHED:
        raise MatchingError(f"{cohort.name} is published already: its pairs are final.")
    status = MatchRun.objects.for_org(org_id).values_list("status", flat=True).get(pk=run.pk)
    if status != RunStatus.DONE:
        raise MatchingError(
            f"Run {run.number} has not finished: only a finished run can be edited."
        )
    return cohort, program


def _who(enrolment: Enrolment) -> str:
    return enrolment.employee.full_name


@transaction.atomic
def pair_pin(*, pair: ProposedPair, actor: User | None) -> PairDecision:
    """Keep this pair in every later run of the cohort."""
    run = pair.run
    cohort, program = _editable(run)
    org_id = run.organization_id
    decisions = PairDecision.objects.for_org(org_id).filter(cohort=cohort)
    # A mentee is pinned to one mentor: an older pin of this mentee elsewhere gives way.
    decisions.filter(mentee=pair.mentee_id, decision__in=[Decision.PIN, Decision.MANUAL]).exclude(
        mentor=pair.mentor_id
    ).delete()
    decision, _ = decisions.update_or_create(
        cohort=cohort,
        mentor_id=pair.mentor_id,
        mentee_id=pair.mentee_id,
        defaults={
            "organization_id": org_id,
            "decision": Decision.MANUAL if pair.manual else Decision.PIN,
            "reason": pair.override_reason,
            "broken_rules": pair.broken_rules,
            "created_by": actor,
        },
    )
    ProposedPair.objects.for_org(org_id).filter(pk=pair.pk).update(pinned=not pair.manual)
    pair.pinned = not pair.manual
    _refresh_stats(run)
    _audit_pair(program, actor, "matching.pair_pinned", run, pair.mentor, pair.mentee)
    return decision


@transaction.atomic
def pair_break(*, pair: ProposedPair, actor: User | None) -> PairDecision:
    """Never propose this pair again in the cohort, and take it out of this run."""
    run = pair.run
    cohort, program = _editable(run)
    org_id = run.organization_id
    decision, _ = PairDecision.objects.for_org(org_id).update_or_create(
        cohort=cohort,
        mentor_id=pair.mentor_id,
        mentee_id=pair.mentee_id,
        defaults={
            "organization_id": org_id,
            "decision": Decision.FORBID,
            "reason": "",
            "broken_rules": [],
            "created_by": actor,
        },
    )
    ProposedPair.objects.for_org(org_id).filter(pk=pair.pk).delete()
    _mark_unmatched(run, pair.mentee_id, "pair-broken")
    _mark_mentor_places(run, pair.mentor)
    _refresh_stats(run)
    _audit_pair(program, actor, "matching.pair_broken", run, pair.mentor, pair.mentee)
    return decision


def _audit_pair(
    program: Program,
    actor: User | None,
    action: str,
    run: MatchRun,
    mentor: Enrolment,
    mentee: Enrolment,
    **details: object,
) -> None:
    """The program's audit entry for a manager's decision on one pair."""
    audit_record(
        organization=program.organization,
        actor=actor,
        action=action,
        target=f"{_who(mentor)} and {_who(mentee)}",
        scope=_scope(program),
        details={"run": run.pk, "mentor": mentor.pk, "mentee": mentee.pk, **details},
    )


def _mark_unmatched(run: MatchRun, enrolment_id: int, kind: str) -> None:
    unmatched = UnmatchedEnrolment.objects.for_org(run.organization_id)
    unmatched.filter(run=run, enrolment_id=enrolment_id).delete()
    unmatched.create(
        organization_id=run.organization_id,
        run=run,
        enrolment_id=enrolment_id,
        kind=kind,
        reason=unmatched_reason(role="mentee", kind=kind, ruled_out_by={}),
    )


def _mark_mentor_places(run: MatchRun, mentor: Enrolment) -> None:
    """Keep the mentor's line in the unmatched list true: places left, or none."""
    org_id = run.organization_id
    load = ProposedPair.objects.for_org(org_id).filter(run=run, mentor=mentor).count()
    unmatched = UnmatchedEnrolment.objects.for_org(org_id)
    unmatched.filter(run=run, enrolment=mentor).delete()
    if load < mentor.capacity:
        unmatched.create(
            organization_id=org_id,
            run=run,
            enrolment=mentor,
            kind=UnmatchedKind.CAPACITY_LEFT.value,
            reason=unmatched_reason(
                role="mentor",
                kind=UnmatchedKind.CAPACITY_LEFT.value,
                ruled_out_by={},
                places_left=mentor.capacity - load,
                capacity=mentor.capacity,
            ),
        )


@transaction.atomic
def pair_set_manual(
    *, run: MatchRun, mentor: Enrolment, mentee: Enrolment, reason: str, actor: User | None
) -> ProposedPair:
    """Pair ``mentor`` with ``mentee`` by hand, in this run and every later one.

    A pair that breaks a hard rule needs a ``reason`` (else
    :class:`RuleBreakNeedsReason`); it is kept with the rules it breaks and
    flagged. The mentee's previous pair in this run is dissolved; if the mentor
    is full, their lowest-scoring pair gives way.
    """
    cohort, program = _editable(run)
    org_id = run.organization_id
    reason = reason.strip()[:2000]
    if mentor.cohort_id != cohort.pk or mentee.cohort_id != cohort.pk:
        raise MatchingError("Both people must be enrolled in this cohort.")
    if mentor.role != EnrolmentRole.MENTOR or mentee.role != EnrolmentRole.MENTEE:
        raise MatchingError(
            f"Choose a {program.mentor_label.lower()} and a {program.mentee_label.lower()}, in that order."
        )
    if mentor.status != EnrolmentStatus.ENROLLED or mentee.status != EnrolmentStatus.ENROLLED:
        raise MatchingError("Both people must be enrolled (not waitlisted or withdrawn).")
    problem, _ = run_problem(run, cohort)
    people = {p.id: p for p in problem.people}
    mentor_person, mentee_person = people[str(mentor.pk)], people[str(mentee.pk)]
    # The pair's own do-not-pair entry is this very decision being replaced: not a rule break.
    if mentee_person.id in mentor_person.do_not_pair:
        mentor_person = dataclasses.replace(
            mentor_person, do_not_pair=mentor_person.do_not_pair - {mentee_person.id}
        )
    broken = list(broken_rules(problem, mentor_person, mentee_person))
    if broken and not reason:
        raise RuleBreakNeedsReason(broken)
    decisions = PairDecision.objects.for_org(org_id).filter(cohort=cohort)
    decisions.filter(mentee=mentee, decision__in=[Decision.PIN, Decision.MANUAL]).exclude(
        mentor=mentor
    ).delete()
    decisions.update_or_create(
        cohort=cohort,
        mentor=mentor,
        mentee=mentee,
        defaults={
            "organization_id": org_id,
            "decision": Decision.MANUAL,
            "reason": reason,
            "broken_rules": broken,
            "created_by": actor,
        },
    )
    pairs = ProposedPair.objects.for_org(org_id).filter(run=run)
    previous_mentors = [
        p.mentor
        for p in pairs.filter(mentee=mentee).exclude(mentor=mentor).select_related("mentor")
    ]
    pairs.filter(mentee=mentee).delete()
    displaced: list[int] = []
    mentor_pairs = list(pairs.filter(mentor=mentor).order_by("manual", "pinned", "score", "pk"))
    while len(mentor_pairs) >= mentor.capacity:
        dropped = mentor_pairs.pop(0)
        displaced.append(dropped.mentee_id)
        dropped.delete()
    # Keep at most the mentor's capacity of pins: older pins of theirs give way.
    pins = list(
        decisions.filter(mentor=mentor, decision__in=[Decision.PIN, Decision.MANUAL])
        .exclude(mentee=mentee)
        .order_by("created_at", "pk")
    )
    for pin in pins[: max(0, len(pins) - (mentor.capacity - 1))]:
        pin.delete()
    parts = score_parts(problem, mentor_person, mentee_person)
    explanation = explain_pair(
        problem,
        Pair(
            mentor_id=mentor_person.id,
            mentee_id=mentee_person.id,
            score=parts.total,
            parts=parts,
            pinned=True,
        ),
        people,
    )
    pair = ProposedPair.objects.create(
        organization_id=org_id,
        run=run,
        mentor=mentor,
        mentee=mentee,
        score=round(parts.total, 6),
        parts=parts_json(parts),
        explanation=explanation_data(explanation, skill_names(org_id)),
        pinned=False,
        manual=True,
        broken_rules=broken,
        override_reason=reason,
    )
    unmatched = UnmatchedEnrolment.objects.for_org(org_id).filter(run=run)
    unmatched.filter(enrolment=mentee).delete()
    for mentee_id in displaced:
        _mark_unmatched(run, mentee_id, "displaced")
    for place in [mentor, *previous_mentors]:
        _mark_mentor_places(run, place)
    _refresh_stats(run)
    _audit_pair(
        program,
        actor,
        "matching.pair_set_manually",
        run,
        mentor,
        mentee,
        broken_rules=broken,
        reason=reason,
        displaced=displaced,
    )
    return pair


@transaction.atomic
def decision_remove(*, decision: PairDecision, actor: User | None) -> None:
    """Forget a pin, a broken pair or a hand-made pair: later runs decide freely again.
    Unfinished and published runs are left as they are."""
    org_id = decision.organization_id
    cohort = Cohort.objects.for_org(org_id).select_for_update().get(pk=decision.cohort_id)
    program = Program.objects.for_org(org_id).get(pk=cohort.program_id)
    if cohort.status == CohortStatus.PUBLISHED:
        raise MatchingError(f"{cohort.name} is published already: its pairs are final.")
    if decision.decision == Decision.PIN:
        pinned = ProposedPair.objects.for_org(org_id).filter(
            run__cohort=cohort, mentor=decision.mentor_id, mentee=decision.mentee_id, pinned=True
        )
        edited = set(pinned.values_list("run_id", flat=True))
        pinned.update(pinned=False)
        for run in MatchRun.objects.for_org(org_id).filter(pk__in=edited):
            _refresh_stats(run)
    label = decision.get_decision_display()
    mentor, mentee = decision.mentor, decision.mentee
    decision.delete()
    audit_record(
        organization=program.organization,
        actor=actor,
        action="matching.decision_removed",
        target=f"{_who(mentor)} and {_who(mentee)}",
        scope=_scope(program),
        details={"decision": label, "mentor": mentor.pk, "mentee": mentee.pk},
    )


# -- Comparing runs ----------------------------------------------------------------------------


def match_run_compare(run: MatchRun) -> RunComparison | None:
    """``run`` against the previous finished run of its cohort, by the engine's
    ``compare`` (None when there is none). The review's reasons: ``comparison.run_changes``."""
    before = previous_run(run)
    return None if before is None else compare_runs(before, run)


# -- The live preview -------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class PreviewSummary:
    pairs: int
    coverage: float
    average_score: float
    mentors: int = 0
    mentees: int = 0
    seconds: float = 0.0


def match_preview(
    *, cohort: Cohort, rules: Rules, weights: Weights, objective: Objective | str
) -> PreviewSummary:
    """Match the cohort's current enrolments under these settings, store nothing."""
    started = time.perf_counter()
    problem, _ = cohort_problem(cohort, rules=rules, weights=weights, objective=objective)
    mentors, mentees = len(problem.mentors), len(problem.mentees)
    if not mentors or not mentees:
        return PreviewSummary(0, 0.0, 0.0, mentors, mentees)
    result = solve(problem, time_budget_seconds=PREVIEW_TIME_BUDGET_SECONDS)
    pairs = len(result.pairs)
    return PreviewSummary(
        pairs=pairs,
        coverage=result.coverage,
        average_score=result.total_score / pairs if pairs else 0.0,
        mentors=mentors,
        mentees=mentees,
        seconds=time.perf_counter() - started,
    )


def match_preview_against_saved(
    *, cohort: Cohort, rules: Rules, weights: Weights, objective: Objective
) -> tuple[PreviewSummary, PreviewSummary]:
    """The preview under these settings, and under the program's saved ones
    (the same object when the settings are the saved ones)."""
    proposed = match_preview(cohort=cohort, rules=rules, weights=weights, objective=objective)
    saved_rules, saved_weights, saved_objective = program_matching_settings(cohort.program, cohort)
    if (rules_to_json(rules), weights, objective) == (
        rules_to_json(saved_rules),
        saved_weights,
        saved_objective,
    ):
        return proposed, proposed
    saved = match_preview(
        cohort=cohort, rules=saved_rules, weights=saved_weights, objective=saved_objective
    )
    return proposed, saved


# -- Publishing --------------------------------------------------------------------------------


def _when(moment: Any, zone_name: str) -> str:
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = moment.astimezone(zone)
    return f"{local:%H:%M} on {local:%-d %b %Y}"


def run_publish(*, run: MatchRun, actor: User | None) -> list[Relationship]:
    """Create the relationships of ``run``'s pairs, mark the cohort published
    and send the introductions once the transaction commits.

    Exactly once: the cohort's row is locked, and a cohort already published
    (or with active relationships) raises :class:`PublishConflict` naming who
    published which run, and when.
    """
    org_id = run.organization_id
    with transaction.atomic():
        cohort = Cohort.objects.for_org(org_id).select_for_update().get(pk=run.cohort_id)
        program = (
            Program.objects.for_org(org_id).select_related("organization").get(pk=cohort.program_id)
        )
        active = Relationship.objects.for_org(org_id).filter(
            cohort=cohort, status=RelationshipStatus.ACTIVE
        )
        if cohort.status == CohortStatus.PUBLISHED or active.exists():
            raise PublishConflict(_conflict_message(cohort, active, program))
        run = MatchRun.objects.for_org(org_id).get(pk=run.pk)
        if run.status != RunStatus.DONE:
            raise MatchingError(
                f"Run {run.number} is {run.get_status_display().lower()}: only a finished run can be published."
            )
        pairs = list(
            ProposedPair.objects.for_org(org_id)
            .filter(run=run)
            .select_related("mentor", "mentee")
            .order_by("pk")
        )
        if not pairs:
            raise MatchingError(f"Run {run.number} proposes no pairs: there is nothing to publish.")
        now = timezone.now()
        first_day = meeting_start_day(cohort, now)
        relationships = [
            Relationship(
                organization_id=org_id,
                cohort=cohort,
                run=run,
                mentor=pair.mentor,
                mentee=pair.mentee,
                score=pair.score,
                explanation=pair.explanation,
                published_at=now,
                first_meeting_at=first_meeting_slot(
                    mentor=WorkingHours.of(pair.mentor),
                    mentee=WorkingHours.of(pair.mentee),
                    not_before=first_day,
                    minutes=program.session_minutes,
                ).start,
            )
            for pair in pairs
        ]
        created = Relationship.objects.bulk_create(relationships, batch_size=WRITE_BATCH)
        cohort.status = CohortStatus.PUBLISHED
        cohort.published_at = now
        cohort.published_by = actor
        cohort.save(update_fields=["status", "published_at", "published_by"])
        audit_record(
            organization=program.organization,
            actor=actor,
            action="matching.run_published",
            target=f"Run {run.number} of {cohort.name}",
            scope=_scope(program),
            details={"run": run.pk, "cohort": cohort.pk, "relationships": len(created)},
        )
        from crossgen.matchmaking.tasks import enqueue, send_introductions

        transaction.on_commit(partial(enqueue, send_introductions, cohort.pk))
    return created


def _conflict_message(cohort: Cohort, active: QuerySet[Relationship], program: Program) -> str:
    first = active.select_related("run").order_by("pk").first()
    which = f"Run {first.run.number}" if first is not None else "A run"
    publisher = (
        User.objects.filter(pk=cohort.published_by_id).values_list("email", flat=True).first()
        if cohort.published_by_id is not None
        else None
    )
    who = f" by {publisher}" if publisher else ""
    when = (
        f" at {_when(cohort.published_at, program.organization.default_timezone)}"
        if cohort.published_at
        else ""
    )
    return f"{which} of {cohort.name} was already published{who}{when}. Nothing was changed."


# -- Participants --------------------------------------------------------------------------------


@transaction.atomic
def relationship_charter_agree(
    *, relationship: Relationship, employee: Employee, actor: User | None
) -> Relationship:
    """Record that ``employee`` (one of the pair) agrees to the program's charter."""
    org_id = relationship.organization_id
    relationship = (
        Relationship.objects.for_org(org_id)
        .select_for_update()
        .select_related("mentor", "mentee", "cohort")
        .get(pk=relationship.pk)
    )
    if employee.pk == relationship.mentor.employee_id:
        field = "mentor_agreed_charter_at"
    elif employee.pk == relationship.mentee.employee_id:
        field = "mentee_agreed_charter_at"
    else:
        raise MatchingError("Only the two people of a relationship can agree to its charter.")
    if getattr(relationship, field) is None:
        setattr(relationship, field, timezone.now())
        relationship.save(update_fields=[field])
        program = (
            Program.objects.for_org(org_id)
            .select_related("organization")
            .get(pk=relationship.cohort.program_id)
        )
        audit_record(
            organization=program.organization,
            actor=actor,
            action="relationship.charter_agreed",
            target=f"Relationship {relationship.pk}",
            scope=_scope(program),
            details={"side": field.split("_")[0]},
        )
    return relationship


__all__ = [
    "MatchingError",
    "PreviewSummary",
    "PublishConflict",
    "RuleBreakNeedsReason",
    "decision_remove",
    "match_preview",
    "match_preview_against_saved",
    "match_run_compare",
    "match_run_execute",
    "match_run_start",
    "pair_break",
    "pair_pin",
    "pair_set_manual",
    "relationship_charter_agree",
    "run_publish",
]
