"""The two compiled scans keep exactly the lists a brute force over the score
block keeps: best first, equal values in ``tie_key`` order. The programs are
wider than one run of columns, so that the branch-free block checks, the runs
and (with small slices) the bars carried from one slice to the next all take
part; one is a program of alike people, where most scores tie with a list's
last entry, and the violation scan also runs on parts of few distinct values,
as real duals are (many are 0)."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.synthetic import alike_problem, synthetic_problem
from crossgen.matching import screening
from crossgen.matching.arrays import compile_problem
from crossgen.matching.screening import Features, build_features
from crossgen.matching.screening_kernels import tie_key

N_MENTORS, N_MENTEES = 2_300, 260


def _tie_keys(columns: np.ndarray, mentees: np.ndarray) -> np.ndarray:
    return np.array(
        [[tie_key(int(c), int(j)) for j in mentees] for c in columns], dtype=np.uint64
    ).reshape(columns.size, mentees.size)


def _best_first(
    values: np.ndarray, keys: np.ndarray, eligible: np.ndarray, width: int
) -> list[int]:
    """Positions of the ``width`` best eligible entries (value, then key)."""
    positions = np.flatnonzero(eligible)
    ranked = sorted(positions, key=lambda p: (values[p], keys[p]), reverse=True)
    return [int(p) for p in ranked[:width]] + [-1] * max(0, width - len(ranked))


Program = tuple[Features, np.ndarray, np.ndarray, np.ndarray]


@pytest.fixture(scope="module", params=["diverse", "alike"])
def program(request: pytest.FixtureRequest) -> Program:
    problem = synthetic_problem(N_MENTORS, N_MENTEES, seed=11, capacity=1)
    if request.param == "alike":
        problem = alike_problem(problem, 3)
    arrays = compile_problem(problem)
    features = build_features(arrays)
    order = np.random.default_rng(11).permutation(arrays.mentors.size)
    mentees = np.random.default_rng(12).permutation(arrays.mentees.size)
    scores = features.block(arrays, order, mentees)  # columns x mentees
    return features, order, mentees, scores


# 37 mentees a slice: the bars carry often; 160: each run's own lists fill too.
@pytest.mark.parametrize("slice_size", [None, 37, 160])
def test_the_candidate_scan_keeps_each_side_s_best_pairs(
    program: Program,
    slice_size: int | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    features, order, mentees, scores = program
    if slice_size is not None:
        monkeypatch.setattr(screening, "_SLICE", slice_size)
    k = 12
    mentor_k = np.random.default_rng(13).integers(1, 8, size=order.size)
    limit = np.empty_like(mentor_k)
    limit[np.arange(order.size)] = mentor_k[order]
    top, top_score, side = features.best_mentors(order, mentees, k, mentor_k)

    keys = _tie_keys(np.arange(order.size), mentees)
    allowed = scores > -features.big / 2
    for q in range(mentees.size):
        expected = _best_first(scores[:, q], keys[:, q], allowed[:, q], k + 1)
        assert top[q].tolist() == expected
        listed = np.array(expected) >= 0
        np.testing.assert_array_equal(top_score[q][listed], scores[np.array(expected)[listed], q])
    for column in range(order.size):
        expected = _best_first(scores[column], keys[column], allowed[column], int(limit[column]))
        assert side[column, : limit[column]].tolist() == expected
        assert (side[column, limit[column] :] == -1).all()


@pytest.mark.parametrize("parts", ["spread", "few values"])
def test_the_violation_scan_keeps_each_mentee_s_largest_gains(program: Program, parts: str) -> None:
    features, order, mentees, scores = program
    rng = np.random.default_rng(14)
    places = 6
    allowed = scores > -features.big / 2
    # Parts that leave some pairs of every mentee gaining, many not.
    typical = np.quantile(scores[allowed], 0.9)
    mentor_part = rng.uniform(0.0, 0.5 * typical, size=order.size)
    mentee_part = rng.uniform(0.2 * typical, 0.6 * typical, size=mentees.size)
    if parts == "few values":  # many gains tie, at the bars too
        mentor_part = rng.choice([0.0, 0.0, 0.25 * typical], size=order.size)
        mentee_part = rng.choice([0.3 * typical, 0.5 * typical], size=mentees.size)
    reach = rng.integers(0, order.size + 1, size=mentees.size)
    reach[:3] = order.size
    own = [np.sort(rng.choice(order.size, size=5, replace=False)) for _ in mentees]
    arc_start = np.concatenate([[0], np.cumsum([a.size for a in own])])
    arc_column = np.concatenate(own)

    best, gain, floor = features.violations(
        order, mentees, reach, mentor_part, mentee_part, arc_start, arc_column, places
    )

    keys = _tie_keys(np.arange(order.size), mentees)
    gains = scores.astype(np.float64) - mentor_part[:, None] - mentee_part[None, :]
    for q in range(mentees.size):
        eligible = allowed[:, q] & (gains[:, q] > 0) & (np.arange(order.size) < reach[q])
        eligible[own[q]] = False
        expected = _best_first(gains[:, q], keys[:, q], eligible, places + 1)
        assert best[q].tolist() == expected[:places]
        listed = np.array(expected[:places]) >= 0
        np.testing.assert_array_equal(
            gain[q][listed], gains[np.array(expected[:places])[listed], q]
        )
        left_out = gains[expected[places], q] if expected[places] >= 0 else 0.0
        assert floor[q] == left_out
    assert (best >= 0).sum() >= mentees.size  # the parts leave real work
