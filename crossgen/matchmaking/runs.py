"""Executing a match run: load the cohort, solve, explain, store.

:func:`match_run_execute` is the background job's body. It claims a QUEUED
run, writes its phase and progress to the run's row as it goes (at most every
half second), stores the pairs and the unmatched people with ``bulk_create``
in one short transaction, and marks the run DONE with its summary; on any
error it marks the run FAILED with a plain message. It never leaves a run
RUNNING.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from crossgen.audit.services import audit_record
from crossgen.matching import broken_rules, score_parts, solve
from crossgen.matching.checks import ProblemError
from crossgen.matching.explain import explain
from crossgen.matching.problem import Problem, Role, Weights
from crossgen.matching.result import MatchResult, ScoreParts
from crossgen.matchmaking.models import (
    Decision,
    MatchRun,
    PairDecision,
    ProposedPair,
    RunStatus,
    UnmatchedEnrolment,
)
from crossgen.matchmaking.problem_builder import cohort_problem
from crossgen.matchmaking.wording import explanation_data, unmatched_reason
from crossgen.programs.models import Cohort, Enrolment
from crossgen.programs.program_settings import rules_from_json
from crossgen.programs.selectors import audit_scope
from crossgen.skills.models import Skill

logger = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 0.5
"""Progress is written to the run's row at most this often (and at every new phase)."""
HISTOGRAM_BUCKETS = 10
WRITE_BATCH = 1000

PHASE_WORDS = {
    "compiling": "Scoring every possible pair",
    "writing result": "Collecting the pairs",
    "done": "Solved",
}


def _time_budget() -> float | None:
    """The solver's time budget (setting ``MATCHING_TIME_BUDGET_SECONDS``; 0 = no limit)."""
    budget = float(settings.MATCHING_TIME_BUDGET_SECONDS)
    return budget if budget > 0 else None


def run_problem(run: MatchRun, cohort: Cohort) -> tuple[Problem, dict[str, Enrolment]]:
    """The cohort's problem under the rules, weights and objective recorded on ``run``."""
    return cohort_problem(
        cohort,
        rules=rules_from_json(run.rules),
        weights=Weights(**run.weights),
        objective=run.objective,
    )


def skill_names(org_id: int) -> dict[str, str]:
    return dict(Skill.objects.for_org(org_id).values_list("slug", "name"))


def parts_json(parts: ScoreParts) -> dict[str, float]:
    return {
        "forward": parts.forward,
        "reciprocal": parts.reciprocal,
        "diversity": parts.diversity,
        "timezone": parts.timezone,
    }


def max_possible_score(weights: Weights | Mapping[str, Any]) -> float:
    if isinstance(weights, Weights):
        return weights.forward + weights.reciprocal + weights.diversity + weights.timezone
    return float(sum(float(v) for v in weights.values()))


def pair_stats(
    scores: Sequence[float], mentee_count: int, weights: Weights | Mapping[str, Any]
) -> dict[str, Any]:
    """Pairs, coverage, total, average and the score histogram of a proposal."""
    top = max_possible_score(weights) or 1.0
    buckets = [0] * HISTOGRAM_BUCKETS
    for score in scores:
        k = min(HISTOGRAM_BUCKETS - 1, max(0, int(score / top * HISTOGRAM_BUCKETS)))
        buckets[k] += 1
    total = float(sum(scores))
    return {
        "pairs": len(scores),
        "coverage": len(scores) / mentee_count if mentee_count else 0.0,
        "total_score": round(total, 6),
        "average_score": round(total / len(scores), 6) if scores else 0.0,
        "min_score": min(scores, default=0.0),
        "max_score": max(scores, default=0.0),
        "max_possible": top,
        "histogram": [
            {
                "low": round(top * k / HISTOGRAM_BUCKETS, 4),
                "high": round(top * (k + 1) / HISTOGRAM_BUCKETS, 4),
                "count": n,
            }
            for k, n in enumerate(buckets)
        ],
    }


class _Progress:
    """Writes a run's phase and progress to its row, at most every half second."""

    def __init__(self, runs: QuerySet[MatchRun], run_id: int) -> None:
        self.rows = runs.filter(pk=run_id)
        self.phase = ""
        self.written = 0.0

    def __call__(self, phase: str, fraction: float) -> None:
        now = time.monotonic()
        if phase == self.phase and now - self.written < PROGRESS_EVERY_SECONDS:
            return
        self.phase, self.written = phase, now
        self.rows.update(phase=phase[:120], progress=max(0.0, min(1.0, fraction)))

    def engine(self, stage: str, fraction: float) -> None:
        """The engine's progress (0..1 of solving) as 10%..80% of the run."""
        words = PHASE_WORDS.get(stage, stage[:1].upper() + stage[1:])
        self(f"Matching: {words}", 0.1 + 0.7 * max(0.0, min(1.0, fraction)))


def match_run_execute(run_id: int) -> MatchRun:
    """Load, solve, explain and store run ``run_id`` (the background job).

    Only a QUEUED run is executed (a second delivery of the job does nothing).
    On any error the run is FAILED with a plain message and nothing is stored.
    """
    # The job knows only the run's id: find its organisation, then scope everything to it.
    run = MatchRun.unscoped.select_related("organization").get(pk=run_id)
    org = run.organization
    runs = MatchRun.objects.for_org(org)
    claimed = runs.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, phase="Loading enrolments", progress=0.02
    )
    if not claimed:
        return runs.get(pk=run_id)
    progress = _Progress(runs, run_id)
    enrolments: dict[str, Enrolment] = {}
    try:
        started = time.perf_counter()
        cohort = Cohort.objects.for_org(org).select_related("program").get(pk=run.cohort_id)
        problem, enrolments = run_problem(run, cohort)
        loaded = time.perf_counter()
        progress("Matching", 0.1)
        result = solve(problem, time_budget_seconds=_time_budget(), progress=progress.engine)
        solved = time.perf_counter()
        progress("Explaining every pair and every unmatched person", 0.82)
        result = explain(problem, result)
        explained = time.perf_counter()
        progress("Saving the pairs", 0.9)
        timings = {
            "load": loaded - started,
            "solve": solved - loaded,
            "explain": explained - solved,
        }
        _store(run, cohort, problem, result, enrolments, timings, started)
    except Exception as error:
        logger.exception("Match run %s failed", run_id)
        _fail(runs, run_id, _plain_error(error, enrolments))
    except BaseException:
        _fail(runs, run_id, "The run was interrupted (the worker stopped). Start a new run.")
        raise
    return runs.get(pk=run_id)


def _fail(runs: QuerySet[MatchRun], run_id: int, message: str) -> None:
    runs.filter(pk=run_id).update(
        status=RunStatus.FAILED, phase="Failed", error=message, finished_at=timezone.now()
    )


_PERSON_FIELD = re.compile(r"people\[(\d+)\]")


def _plain_error(error: Exception, enrolments: Mapping[str, Enrolment]) -> str:
    if isinstance(error, ProblemError):
        people = list(enrolments.values())

        def name(match: re.Match[str]) -> str:
            k = int(match.group(1))
            return people[k].employee.full_name if k < len(people) else "a manager"

        problems = "; ".join(_PERSON_FIELD.sub(name, p) for p in error.problems[:10])
        return f"The cohort's enrolments cannot be matched as they are: {problems}."
    return (
        f"Matching stopped with an unexpected error ({type(error).__name__}: {error}). "
        "Nothing was saved. Try again; if it happens again, tell your operator."
    )[:2000]


def _store(
    run: MatchRun,
    cohort: Cohort,
    problem: Problem,
    result: MatchResult,
    enrolments: Mapping[str, Enrolment],
    timings: dict[str, float],
    started: float,
) -> None:
    org_id = run.organization_id
    people = {p.id: p for p in problem.people}
    decisions = {
        (str(d.mentor_id), str(d.mentee_id)): d
        for d in PairDecision.objects.for_org(org_id)
        .filter(cohort=cohort)
        .exclude(decision=Decision.FORBID)
    }
    names = skill_names(org_id)
    pairs: list[ProposedPair] = []
    for pair in result.pairs:
        decision = decisions.get((pair.mentor_id, pair.mentee_id)) if pair.pinned else None
        manual = decision is not None and decision.decision == Decision.MANUAL
        broken = (
            list(broken_rules(problem, people[pair.mentor_id], people[pair.mentee_id]))
            if pair.pinned
            else []
        )
        pairs.append(
            ProposedPair(
                organization_id=org_id,
                run=run,
                mentor_id=int(pair.mentor_id),
                mentee_id=int(pair.mentee_id),
                score=round(pair.score, 6),
                parts=parts_json(pair.parts),
                explanation=explanation_data(pair.explanation, names),
                pinned=pair.pinned and not manual,
                manual=manual,
                broken_rules=broken,
                override_reason=decision.reason if decision is not None else "",
            )
        )
    unmatched = _unmatched_rows(run, problem, result, enrolments)
    with transaction.atomic():
        ProposedPair.objects.for_org(org_id).filter(run=run).delete()
        UnmatchedEnrolment.objects.for_org(org_id).filter(run=run).delete()
        ProposedPair.objects.bulk_create(pairs, batch_size=WRITE_BATCH)
        UnmatchedEnrolment.objects.bulk_create(unmatched, batch_size=WRITE_BATCH)
        stored = time.perf_counter()
        certificate = result.certificate
        stats: dict[str, Any] = {
            **pair_stats([p.score for p in pairs], result.mentee_count, problem.weights),
            "mentors": result.mentor_count,
            "mentees": result.mentee_count,
            "pinned": sum(p.pinned for p in pairs),
            "manual": sum(p.manual for p in pairs),
            "flagged": sum(bool(p.broken_rules) for p in pairs),
            "unmatched_mentees": sum(u.role is Role.MENTEE for u in result.unmatched),
            "unmatched_mentors": sum(u.role is Role.MENTOR for u in result.unmatched),
            "certificate": {
                "status": certificate.status.value,
                "gap": certificate.gap,
                "more_pairs_possible": certificate.more_pairs_possible,
                "primal": certificate.primal,
                "bound": certificate.bound,
                "pairs_checked": certificate.pairs_checked,
            },
            "timings": {
                **{k: round(v, 3) for k, v in timings.items()},
                "store": round(stored - started - sum(timings.values()), 3),
                "total": round(stored - started, 3),
            },
            "engine": {k: float(v) for k, v in result.stats.items()},
            "edited": False,
        }
        # What the certificate speaks about: the engine's proposal, before any edit by hand.
        stats["engine_proposal"] = {"pairs": stats["pairs"], "total_score": stats["total_score"]}
        MatchRun.objects.for_org(org_id).filter(pk=run.pk).update(
            status=RunStatus.DONE,
            phase="Done",
            progress=1.0,
            stats=stats,
            finished_at=timezone.now(),
        )
        audit_record(
            organization=cohort.organization,
            actor=None,
            action="matching.run_finished",
            target=f"Run {run.number} of {cohort.name}",
            scope=audit_scope(cohort.program),
            details={"run": run.pk, "pairs": stats["pairs"], "coverage": stats["coverage"]},
        )


def _unmatched_rows(
    run: MatchRun, problem: Problem, result: MatchResult, enrolments: Mapping[str, Enrolment]
) -> list[UnmatchedEnrolment]:
    people = {p.id: p for p in problem.people}
    mentees_of: dict[str, list[str]] = {}
    mentor_of: dict[str, str] = {}
    for pair in result.pairs:
        mentees_of.setdefault(pair.mentor_id, []).append(pair.mentee_id)
        mentor_of[pair.mentee_id] = pair.mentor_id

    def name(person_id: str) -> str:
        return enrolments[person_id].employee.full_name

    rows: list[UnmatchedEnrolment] = []
    for item in result.unmatched:
        best = item.best_alternative
        best_with: list[str] = []
        best_score: float | None = None
        if best is not None:
            if item.role is Role.MENTEE:
                best_with = [name(m) for m in mentees_of.get(best, [])]
                best_score = score_parts(problem, people[best], people[item.person_id]).total
            else:
                holder = mentor_of.get(best)
                best_with = [name(holder)] if holder else []
                best_score = score_parts(problem, people[item.person_id], people[best]).total
        capacity = people[item.person_id].capacity
        reason = unmatched_reason(
            role=item.role.value,
            kind=item.kind.value,
            ruled_out_by=item.ruled_out_by,
            best_name=name(best) if best else "",
            best_score=best_score,
            best_with=best_with,
            places_left=capacity - len(mentees_of.get(item.person_id, [])),
            capacity=capacity,
            others_could_join="could still join" in item.reason,
        )
        rows.append(
            UnmatchedEnrolment(
                organization_id=run.organization_id,
                run=run,
                enrolment_id=int(item.person_id),
                kind=item.kind.value,
                reason=reason,
                ruled_out_by=dict(item.ruled_out_by),
                best_alternative_id=int(best) if best else None,
            )
        )
    return rows
