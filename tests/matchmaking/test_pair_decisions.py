"""The program manager's decisions: pin, break, pair by hand, forget a decision.
Each edits the run at once, is kept by later runs, and is audited."""

from __future__ import annotations

import pytest

from crossgen.audit.models import AuditEntry
from crossgen.matchmaking.models import (
    Decision,
    MatchRun,
    PairDecision,
    ProposedPair,
    UnmatchedEnrolment,
)
from crossgen.matchmaking.services import (
    MatchingError,
    RuleBreakNeedsReason,
    decision_remove,
    pair_break,
    pair_pin,
    pair_set_manual,
    run_publish,
)
from crossgen.programs.models import Cohort, Enrolment
from tests.conftest import World
from tests.matchmaking.factories import mentee, mentor, person
from tests.matchmaking.helpers import Capture, run_matching

type Pairs = tuple[list[Enrolment], list[Enrolment]]


def actions(world: World) -> list[str]:
    return list(
        AuditEntry.objects.for_org(world.acme)
        .filter(action__startswith="matching.")
        .exclude(action="matching.run_finished")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def pairs_of(run: MatchRun) -> set[tuple[int, int]]:
    rows = ProposedPair.objects.for_org(run.organization_id).filter(run=run)
    return set(rows.values_list("mentor_id", "mentee_id"))


@pytest.fixture
def two_by_two(world: World, cohort: Cohort) -> Pairs:
    """Ana teaches AI (what Dee wants), Ben social media (what Eve wants): the
    best pairs are Ana-Dee and Ben-Eve; the crossed ones score lower."""
    ana = mentor(cohort, teaches={"ai-tools": 4}, learns={})
    ben = mentor(cohort, teaches={"social-media": 4}, learns={})
    dee = mentee(cohort, learns={"ai-tools": 3}, teaches={})
    eve = mentee(cohort, learns={"social-media": 3}, teaches={})
    return [ana, ben], [dee, eve]


def test_a_pinned_pair_is_kept_by_the_next_run(
    world: World,
    cohort: Cohort,
    two_by_two: Pairs,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    (ana, ben), (dee, eve) = two_by_two
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    assert pairs_of(run) == {(ana.pk, dee.pk), (ben.pk, eve.pk)}
    # Pin a crossed pair, made by hand first, then re-run: it survives.
    pair = pair_set_manual(run=run, mentor=ana, mentee=eve, reason="", actor=world.bob)
    decision = PairDecision.objects.for_org(world.acme).get(cohort=cohort)
    decision.decision = Decision.PIN
    decision.save()
    ProposedPair.objects.for_org(world.acme).filter(pk=pair.pk).update(manual=False)

    again = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)

    kept = ProposedPair.objects.for_org(world.acme).get(run=again, mentee=eve)
    assert kept.mentor_id == ana.pk and kept.pinned
    assert pairs_of(again) == {(ana.pk, eve.pk), (ben.pk, dee.pk)}


def test_pinning_records_a_decision_and_flags_the_pair(
    world: World,
    cohort: Cohort,
    two_by_two: Pairs,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    pair = (
        ProposedPair.objects.for_org(world.acme)
        .filter(run=run)
        .select_related("run", "mentor__employee", "mentee__employee")
        .first()
    )
    assert pair is not None

    decision = pair_pin(pair=pair, actor=world.bob)

    assert decision.decision == Decision.PIN and decision.created_by == world.bob
    pair.refresh_from_db()
    run.refresh_from_db()
    assert pair.pinned and run.stats["pinned"] == 1 and run.stats["edited"]
    assert actions(world) == ["matching.run_started", "matching.pair_pinned"]


def test_a_broken_pair_leaves_the_run_and_is_never_proposed_again(
    world: World,
    cohort: Cohort,
    two_by_two: Pairs,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    (ana, ben), (dee, eve) = two_by_two
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    pair = (
        ProposedPair.objects.for_org(world.acme)
        .select_related("run", "mentor__employee", "mentee__employee")
        .get(run=run, mentee=dee)
    )

    pair_break(pair=pair, actor=world.bob)

    assert pairs_of(run) == {(ben.pk, eve.pk)}
    unmatched = {
        u.enrolment_id: u for u in UnmatchedEnrolment.objects.for_org(world.acme).filter(run=run)
    }
    assert "broke this person's pair" in unmatched[dee.pk].reason
    assert "1 of 1 place left" in unmatched[ana.pk].reason
    run.refresh_from_db()
    assert run.stats["pairs"] == 1 and run.stats["coverage"] == 0.5

    again = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    assert (ana.pk, dee.pk) not in pairs_of(again)
    assert actions(world)[-2:] == ["matching.pair_broken", "matching.run_started"]


def test_a_hand_made_pair_that_breaks_a_rule_needs_a_reason_and_is_flagged(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    boss = person(world.acme, "Director")
    report = mentor(cohort, manager=boss)
    other = mentor(cohort)
    boss_mentee = mentee(cohort, employee=boss)
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    assert pairs_of(run) == {(other.pk, boss_mentee.pk)}

    with pytest.raises(RuleBreakNeedsReason, match="in the same reporting chain") as refused:
        pair_set_manual(run=run, mentor=report, mentee=boss_mentee, reason=" ", actor=world.bob)
    assert refused.value.rules == ("reporting-chain",)
    assert pairs_of(run) == {(other.pk, boss_mentee.pk)}  # nothing changed
    assert not PairDecision.objects.for_org(world.acme).exists()

    pair = pair_set_manual(
        run=run, mentor=report, mentee=boss_mentee, reason="Both asked for it", actor=world.bob
    )

    assert pair.manual and pair.broken_rules == ["reporting-chain"]
    assert pair.override_reason == "Both asked for it"
    assert pairs_of(run) == {(report.pk, boss_mentee.pk)}
    decision = PairDecision.objects.for_org(world.acme).get(cohort=cohort)
    assert (decision.decision, decision.broken_rules) == (Decision.MANUAL, ["reporting-chain"])
    run.refresh_from_db()
    assert run.stats["flagged"] == 1 and run.stats["manual"] == 1
    entry = AuditEntry.objects.for_org(world.acme).get(action="matching.pair_set_manually")
    assert entry.details["reason"] == "Both asked for it"
    assert entry.details["broken_rules"] == ["reporting-chain"]

    # A re-run keeps the hand-made pair, still flagged with its reason.
    again = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    kept = ProposedPair.objects.for_org(world.acme).get(run=again, mentee=boss_mentee)
    assert kept.mentor_id == report.pk and kept.manual and not kept.pinned
    assert kept.broken_rules == ["reporting-chain"] and kept.override_reason == "Both asked for it"


def test_a_hand_made_pair_takes_the_place_of_the_mentors_weakest_pair(
    world: World,
    cohort: Cohort,
    two_by_two: Pairs,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    (ana, ben), (dee, eve) = two_by_two
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)

    pair_set_manual(run=run, mentor=ana, mentee=eve, reason="", actor=world.bob)

    assert pairs_of(run) == {(ana.pk, eve.pk)}
    unmatched = {
        u.enrolment_id: u for u in UnmatchedEnrolment.objects.for_org(world.acme).filter(run=run)
    }
    assert "given another mentee by hand" in unmatched[dee.pk].reason
    assert ben.pk in unmatched  # Ben lost Eve: a place left


def test_hand_pairing_checks_roles_and_enrolment(
    world: World,
    cohort: Cohort,
    two_by_two: Pairs,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    (ana, _ben), (dee, _eve) = two_by_two
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    with pytest.raises(MatchingError, match="in that order"):
        pair_set_manual(run=run, mentor=dee, mentee=ana, reason="", actor=world.bob)
    late = mentee(cohort, status="waitlisted")
    with pytest.raises(MatchingError, match="waitlisted"):
        pair_set_manual(run=run, mentor=ana, mentee=late, reason="", actor=world.bob)


def test_forgetting_a_decision_frees_the_pair_and_is_audited(
    world: World,
    cohort: Cohort,
    two_by_two: Pairs,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    (_ana, _ben), (dee, _eve) = two_by_two
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    pair = (
        ProposedPair.objects.for_org(world.acme)
        .select_related("run", "mentor__employee", "mentee__employee")
        .get(run=run, mentee=dee)
    )
    decision = pair_pin(pair=pair, actor=world.bob)

    decision_remove(decision=decision, actor=world.alice)

    assert not PairDecision.objects.for_org(world.acme).exists()
    pair.refresh_from_db()
    run.refresh_from_db()
    assert not pair.pinned and run.stats["pinned"] == 0
    entry = AuditEntry.objects.for_org(world.acme).get(action="matching.decision_removed")
    assert entry.actor == world.alice and entry.scope == f"program:{cohort.program_id}"


def test_nothing_changes_once_the_cohort_is_published(
    world: World,
    cohort: Cohort,
    two_by_two: Pairs,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    (ana, _ben), (dee, eve) = two_by_two
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    pair = (
        ProposedPair.objects.for_org(world.acme)
        .select_related("run", "mentor__employee", "mentee__employee")
        .get(run=run, mentee=dee)
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_publish(run=run, actor=world.bob)
    for attempt in (
        lambda: pair_pin(pair=pair, actor=world.bob),
        lambda: pair_break(pair=pair, actor=world.bob),
        lambda: pair_set_manual(run=run, mentor=ana, mentee=eve, reason="x", actor=world.bob),
    ):
        with pytest.raises(MatchingError, match="published already"):
            attempt()
