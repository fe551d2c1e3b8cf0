"""The stable matcher's fast preference blocks equal the engine's own scoring
(``scoring.block_points``, ``feasibility.feasible_pairs``) cell for cell."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossgen.matching.arrays import compile_problem
from crossgen.matching.feasibility import feasible_pairs
from crossgen.matching.preferences import StablePreferences
from crossgen.matching.problem import Objective, Problem
from crossgen.matching.scoring import block_points
from crossgen.matching.stable import market_preferences
from tests.matching.strategies import problems


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_mentors=6, max_mentees=7, objective=Objective.STABLE))
def test_preference_blocks_equal_the_engines_scores_and_rules(problem: Problem) -> None:
    arrays = compile_problem(problem)
    preferences = market_preferences(arrays)
    n_e, n_m = preferences.shape
    points = block_points(arrays, preferences.mentors, preferences.mentees)
    feasible = feasible_pairs(arrays, preferences.mentors[:, None], preferences.mentees[None, :]).T
    expected = np.where(feasible, (points.forward + points.timezone).T.astype(float), -np.inf)

    for rows in (np.arange(n_e), np.arange(n_e)[::2], np.arange(n_e)[1:]):
        block = preferences.proposer_block(rows)
        assert np.array_equal(block.values, expected[rows])
        assert block.row_degree.tolist() == feasible[rows].sum(axis=1).tolist()
        assert block.column_degree.tolist() == feasible[rows].sum(axis=0).tolist()

    rows, columns = np.meshgrid(np.arange(n_e), np.arange(n_m), indexing="ij")
    mentor_value = preferences.receiver_pairs(rows.ravel(), columns.ravel()).reshape(n_e, n_m)
    expected_mentor_value = (points.reciprocal + points.diversity).T.astype(float)
    assert np.array_equal(mentor_value, expected_mentor_value)
    if n_e:
        assert np.array_equal(preferences.receiver_block(np.arange(n_e)), expected_mentor_value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_mentors=6, max_mentees=7), st.data())
def test_blocks_over_any_subsets_of_mentors_and_mentees_equal_the_engines(
    problem: Problem, data: st.DataObject
) -> None:
    arrays = compile_problem(problem)
    n_m, n_e = arrays.mentors.size, arrays.mentees.size
    mentors = np.array(
        data.draw(st.lists(st.integers(0, n_m - 1), min_size=1, unique=True)), dtype=np.int64
    )
    mentees = np.array(
        data.draw(st.lists(st.integers(0, n_e - 1), min_size=1, unique=True)), dtype=np.int64
    )
    preferences = StablePreferences(arrays=arrays, mentors=mentors, mentees=mentees)
    points = block_points(arrays, mentors, mentees)
    feasible = feasible_pairs(arrays, mentors[:, None], mentees[None, :]).T
    rows = np.arange(mentees.size)
    block = preferences.proposer_block(rows)
    expected = np.where(feasible, (points.forward + points.timezone).T.astype(float), -np.inf)
    assert np.array_equal(block.values, expected)
    assert block.column_degree.tolist() == feasible.sum(axis=0).tolist()
    assert np.array_equal(
        preferences.receiver_block(rows), (points.reciprocal + points.diversity).T.astype(float)
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_mentors=4, max_mentees=5, objective=Objective.STABLE))
def test_pinned_mentees_are_out_of_the_market_and_both_sides_are_in_id_order(
    problem: Problem,
) -> None:
    arrays = compile_problem(problem)
    preferences = market_preferences(arrays)
    mentor_ids = [arrays.mentors.ids[i] for i in preferences.mentors]
    mentee_ids = [arrays.mentees.ids[j] for j in preferences.mentees]
    pinned = {mentee for _, mentee in problem.rules.pinned}
    assert mentor_ids == sorted(p.id for p in problem.mentors)
    assert mentee_ids == sorted(p.id for p in problem.mentees if p.id not in pinned)
