"""Score parts: the documented formulas, their ranges, and the scalar and
vectorised versions agreeing to the micro-point."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from crossgen.matching.arrays import compile_problem
from crossgen.matching.problem import Person, Problem, Role, Weights
from crossgen.matching.scoring import SCALE, block_points, pair_points, score_parts
from tests.matching.strategies import problems

ONES = Weights(forward=1.0, reciprocal=1.0, diversity=1.0, timezone=1.0)


def _pair(**mentee: object) -> tuple[Problem, Person, Person]:
    mentor = Person(id="m", role=Role.MENTOR, career_stage=1, teaches={"ai": 4, "video": 2})
    senior = Person(id="e", role=Role.MENTEE, career_stage=5, **mentee)  # type: ignore[arg-type]
    return Problem(people=(mentor, senior), weights=ONES), mentor, senior


def test_forward_value_weights_each_goal_by_interest_and_proficiency() -> None:
    problem, mentor, mentee = _pair(learns={"ai": 3, "video": 1, "legal": 2})
    # (4*3 + 2*1) / (4 * (3 + 1 + 2)): the untaught goal still counts.
    assert score_parts(problem, mentor, mentee).forward == round(14 / 24, 6)


def test_forward_value_is_zero_for_a_mentee_without_goals() -> None:
    problem, mentor, mentee = _pair()
    assert score_parts(problem, mentor, mentee).forward == 0.0


def test_diversity_counts_department_location_and_stage_gap_in_thirds() -> None:
    mentor = Person(id="m", role=Role.MENTOR, career_stage=1, department="IT", location="Pune")
    mentee = Person(id="e", role=Role.MENTEE, career_stage=3, department="HR", location="Pune")
    peer = Person(id="p", role=Role.MENTEE, career_stage=5)
    problem = Problem(people=(mentor, mentee, peer), weights=ONES)
    # Different department (1), same location (0), gap 2 of a stage span of 4.
    assert score_parts(problem, mentor, mentee).diversity == round((1 + 0 + 2 / 4) / 3, 6)


def test_an_unknown_department_is_never_counted_as_different() -> None:
    mentor = Person(id="m", role=Role.MENTOR, career_stage=1, department="")
    mentee = Person(id="e", role=Role.MENTEE, career_stage=2, department="HR")
    problem = Problem(people=(mentor, mentee), weights=ONES)
    assert score_parts(problem, mentor, mentee).diversity == round((0 + 0 + 1) / 3, 6)


def test_timezone_comfort_is_the_shared_share_of_the_shorter_day() -> None:
    mentor = Person(id="m", role=Role.MENTOR, career_stage=1, timezone="Europe/Paris")
    mentee = Person(id="e", role=Role.MENTEE, career_stage=4, timezone="America/New_York")
    problem = Problem(people=(mentor, mentee), weights=ONES)
    # 9-17 in Paris and New York share 2 of 8 hours in January.
    assert score_parts(problem, mentor, mentee).timezone == 0.25


def test_weights_scale_each_part_and_the_total_is_their_sum() -> None:
    problem, mentor, mentee = _pair(learns={"ai": 2}, teaches={"strategy": 4})
    heavy = Problem(
        people=problem.people, weights=Weights(forward=3.0, reciprocal=0, diversity=0, timezone=0)
    )
    parts = score_parts(heavy, mentor, mentee)
    assert parts.forward == 3.0
    assert parts.total == parts.forward + parts.reciprocal + parts.diversity + parts.timezone


@settings(max_examples=80, deadline=None)
@given(problems(max_mentors=4, max_mentees=5))
def test_every_part_lies_between_zero_and_its_weight(problem: Problem) -> None:
    weights = problem.weights
    for m in problem.mentors:
        for e in problem.mentees:
            parts = score_parts(problem, m, e)
            for name in ("forward", "reciprocal", "diversity", "timezone"):
                assert 0.0 <= getattr(parts, name) <= getattr(weights, name) + 1e-6


@settings(max_examples=80, deadline=None)
@given(problems(max_mentors=4, max_mentees=5))
def test_scalar_and_vectorised_scores_agree_to_the_micro_point(problem: Problem) -> None:
    arrays = compile_problem(problem)
    mentors = np.arange(arrays.mentors.size)
    mentees = np.arange(arrays.mentees.size)
    block = block_points(arrays, mentors, mentees)
    i, j = np.meshgrid(mentors, mentees, indexing="ij")
    pairs = pair_points(arrays, i.ravel(), j.ravel())
    for a, m in enumerate(arrays.mentors.people):
        for b, e in enumerate(arrays.mentees.people):
            parts = score_parts(problem, m, e)
            scalar = [
                round(getattr(parts, n) * SCALE)
                for n in ("forward", "reciprocal", "diversity", "timezone")
            ]
            vector = [
                int(getattr(block, n)[a, b])
                for n in ("forward", "reciprocal", "diversity", "timezone")
            ]
            flat = [
                int(getattr(pairs, n)[a * mentees.size + b])
                for n in ("forward", "reciprocal", "diversity", "timezone")
            ]
            assert scalar == vector == flat


@settings(max_examples=40, deadline=None)
@given(problems(max_mentors=4, max_mentees=5))
def test_screening_scores_stay_within_their_error_margin(problem: Problem) -> None:
    from crossgen.matching.feasibility import class_feasible
    from crossgen.matching.screening import build_features

    arrays = compile_problem(problem)
    features = build_features(arrays)
    mentors, mentees = np.arange(arrays.mentors.size), np.arange(arrays.mentees.size)
    approx = features.block(arrays, mentors, mentees)
    exact = block_points(arrays, mentors, mentees).total / SCALE
    allowed = class_feasible(arrays, mentors[:, None], mentees[None, :])
    assert np.all(np.abs(approx - exact)[allowed] <= features.margin)
    assert np.all(approx[~allowed] < -features.big / 2)


def test_the_candidate_scan_gives_the_same_lists_in_slices_as_in_one_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from benchmarks.synthetic import synthetic_problem
    from crossgen.matching import screening
    from crossgen.matching.screening import build_features

    # One-to-one, so that each mentor keeps its 11 best mentees; many ties.
    arrays = compile_problem(synthetic_problem(400, 400, seed=5, capacity=1))
    features = build_features(arrays)
    order = np.random.default_rng(5).permutation(arrays.mentors.size)
    mentees = np.arange(arrays.mentees.size)
    mentor_k = np.full(arrays.mentors.size, 11)
    whole = features.best_mentors(order, mentees, 12, mentor_k)
    monkeypatch.setattr(screening, "_SLICE", 7)
    reported: list[float] = []
    sliced = features.best_mentors(order, mentees, 12, mentor_k, reported.append)
    for one, other in zip(whole, sliced, strict=True):
        np.testing.assert_array_equal(one, other)
    assert len(reported) > 10 and reported[-1] == 1.0
