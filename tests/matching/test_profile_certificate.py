"""Markets where many people are alike: the collapsed profiles prove the
optimum where the pairwise certificate would take round after round."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from benchmarks.synthetic import alike_problem
from crossgen.matching import engine as engine_module
from crossgen.matching import profiles as profiles_module
from crossgen.matching.arrays import compile_problem
from crossgen.matching.engine import Market
from crossgen.matching.problem import Objective, Problem, Role
from crossgen.matching.profiles import collapse, profile_bound, profiles
from crossgen.matching.result import CertificateStatus
from crossgen.matching.solve import solve
from tests.matching.test_certificate import (
    market,
    micro_total,
    scipy_optimum,
    starve_the_first_graph,
)

BONUS = 10**12


def alike(problem: Problem, profiles: int, *, sparse_rules: bool) -> Problem:
    """``problem`` with everyone copying the stage, place, hours and skills of
    one of the first ``profiles`` people of their side. Without ``sparse_rules``
    nobody has a manager, a do-not-pair list or a previous partner."""
    problem = alike_problem(problem, profiles)
    if sparse_rules:
        return problem
    people = tuple(
        dataclasses.replace(
            person, manager_id=None, do_not_pair=frozenset(), previous_partners=frozenset()
        )
        for person in problem.people
    )
    return dataclasses.replace(problem, people=people)


def whole_market(problem: Problem, bonus: int = 0) -> Market:
    arrays = compile_problem(problem)
    return Market(
        arrays=arrays,
        mentees=np.arange(arrays.mentees.size),
        capacity=arrays.mentors.capacity.copy(),
        bonus=bonus,
    )


@pytest.mark.parametrize("seed", range(8))
def test_the_collapsed_bound_is_never_below_the_optimum(seed: int) -> None:
    problem = alike(market(seed, Objective.MAX_TOTAL), profiles=3, sparse_rules=True)
    bound = profile_bound(whole_market(problem))
    assert bound is not None
    assert bound >= scipy_optimum(problem)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("bonus", [0, BONUS])
def test_without_sparse_rules_the_collapsed_bound_is_the_optimum(seed: int, bonus: int) -> None:
    problem = alike(market(seed, Objective.MAX_TOTAL), profiles=3, sparse_rules=False)
    assert profile_bound(whole_market(problem, bonus)) == scipy_optimum(problem, bonus=bonus)


def test_a_market_of_too_many_profiles_is_left_to_the_pairwise_proof(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    problem = alike(market(0, Objective.MAX_TOTAL), profiles=3, sparse_rules=False)
    assert profile_bound(whole_market(problem)) is not None
    monkeypatch.setattr(profiles_module, "MAX_PROFILE_PAIRS", 8)  # 3 x 3 profiles
    assert profile_bound(whole_market(problem)) is None


@pytest.mark.parametrize("objective", [Objective.MAX_TOTAL, Objective.MAX_PARTICIPATION])
def test_a_market_of_a_few_profiles_is_proven_optimal_in_one_round(
    objective: Objective, monkeypatch: pytest.MonkeyPatch
) -> None:
    starve_the_first_graph(monkeypatch, 3)  # a thin first graph: ties left out
    problem = alike(market(3, objective, mentors=120, mentees=160), profiles=4, sparse_rules=False)
    result = solve(problem)

    assert result.certificate.status is CertificateStatus.OPTIMAL
    assert result.stats["rounds"] == 1
    best = scipy_optimum(problem, bonus=BONUS if objective is Objective.MAX_PARTICIPATION else 0)
    assert micro_total(result) == best % BONUS

    # The pairwise certificate alone needs more rounds for the same proof.
    monkeypatch.setattr(engine_module, "collapse", lambda market: None)
    pairwise = solve(problem)
    assert pairwise.certificate.status is CertificateStatus.OPTIMAL
    assert pairwise.stats["rounds"] > 1
    assert micro_total(pairwise) == micro_total(result)


def test_people_of_one_profile_with_their_own_rules_still_get_a_valid_proof(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    starve_the_first_graph(monkeypatch, 1)
    problem = alike(market(7, Objective.MAX_TOTAL, mentors=80, mentees=100), 3, sparse_rules=True)
    result = solve(problem)
    assert result.certificate.status is CertificateStatus.OPTIMAL
    assert micro_total(result) == scipy_optimum(problem)


def test_alike_people_share_a_profile_whatever_their_ids_managers_or_places() -> None:
    problem = alike(market(2, Objective.MAX_TOTAL), profiles=2, sparse_rules=True)
    arrays = compile_problem(problem)
    _, profile = profiles(arrays.mentors, np.arange(arrays.mentors.size))
    assert set(profile.tolist()) == {0, 1}
    assert len({p.capacity for p in problem.people if p.role is Role.MENTOR}) > 1
    assert len({p.manager_id for p in problem.people if p.role is Role.MENTOR}) > 1


def test_the_collapsed_optimum_suggests_pairs_spread_over_alike_mentors() -> None:
    problem = alike(market(4, Objective.MAX_TOTAL), profiles=2, sparse_rules=False)
    collapsed = collapse(whole_market(problem))
    assert collapsed is not None
    mentors = compile_problem(problem).mentors
    assert collapsed.mentor.size == collapsed.mentee.size > 0
    assert (mentors.capacity[collapsed.mentor] > 0).all()
    # Alike mentees are pointed at different mentors of the profile they are sent to.
    assert np.unique(collapsed.mentor).size > 2 * profiles_module.GUIDE_MENTORS
