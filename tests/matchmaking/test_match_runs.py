"""Starting and executing match runs: the background job stores explained
pairs that break no rule, shows its progress and never stays RUNNING."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from crossgen.audit.models import AuditEntry
from crossgen.matching import broken_rules, solve
from crossgen.matching.problem import Problem
from crossgen.matching.result import MatchResult
from crossgen.matchmaking import runs
from crossgen.matchmaking.models import MatchRun, ProposedPair, RunStatus, UnmatchedEnrolment
from crossgen.matchmaking.problem_builder import cohort_problem
from crossgen.matchmaking.services import MatchingError, match_run_execute, match_run_start
from crossgen.programs.models import Cohort, CohortStatus
from tests.conftest import World
from tests.matchmaking.factories import mentee, mentor, person
from tests.matchmaking.helpers import Capture, run_matching


def small_cohort(world: World, cohort: Cohort) -> None:
    """Three mentors and four mentees; some pairs are ruled out."""
    boss = person(world.acme, "Executive")
    mentor(cohort, manager=boss, teaches={"ai-tools": 4, "social-media": 3})
    mentor(cohort, teaches={"social-media": 4})
    mentor(cohort, stage_name="Executive")  # more senior than every mentee: pairs with none
    mentee(cohort, employee=boss)  # the first mentor's own boss
    mentee(cohort, learns={"social-media": 3})
    mentee(cohort, learns={"ai-tools": 2, "social-media": 1})
    mentee(cohort, timezone="Australia/Sydney")  # shares no working hours with London


def test_a_run_is_queued_with_the_next_number_and_runs_after_commit(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    small_cohort(world, cohort)
    with django_capture_on_commit_callbacks() as callbacks:
        run = match_run_start(cohort=cohort, actor=world.bob)
    assert (run.number, run.status) == (1, RunStatus.QUEUED)
    assert run.objective == "max-participation" and run.rules["min_stage_gap"] == 1
    assert len(callbacks) == 1  # nothing runs before the commit

    callbacks[0]()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.progress == 1.0 and run.finished_at
    second = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    assert second.number == 2
    entry = AuditEntry.objects.for_org(world.acme).filter(action="matching.run_started").first()
    assert entry is not None and entry.actor == world.bob
    assert entry.scope == f"program:{cohort.program_id}"


def test_stored_pairs_break_no_rule_and_everyone_unmatched_has_a_reason(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    small_cohort(world, cohort)
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)

    problem, enrolments = cohort_problem(cohort)
    people = {p.id: p for p in problem.people}
    pairs = list(ProposedPair.objects.for_org(world.acme).filter(run=run))
    assert len(pairs) == 2
    for pair in pairs:
        assert broken_rules(problem, people[str(pair.mentor_id)], people[str(pair.mentee_id)]) == ()
        assert pair.explanation["forward"] and pair.explanation["overlap_hours"] > 0
        assert pair.score == pytest.approx(sum(pair.parts.values()), abs=1e-6)
    unmatched = {
        u.enrolment_id: u for u in UnmatchedEnrolment.objects.for_org(world.acme).filter(run=run)
    }
    matched = {p.mentor_id for p in pairs} | {p.mentee_id for p in pairs}
    assert set(unmatched) | matched == {e.pk for e in enrolments.values()}
    for row in unmatched.values():
        assert row.reason and row.kind
        assert not re.search(r"(fit|with|paired with), \d", row.reason)  # names, not ids
    sydney = next(e for e in enrolments.values() if e.timezone == "Australia/Sydney")
    assert "sharing too few working hours" in unmatched[sydney.pk].reason

    stats = run.stats
    assert stats["pairs"] == 2 and stats["mentees"] == 4
    assert stats["coverage"] == pytest.approx(0.5)
    assert stats["average_score"] == pytest.approx(stats["total_score"] / 2)
    assert stats["certificate"]["status"] == "optimal"
    assert sum(bucket["count"] for bucket in stats["histogram"]) == 2
    assert set(stats["timings"]) >= {"load", "solve", "explain", "store", "total"}


def test_progress_is_written_to_the_run_while_it_solves(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture, monkeypatch: Any
) -> None:
    small_cohort(world, cohort)
    seen: list[tuple[str, str, float]] = []

    def watched_solve(problem: Problem, **options: Any) -> MatchResult:
        def progress(stage: str, fraction: float) -> None:
            options["progress"](stage, fraction)
            row = MatchRun.objects.for_org(world.acme).get(cohort=cohort)
            seen.append((row.status, row.phase, row.progress))

        return solve(problem, time_budget_seconds=None, progress=progress)

    monkeypatch.setattr(runs, "solve", watched_solve)
    run_matching(cohort, world.bob, django_capture_on_commit_callbacks)

    assert seen and all(status == RunStatus.RUNNING for status, _, _ in seen)
    assert all(0.1 <= fraction <= 0.8 for _, _, fraction in seen)
    assert seen[0][1].startswith("Matching:")


def test_progress_writes_are_throttled_to_one_per_phase_and_half_second(
    world: World, cohort: Cohort, django_assert_num_queries: Any
) -> None:
    run = MatchRun.objects.create(
        organization=world.acme, cohort=cohort, number=1, objective="fair"
    )
    progress = runs._Progress(MatchRun.objects.for_org(world.acme), run.pk)
    with django_assert_num_queries(2):
        for k in range(200):
            progress.engine("compiling", k / 200)
        progress.engine("certifying", 0.9)
    run.refresh_from_db()
    assert run.phase == "Matching: Certifying" and run.progress == pytest.approx(0.73)


def test_an_error_fails_the_run_with_a_plain_message_and_stores_nothing(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture, monkeypatch: Any
) -> None:
    small_cohort(world, cohort)

    def broken_solve(problem: Problem, **options: Any) -> MatchResult:
        raise RuntimeError("the solver fell over")

    monkeypatch.setattr(runs, "solve", broken_solve)
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)

    assert run.status == RunStatus.FAILED and run.finished_at is not None
    assert "unexpected error" in run.error and "the solver fell over" in run.error
    assert not ProposedPair.objects.for_org(world.acme).filter(run=run).exists()


def test_data_the_engine_refuses_fails_the_run_naming_the_person(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    mentor(cohort)
    odd = mentee(cohort, timezone="Mars/Olympus_Mons")
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    assert run.status == RunStatus.FAILED
    assert odd.employee.full_name in run.error and "timezone" in run.error


def test_an_interrupted_run_is_failed_not_left_running(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture, monkeypatch: Any
) -> None:
    small_cohort(world, cohort)

    def stopped(problem: Problem, **options: Any) -> MatchResult:
        raise KeyboardInterrupt

    monkeypatch.setattr(runs, "solve", stopped)
    with pytest.raises(KeyboardInterrupt):
        run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    run = MatchRun.objects.for_org(world.acme).get(cohort=cohort)
    assert run.status == RunStatus.FAILED and "interrupted" in run.error


def test_a_second_delivery_of_the_job_changes_nothing(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    small_cohort(world, cohort)
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    pairs = list(
        ProposedPair.objects.for_org(world.acme).filter(run=run).values_list("pk", flat=True)
    )
    again = match_run_execute(run.pk)
    assert again.status == RunStatus.DONE
    assert (
        list(ProposedPair.objects.for_org(world.acme).filter(run=run).values_list("pk", flat=True))
        == pairs
    )


def test_a_run_does_not_start_while_another_is_queued(world: World, cohort: Cohort) -> None:
    small_cohort(world, cohort)
    match_run_start(cohort=cohort, actor=world.bob)  # its job never ran (no commit)
    with pytest.raises(MatchingError, match="Run 1 is still queued"):
        match_run_start(cohort=cohort, actor=world.bob)


def test_a_run_lost_for_an_hour_is_failed_when_a_new_one_starts(
    world: World, cohort: Cohort
) -> None:
    small_cohort(world, cohort)
    lost = match_run_start(cohort=cohort, actor=world.bob)
    MatchRun.objects.for_org(world.acme).filter(pk=lost.pk).update(
        status=RunStatus.RUNNING, created_at=timezone.now() - timedelta(hours=2)
    )
    second = match_run_start(cohort=cohort, actor=world.bob)
    lost.refresh_from_db()
    assert second.number == 2
    assert lost.status == RunStatus.FAILED and "worker" in lost.error


def test_a_cohort_with_nobody_on_one_side_is_not_run(world: World, cohort: Cohort) -> None:
    mentor(cohort)
    mentee(cohort, status="waitlisted")
    with pytest.raises(MatchingError, match="0 senior mentees are enrolled"):
        match_run_start(cohort=cohort, actor=world.bob)


def test_a_published_cohort_is_not_run_again(world: World, cohort: Cohort) -> None:
    small_cohort(world, cohort)
    cohort.status = CohortStatus.PUBLISHED
    cohort.save()
    with pytest.raises(MatchingError, match="published already"):
        match_run_start(cohort=cohort, actor=world.bob)
