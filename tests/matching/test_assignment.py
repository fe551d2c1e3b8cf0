"""The assignment core on its own: exact optima with certificates that check."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from crossgen.matching.assignment import (
    check_assignment,
    check_b_matching,
    linear_assignment_dense,
    linear_assignment_sparse,
    max_weight_b_matching,
)
from crossgen.matching.bmatching import extend_b_matching, solve_b_matching


@st.composite
def arc_lists(draw: st.DrawFn) -> tuple[int, int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    n_left, n_right = draw(st.integers(1, 6)), draw(st.integers(1, 5))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    mask = rng.random((n_left, n_right)) < draw(st.floats(0.1, 1.0))
    left, right = np.nonzero(mask)
    scale = draw(st.sampled_from([1, 1000, 10**9]))
    weight = rng.integers(-3, 30, left.size) * scale
    capacity = rng.integers(0, 4, n_right)
    return n_left, n_right, left, right, weight, capacity


def _brute(
    n_left: int, left: np.ndarray, right: np.ndarray, weight: np.ndarray, capacity: np.ndarray
) -> int:
    arcs = {(int(a), int(b)): int(c) for a, b, c in zip(left, right, weight, strict=True)}
    options = [[None, *[b for (a, b) in arcs if a == j]] for j in range(n_left)]
    best = 0
    for choice in itertools.product(*options):
        load = np.zeros(capacity.size, dtype=int)
        for b in choice:
            if b is not None:
                load[b] += 1
        if (load <= capacity).all():
            best = max(best, sum(arcs[(j, b)] for j, b in enumerate(choice) if b is not None))
    return best


@settings(max_examples=150, deadline=None)
@given(arc_lists())
def test_b_matching_is_optimal_and_its_certificate_checks(case) -> None:
    n_left, _, left, right, weight, capacity = case
    result = max_weight_b_matching(left, right, weight, capacity=capacity, n_left=n_left)
    assert check_b_matching(left, right, weight, capacity, result) == []
    assert result.value == _brute(n_left, left, right, weight, capacity)


@settings(max_examples=150, deadline=None)
@given(arc_lists(), st.integers(0, 2**32 - 1))
def test_a_warm_restart_after_adding_arcs_stays_exact(case, seed: int) -> None:
    n_left, _, left, right, weight, capacity = case
    first = np.random.default_rng(seed).random(left.size) < 0.6
    before = solve_b_matching(
        left[first], right[first], weight[first], capacity=capacity, n_left=n_left
    )
    after = extend_b_matching(before, left[~first], right[~first], weight[~first])
    assert check_b_matching(left, right, weight, capacity, after) == []


def test_extending_refuses_an_arc_already_in_the_graph() -> None:
    before = solve_b_matching([0, 1], [0, 0], [3, 2], capacity=[1], n_left=2)
    with pytest.raises(ValueError, match="in the graph already"):
        extend_b_matching(before, [1], [0], [5])


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 7), st.integers(1, 7), st.integers(0, 2**32 - 1), st.booleans())
def test_dense_assignment_matches_scipy_with_tight_potentials(
    n: int, m: int, seed: int, maximize: bool
) -> None:
    cost = np.random.default_rng(seed).integers(-20, 20, (n, m))
    result = linear_assignment_dense(cost, maximize=maximize)
    rows, cols = linear_sum_assignment(cost, maximize=maximize)
    assert result.cost == cost[rows, cols].sum()
    r, c = np.repeat(np.arange(n), m), np.tile(np.arange(m), n)
    assert check_assignment(r, c, cost.ravel(), result) == []


def test_sparse_assignment_refuses_a_problem_without_a_full_matching() -> None:
    with pytest.raises(ValueError, match="full matching"):
        linear_assignment_sparse([0, 1], [0, 0], [1, 2], shape=(2, 2))


def test_inputs_are_checked_with_the_field_named() -> None:
    with pytest.raises(ValueError, match="rows, cols: an arc is listed twice"):
        linear_assignment_sparse([0, 0], [1, 1], [1, 2], shape=(2, 2))
    with pytest.raises(ValueError, match="weight: expected integers"):
        max_weight_b_matching([0], [0], [1.5], capacity=[1], n_left=1)
    with pytest.raises(ValueError, match="cost: expected a 2-D matrix"):
        linear_assignment_dense([1, 2, 3])
