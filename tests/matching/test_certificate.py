"""The certificate: the dual check over every feasible pair finds the pairs the
first candidate graph left out, and a run cut short by its time budget says
so with an honest bound."""

from __future__ import annotations

import importlib
import random
from typing import Any

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from crossgen.matching import candidates as candidates_module
from crossgen.matching.problem import Objective, Person, Problem, Role, Rules, Weights
from crossgen.matching.result import CertificateStatus, MatchResult
from crossgen.matching.solve import solve
from tests.matching.reference import feasible_points
from tests.matching.strategies import random_people

# The module, not the function the package re-exports under the same name.
solve_module = importlib.import_module("crossgen.matching.solve")
MICRO = 1_000_000


def starve_the_first_graph(monkeypatch: pytest.MonkeyPatch, per_mentee: int) -> None:
    """Each mentee brings only its best ``per_mentee`` mentors, each mentor only
    its best mentee: the certificate has to find the rest."""
    monkeypatch.setattr(solve_module, "CANDIDATES_PER_MENTEE", per_mentee)
    monkeypatch.setattr(candidates_module, "LOOSE_OPTIONS_PER_PLACE", 0)
    monkeypatch.setattr(candidates_module, "TIGHT_OPTIONS_PER_PLACE", 0)


def market(seed: int, objective: Objective, mentors: int = 40, mentees: int = 60) -> Problem:
    rng = random.Random(seed)
    people = random_people(rng, mentors, mentees)
    return Problem(
        people=tuple(people),
        rules=Rules(min_stage_gap=0, min_overlap_hours=0.0),
        weights=Weights(forward=1.0, reciprocal=0.5, diversity=0.3, timezone=0.2),
        objective=objective,
        seed=seed,
    )


def scipy_optimum(problem: Problem, bonus: int = 0) -> int:
    """The optimum over mentor places x mentees, by dense Hungarian method."""
    points = feasible_points(problem)
    slots = [m.id for m in problem.people if m.role is Role.MENTOR for _ in range(m.capacity)]
    mentees = [p.id for p in problem.people if p.role is Role.MENTEE]
    weight = np.zeros((len(slots), len(mentees)), dtype=np.int64)
    for r, mentor in enumerate(slots):
        for c, mentee in enumerate(mentees):
            if (mentor, mentee) in points:
                weight[r, c] = points[mentor, mentee] + bonus
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return int(weight[rows, cols].sum())


def micro_total(result: MatchResult) -> int:
    return sum(
        round(x * MICRO)
        for p in result.pairs
        for x in (p.parts.forward, p.parts.reciprocal, p.parts.diversity, p.parts.timezone)
    )


@pytest.mark.parametrize("seed", range(6))
def test_with_one_candidate_per_mentee_the_check_adds_the_missing_pairs_and_proves_the_optimum(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    starve_the_first_graph(monkeypatch, 1)
    problem = market(seed, Objective.MAX_TOTAL)
    result = solve(problem)
    assert result.certificate.status is CertificateStatus.OPTIMAL
    assert result.certificate.arcs_added > 0
    assert micro_total(result) == scipy_optimum(problem)


@pytest.mark.parametrize("seed", range(4))
def test_max_participation_is_certified_against_the_dense_optimum(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    starve_the_first_graph(monkeypatch, 2)
    problem = market(seed, Objective.MAX_PARTICIPATION)
    result = solve(problem)
    bonus = 10**12
    best = scipy_optimum(problem, bonus=bonus)
    assert result.certificate.status is CertificateStatus.OPTIMAL
    assert len(result.pairs) == best // bonus
    assert micro_total(result) == best % bonus


def test_a_run_cut_short_by_its_budget_reports_a_bound_above_the_optimum(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    starve_the_first_graph(monkeypatch, 1)
    problem = market(11, Objective.MAX_TOTAL, mentors=60, mentees=80)
    result = solve(problem, time_budget_seconds=1e-9)
    certificate = result.certificate
    assert certificate.status is CertificateStatus.GAP
    optimum = scipy_optimum(problem) / MICRO
    assert certificate.primal <= optimum + 1e-6 <= certificate.bound + 2e-6
    assert 0 < certificate.gap < 1


def test_when_the_pair_count_is_not_proven_the_certificate_says_how_many_more_may_exist(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    starve_the_first_graph(monkeypatch, 1)
    problem = market(5, Objective.MAX_PARTICIPATION, mentors=60, mentees=80)
    result = solve(problem, time_budget_seconds=1e-9)
    certificate = result.certificate
    best_pairs = scipy_optimum(problem, bonus=10**12) // 10**12
    assert len(result.pairs) < best_pairs  # one candidate each and no time to check: pairs missed
    assert len(result.pairs) + certificate.more_pairs_possible >= best_pairs
    assert certificate.gap == 1.0  # no score gap is claimed while pairs may be missing


@pytest.mark.parametrize("objective", [Objective.MAX_PARTICIPATION, Objective.FAIR])
def test_a_large_participation_bonus_never_makes_a_forbidden_pair_look_like_a_violation(
    objective: Objective,
) -> None:
    # Over 1,500 possible pairs the per-pair bonus outweighs the "forbidden"
    # score of a pair a class rule rules out (here: no shared working hours
    # with Tokyo). The certificate must skip such pairs, not fill each
    # mentee's places with them and give up with a gap.
    rng = random.Random(0)
    skills = ["a", "b", "c", "d", "e", "f"]
    people = [
        Person(
            id=f"a{k}",
            role=Role.MENTOR,
            career_stage=1,
            capacity=3,
            teaches={s: rng.randint(1, 4) for s in rng.sample(skills, 3)},
            learns=dict.fromkeys(rng.sample(skills, 2), 1),
        )
        for k in range(520)
    ]
    people += [
        Person(
            id=f"b{k}",
            role=Role.MENTOR,
            career_stage=1,
            timezone="Asia/Tokyo",
            teaches={s: rng.randint(1, 4) for s in rng.sample(skills, 3)},
        )
        for k in range(40)
    ]
    people += [
        Person(
            id=f"e{k}",
            role=Role.MENTEE,
            career_stage=3,
            learns={s: rng.randint(1, 3) for s in rng.sample(skills, 3)},
            teaches=dict.fromkeys(rng.sample(skills, 2), 2),
        )
        for k in range(2000)
    ]
    result = solve(Problem(people=tuple(people), objective=objective))
    assert result.certificate.status is CertificateStatus.OPTIMAL
    assert result.certificate.more_pairs_possible == 0
    assert len(result.pairs) == 520 * 3  # Tokyo's mentors share no hours with anyone


@pytest.mark.parametrize("objective", [Objective.MAX_TOTAL, Objective.MAX_PARTICIPATION])
def test_pairs_a_per_pair_rule_forbids_cannot_stall_the_certificate(objective: Objective) -> None:
    # The boss's 40 reports score best with the boss but are all in its
    # reporting chain: they fill the boss's places in every scan unless the
    # certificate remembers that they need no covering.
    people = [Person(id="boss", role=Role.MENTEE, career_stage=5, learns={"ai": 3})]
    people += [
        Person(id=f"m{k}", role=Role.MENTOR, career_stage=1, teaches={"ai": 4}, manager_id="boss")
        for k in range(40)
    ]
    people += [
        Person(id=f"e{k}", role=Role.MENTEE, career_stage=5, learns={"ai": 2}) for k in range(5)
    ]
    problem = Problem(people=tuple(people), objective=objective, rules=Rules(min_overlap_hours=0.0))
    result = solve(problem)
    assert result.certificate.status is CertificateStatus.OPTIMAL
    assert result.certificate.more_pairs_possible == 0
    assert len(result.pairs) == 5  # everybody but the boss, whose mentors are all reports


@pytest.mark.parametrize("seed", range(3))
def test_the_check_s_cost_is_known_before_it_runs(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A run on a time budget decides from pairs_to_check whether the next check
    # fits: it must count exactly the pairs the check then screens, every round.
    from crossgen.matching import engine
    from crossgen.matching.certify import find_violations, pairs_to_check

    rounds: list[tuple[int, int]] = []

    def check_and_compare(*args: Any, **kwargs: Any) -> Any:
        planned = pairs_to_check(*args, previous=kwargs["previous"])
        found = find_violations(*args, **kwargs)
        rounds.append((planned, found.pairs_scored))
        return found

    monkeypatch.setattr(engine, "find_violations", check_and_compare)
    starve_the_first_graph(monkeypatch, 1)
    result = solve(market(seed, Objective.MAX_TOTAL, mentors=80, mentees=120))
    assert result.certificate.status is CertificateStatus.OPTIMAL
    assert len(rounds) >= 2 and any(actual for _, actual in rounds)
    assert all(planned == actual for planned, actual in rounds)


@pytest.mark.parametrize("budget", [1e-9, 1e-3, 3e-3, 1e-2, 3e-2, 0.1])
def test_on_any_budget_the_result_lies_within_its_proven_bound(
    budget: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stopped before a solve, or before a check (then the better matching is
    # held against the bound proven before it): either way primal <= optimum <= bound.
    starve_the_first_graph(monkeypatch, 1)
    problem = market(3, Objective.MAX_TOTAL, mentors=80, mentees=120)
    certificate = solve(problem, time_budget_seconds=budget).certificate
    optimum = scipy_optimum(problem) / MICRO
    assert certificate.primal <= optimum + 1e-6 <= certificate.bound + 2e-6
    if certificate.status is CertificateStatus.OPTIMAL:
        assert certificate.bound == pytest.approx(optimum)


@pytest.mark.parametrize("before_check", [2, 3])
def test_a_run_stopped_before_a_check_holds_its_newer_matching_to_the_bound_proven_before(
    before_check: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Which check a budget stops before depends on the clock; here the cost
    # estimate of one check is made prohibitive instead, so that the stop
    # happens exactly there (the estimate's exactness is tested above).
    from crossgen.matching import engine
    from crossgen.matching.certify import pairs_to_check

    estimates = 0

    def prohibitive_once(*args: Any, **kwargs: Any) -> int:
        nonlocal estimates
        estimates += 1
        pairs = pairs_to_check(*args, **kwargs)
        return 10**18 if estimates == before_check - 1 else pairs

    monkeypatch.setattr(engine, "pairs_to_check", prohibitive_once)
    starve_the_first_graph(monkeypatch, 1)
    problem = market(3, Objective.MAX_TOTAL, mentors=80, mentees=120)
    result = solve(problem, time_budget_seconds=3600)
    assert result.stats["rounds"] == before_check - 1
    certificate = result.certificate
    assert certificate.status is CertificateStatus.GAP
    optimum = scipy_optimum(problem) / MICRO
    assert certificate.primal <= optimum + 1e-6 <= certificate.bound + 2e-6


def test_past_its_budget_the_fair_objective_starts_no_further_solve(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each step of the fair objective is a certified solve of its own; past the
    # budget the fairest matching found so far is returned, marked unproven.
    from crossgen.matching import fairness

    solves = 0
    certified_matching = fairness.certified_matching

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal solves
        solves += 1
        return certified_matching(*args, **kwargs)

    monkeypatch.setattr(fairness, "certified_matching", counted)
    problem = market(4, Objective.FAIR, mentors=60, mentees=80)
    unlimited = solve(problem)
    assert solves > 1  # without a budget, the threshold search solves again
    solves = 0
    result = solve(problem, time_budget_seconds=1e-9)
    assert solves == 1
    assert len(result.pairs) == len(unlimited.pairs)  # the first solve: most pairs
    worst = min(p.score for p in result.pairs if not p.pinned)
    assert result.stats["min_score"] == pytest.approx(worst, abs=1e-6)
    assert result.stats["min_score"] <= unlimited.stats["min_score"] + 1e-9
    assert result.stats["min_score_proven"] == 0.0
    assert result.certificate.status is not CertificateStatus.OPTIMAL
