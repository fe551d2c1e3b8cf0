"""A run the program manager edited by hand (pin, break, pair by hand) no
longer claims that its pairs are proven optimal: the certificate was proven
for the engine's proposal, and the pages say so."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from crossgen.matchmaking.models import MatchRun, ProposedPair
from crossgen.matchmaking.services import pair_break, pair_pin, pair_set_manual
from crossgen.matchmaking.wording import certificate_words
from crossgen.programs.models import Cohort
from tests.conftest import World
from tests.matchmaking.factories import mentee, mentor
from tests.matchmaking.helpers import Capture, run_matching

ENGINE_PROOF = "proven: no better set of pairs exists"


def _pin(run: MatchRun, world: World) -> None:
    pair = ProposedPair.objects.for_org(world.acme).filter(run=run).select_related("run").first()
    pair_pin(pair=pair, actor=world.bob)


def _break(run: MatchRun, world: World) -> None:
    pair = ProposedPair.objects.for_org(world.acme).filter(run=run).select_related("run").first()
    pair_break(pair=pair, actor=world.bob)


def _by_hand(run: MatchRun, world: World) -> None:
    pairs = list(
        ProposedPair.objects.for_org(world.acme)
        .filter(run=run)
        .select_related("mentor", "mentee")
        .order_by("pk")
    )
    # Cross the two pairs: Ana with Eve (the engine chose Ana with Dee).
    pair_set_manual(
        run=run, mentor=pairs[0].mentor, mentee=pairs[1].mentee, reason="", actor=world.bob
    )


@pytest.fixture
def finished_run(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> MatchRun:
    mentor(cohort, teaches={"ai-tools": 4}, learns={})
    mentor(cohort, teaches={"social-media": 4}, learns={})
    mentee(cohort, learns={"ai-tools": 3}, teaches={})
    mentee(cohort, learns={"social-media": 3}, teaches={})
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    assert run.stats["certificate"]["status"] == "optimal"
    return run


def test_an_untouched_run_shows_the_engine_s_proof(world: World, finished_run: MatchRun) -> None:
    client = world.client_for(world.bob)
    review = client.get(reverse("matchmaking:run-review", kwargs={"run_id": finished_run.pk}))
    assert ENGINE_PROOF in review.content.decode()
    runs = client.get(reverse("matchmaking:cohort", kwargs={"cohort_id": finished_run.cohort_id}))
    assert "proven optimal" in runs.content.decode()
    assert "edited by hand" not in runs.content.decode()


@pytest.mark.parametrize("edit", [_pin, _break, _by_hand], ids=["pin", "break", "by-hand"])
def test_after_an_edit_by_hand_the_certificate_applies_to_the_engine_s_proposal_only(
    world: World, finished_run: MatchRun, edit: Callable[[MatchRun, World], None]
) -> None:
    edit(finished_run, world)

    client = world.client_for(world.bob)
    review = client.get(reverse("matchmaking:run-review", kwargs={"run_id": finished_run.pk}))
    body = review.content.decode()
    assert review.status_code == 200
    assert ENGINE_PROOF not in body
    assert "The engine&#x27;s proposal (2 pairs, total score" in body
    assert "was proven optimal. This run was edited by hand since it ran" in body
    assert "the certificate applies to the engine&#x27;s proposal only" in body
    runs = client.get(reverse("matchmaking:cohort", kwargs={"cohort_id": finished_run.cohort_id}))
    assert "edited by hand (engine&#x27;s proposal proven optimal)" in runs.content.decode()


def test_a_run_stopped_before_the_pair_count_was_proven_claims_no_score_gap() -> None:
    words = certificate_words(
        {"certificate": {"status": "gap", "gap": 1.0, "more_pairs_possible": 3}}
    )
    assert "up to 3 more pairs may be possible" in words.label
    assert "%" not in words.stat + words.short
