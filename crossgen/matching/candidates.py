"""The candidate graph: each free mentee's best feasible mentors, and a proven
ceiling on the points of every feasible pair left out.

Never builds the n x n score matrix: the compiled scan of
``crossgen.matching.screening`` runs through the mentors (in a seeded random
order) once per mentee and keeps only the pairs above the mentee's running
threshold, its ``(k+1)``-th best so far. Each mentee keeps its best ``k``;
every pair left out scored at most the ``(k+1)``-th, so ``ceiling =
that score + margin`` bounds its exact points. The kept pairs are then scored
exactly and checked against every rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from crossgen.matching.arrays import SCALE, IntArray, ProblemArrays, distinct
from crossgen.matching.feasibility import class_feasible, feasible_pairs
from crossgen.matching.scoring import total_points
from crossgen.matching.screening import Features, build_features

if TYPE_CHECKING:
    from crossgen.matching.engine import Market

NO_PAIR = -1
"""Ceiling of a mentee whose every feasible pair is in the graph (points are >= 0)."""

_BLOCK_CELLS = 1 << 22  # float32 cells per block: 16 MB


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidates:
    mentor: IntArray
    mentee: IntArray
    points: IntArray
    ceiling: IntArray  # per mentee (all mentees): proven max points of a feasible pair left out
    features: Features


def generate_candidates(
    market: Market, *, k: int, progress: Callable[[str, float], None]
) -> Candidates:
    """Each free mentee's best ``k`` feasible mentors, scored exactly."""
    arrays = market.arrays
    features = build_features(arrays)
    n_e = arrays.mentees.size
    rng = np.random.default_rng(arrays.problem.seed)
    usable = np.flatnonzero(market.capacity > 0)
    order = usable[rng.permutation(usable.size)]
    ceiling = np.full(n_e, NO_PAIR, dtype=np.int64)
    free = market.mentees
    progress("finding candidates", 0.0)
    # Each mentor's own best mentees join too: without them the graph lacks the
    # outside options that keep popular mentors' prices (and so the duals) honest.
    mentor_k = mentor_list_length(market)
    top, top_score, side = features.best_mentors(
        order, free, k, mentor_k, lambda done: progress("finding candidates", 0.5 * done)
    )
    # The (k+1)-th best bounds every pair left out; fewer means all are in.
    full = top[:, k] >= 0
    ceiling[free[full]] = _ceiling_points(top_score[full, k], features.margin)
    kept = top[:, :k] >= 0
    mentee_row = np.broadcast_to(np.arange(free.size)[:, None], kept.shape)[kept]
    listed = side >= 0
    column = np.broadcast_to(np.arange(order.size)[:, None], side.shape)[listed]
    mentor = order[np.concatenate([top[:, :k][kept], column])]
    mentee = free[np.concatenate([mentee_row, side[listed]])]
    keys = distinct(mentor * max(n_e, 1) + mentee)
    mentor, mentee = keys // max(n_e, 1), keys % max(n_e, 1)
    ok = feasible_pairs(arrays, mentor, mentee)
    mentor, mentee = mentor[ok], mentee[ok]
    return Candidates(
        mentor=mentor,
        mentee=mentee,
        points=total_points(arrays, mentor, mentee),
        ceiling=ceiling,
        features=features,
    )


LOOSE_OPTIONS_PER_PLACE = 2
TIGHT_OPTIONS_PER_PLACE = 10
"""Best mentees each mentor brings into the graph, per place, plus one. In a
tight market (fewer than ``TIGHT_MARKET`` places per mentee, as in one-to-one
programs) every mentor is contested and the optimum often pairs a mentee with
a mentor far down its own list, for whom that mentee is among the best; a
short list there costs rounds of the certificate."""
TIGHT_MARKET = 1.5


def mentor_list_length(market: Market) -> IntArray:
    places = int(market.capacity.sum())
    tight = places < TIGHT_MARKET * max(int(market.mentees.size), 1)
    per_place = TIGHT_OPTIONS_PER_PLACE if tight else LOOSE_OPTIONS_PER_PLACE
    return per_place * market.capacity + 1


def _ceiling_points(threshold: np.ndarray, margin: float) -> IntArray:
    return np.ceil((threshold.astype(np.float64) + margin) * SCALE).astype(np.int64)


def feasible_degrees(arrays: ProblemArrays, market: Market) -> tuple[IntArray, IntArray]:
    """How many feasible partners each mentee (among the free mentees' market)
    and each mentor has, counted per class of (stage, hours, department) and
    corrected for the sparse rules; exact."""
    mentors, mentees = arrays.mentors, arrays.mentees
    free = market.mentees
    m_key = _class_key(mentors.stage, mentors.hours_class, mentors.department)
    e_key = _class_key(mentees.stage[free], mentees.hours_class[free], mentees.department[free])
    m_classes, m_first, m_count = np.unique(m_key, return_index=True, return_counts=True)
    e_classes, e_inverse, e_count = np.unique(e_key, return_inverse=True, return_counts=True)
    e_first = np.zeros(e_classes.size, dtype=np.int64)
    e_first[e_inverse[::-1]] = np.arange(free.size)[::-1]
    if m_classes.size * e_classes.size > 1 << 24:
        return _degrees_by_blocks(arrays, market)
    ok = class_feasible(arrays, m_first[:, None], free[e_first][None, :])
    mentee_degree = np.zeros(mentees.size, dtype=np.int64)
    mentee_degree[free] = (m_count[:, None] * ok).sum(axis=0)[e_inverse]
    m_inverse = np.searchsorted(m_classes, m_key)
    mentor_degree = (ok * e_count[None, :]).sum(axis=1)[m_inverse]
    # Subtract the pairs a sparse rule forbids among those the classes allow.
    if arrays.forbidden.size:
        i = arrays.forbidden // max(mentees.size, 1)
        j = arrays.forbidden % max(mentees.size, 1)
        is_free = np.zeros(mentees.size, dtype=bool)
        is_free[free] = True
        i, j = i[is_free[j]], j[is_free[j]]
        allowed = class_feasible(arrays, i, j)
        np.subtract.at(mentee_degree, j[allowed], 1)
        np.subtract.at(mentor_degree, i[allowed], 1)
    return mentee_degree, mentor_degree


def _class_key(stage: IntArray, hours: np.ndarray, department: np.ndarray) -> IntArray:
    return (
        (stage.astype(np.int64) - stage.min(initial=0)) * (1 << 40)
        + hours.astype(np.int64) * (1 << 20)
        + (department.astype(np.int64) + 1)
    )


def _degrees_by_blocks(arrays: ProblemArrays, market: Market) -> tuple[IntArray, IntArray]:
    mentors = np.arange(arrays.mentors.size)
    mentee_degree = np.zeros(arrays.mentees.size, dtype=np.int64)
    mentor_degree = np.zeros(arrays.mentors.size, dtype=np.int64)
    width = max(1, _BLOCK_CELLS // max(mentors.size, 1))
    for start in range(0, market.mentees.size, width):
        block = market.mentees[start : start + width]
        ok = feasible_pairs(arrays, mentors[:, None], block[None, :])
        mentee_degree[block] = ok.sum(axis=0)
        mentor_degree += ok.sum(axis=1)
    return mentee_degree, mentor_degree
