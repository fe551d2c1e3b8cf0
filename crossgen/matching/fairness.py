"""The fair objective: as many pairs as the rules allow, then the best possible
worst pair, then the largest total.

1. A certified max-participation solve gives the most pairs ``k*``.
2. The bottleneck ``t*``: the largest score threshold such that pairs scoring
   at least ``t*`` still place ``k*`` mentees. A binary search on the candidate
   graph (Hopcroft-Karp, cheap) finds a threshold that surely works; certified
   solves above it then either find ``k*`` pairs (move up) or prove, by their
   dual bound, that fewer are possible (stop).
3. A certified max-participation solve among pairs scoring at least ``t*``.

Each step is a certified solve of its own. Past the time budget no further
one starts: the fairest matching found so far is returned, its worst pair
reported as not proven the best.

Pinned pairs are given, so the worst pair is taken over the optimised pairs.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import maximum_bipartite_matching

from crossgen.matching.arrays import SCALE, IntArray
from crossgen.matching.engine import EngineResult, Market, Progress, certified_matching
from crossgen.matching.scoring import pair_points


def solve_fair(
    market: Market, *, k: int, deadline: float | None, progress: Progress
) -> tuple[EngineResult, Market, dict[str, float]]:
    """Return the final engine result, the market it solved and fairness stats."""
    from crossgen.matching.solve import participation_bonus

    bonus = participation_bonus(market)
    widest = replace(market, bonus=bonus)
    first = certified_matching(widest, k=k, deadline=deadline, progress=progress)
    most = first.value // bonus
    if most == 0:
        return first, widest, {"min_score": 0.0, "min_score_proven": float(first.optimal)}
    points = _points_of(market, first)
    low = int(points.min())  # works: the first solve placed everyone at or above it
    cand = first.candidates
    high = int(cand.points.max(initial=low))
    low = _search_on_graph(cand.mentor, cand.mentee, cand.points, market.capacity, most, low, high)
    proven = True
    best = None
    while low < high:
        if _past(deadline):
            proven = False
            break
        probe = replace(widest, min_points=low + 1)
        trial = certified_matching(probe, k=k, deadline=deadline, progress=progress)
        if trial.value // bonus >= most and trial.value > 0:
            tried = _points_of(market, trial)
            low, best = int(tried.min()), (trial, probe)
            continue
        proven = trial.optimal and trial.bound // bonus < most
        break
    if best is not None and best[1].min_points == low:
        final, final_market = best
    elif _past(deadline):
        # No time for another solve: the fairest matching found so far.
        final, final_market = best if best is not None else (first, widest)
        low, proven = int(_points_of(market, final).min()), False
    else:
        final_market = replace(widest, min_points=low)
        final = certified_matching(final_market, k=k, deadline=deadline, progress=progress)
    stats = {"min_score": low / SCALE, "min_score_proven": float(proven and final.optimal)}
    if not proven:
        final = replace(final, optimal=False)
    return final, final_market, stats


def _past(deadline: float | None) -> bool:
    return deadline is not None and time.perf_counter() >= deadline


def _points_of(market: Market, engine: EngineResult) -> IntArray:
    """Points of the pairs the engine placed."""
    placed = np.flatnonzero(engine.mentor_of >= 0)
    return pair_points(market.arrays, engine.mentor_of[placed], placed).total


def _search_on_graph(
    mentor: IntArray,
    mentee: IntArray,
    points: IntArray,
    capacity: IntArray,
    most: int,
    low: int,
    high: int,
) -> int:
    """Largest threshold in [low, high] at which the candidate graph alone still
    places ``most`` mentees (``low`` is known to work)."""
    while low < high:
        mid = (low + high + 1) // 2
        if _cardinality(mentor, mentee, points >= mid, capacity) >= most:
            low = mid
        else:
            high = mid - 1
    return low


def _cardinality(mentor: IntArray, mentee: IntArray, keep: np.ndarray, capacity: IntArray) -> int:
    i, j = mentor[keep], mentee[keep]
    if i.size == 0:
        return 0
    slots = np.minimum(capacity, np.bincount(i, minlength=capacity.size))
    first = np.concatenate([[0], np.cumsum(slots)])
    repeat = slots[i]
    rows = np.repeat(j, repeat)
    within = np.arange(int(repeat.sum())) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    cols = np.repeat(first[i], repeat) + within
    n_rows = int(mentee.max()) + 1
    graph = sp.csr_array((np.ones(rows.size), (rows, cols)), shape=(n_rows, max(int(first[-1]), 1)))
    match = maximum_bipartite_matching(graph, perm_type="column")
    return int((match >= 0).sum())
