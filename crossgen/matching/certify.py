"""The certificate check: the dual potentials against every feasible pair.

The duals ``u`` (mentors) and ``v`` (mentees) from the candidate graph prove
the matching optimal over *all* feasible pairs once ``scale * weight(i, j) <=
u[i] + v[j]`` holds for every feasible pair. Pairs in the graph satisfy it by
construction. A pair left out scores at most its mentee's ceiling, so:

* a mentee with ``scale * weight(ceiling) <= v[j]`` is covered whole (``u >= 0``);
* for the others only mentors with ``u[i] < scale * weight(ceiling) - v[j]``
  can violate; those pairs are screened in blocks with the float32 scores and
  their error margin, and the survivors are scored exactly.

Every pair is covered, and scored pairs never exceed the blocks' size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from crossgen.matching.arrays import SCALE, IntArray
from crossgen.matching.candidates import NO_PAIR, Candidates
from crossgen.matching.feasibility import feasible_pairs
from crossgen.matching.scoring import total_points

if TYPE_CHECKING:
    from crossgen.matching.engine import Market

_BLOCK_CELLS = 1 << 22
_MENTEE_BLOCK = 2048


NEAR_POINTS = 20_000
"""Pairs within this many points (0.02) of violating join the graph along with
the violations: prices move when arcs are added, and near misses are the next
round's violations."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Violations:
    mentor: IntArray  # violating pairs first, then near misses
    mentee: IntArray
    points: IntArray
    violating: int  # how many of the pairs above violate
    needed_v: IntArray  # per mentee: the smallest v[j] covering every pair left out
    pairs_checked: int  # pairs covered (all mentors x free mentees)
    pairs_scored: int  # pairs that had to be screened one by one


def find_violations(
    market: Market, candidates: Candidates, u: IntArray, v: IntArray, scale: int
) -> Violations:
    """Feasible pairs with ``scale * weight > u[i] + v[j]``, over all pairs."""
    arrays = market.arrays
    features = candidates.features
    free = market.mentees
    ceiling = candidates.ceiling[free]
    deficit = scale * (market.weight(np.maximum(ceiling, 0)) + NEAR_POINTS) - v[free]
    suspect = (ceiling != NO_PAIR) & (deficit > 0)
    needed_v = v.copy()
    found: list[tuple[IntArray, IntArray, IntArray, np.ndarray]] = []
    scored = 0
    if suspect.any():
        by_price = np.argsort(u, kind="stable")
        by_price = by_price[market.capacity[by_price] > 0]
        sorted_u = u[by_price]
        rank = np.argsort(-deficit[suspect], kind="stable")
        mentees, deficits = free[suspect][rank], deficit[suspect][rank]
        # Mentor-side threshold in score units; float64 because u and v may both
        # carry the participation bonus, which cancels only in their sum.
        mentor_part = (u / scale - market.bonus - NEAR_POINTS) / SCALE - features.margin
        for start in range(0, mentees.size, _MENTEE_BLOCK):
            block = mentees[start : start + _MENTEE_BLOCK]
            reach = int(np.searchsorted(sorted_u, deficits[start], side="left"))
            mentee_part = v[block] / (scale * SCALE)
            chunk = max(256, _BLOCK_CELLS // block.size)
            for first in range(0, reach, chunk):
                mentors = by_price[first : min(first + chunk, reach)]
                scored += mentors.size * block.size
                approx = features.block(arrays, mentors, block).astype(np.float64)
                approx -= mentor_part[mentors][:, None]
                hit_i, hit_j = np.nonzero(approx > mentee_part[None, :])
                if hit_i.size:
                    i, j = mentors[hit_i], block[hit_j]
                    _exact(market, i, j, u, v, scale, needed_v, found)
    if found:
        mentor, mentee, points, bad = (np.concatenate(p) for p in zip(*found, strict=True))
        order = np.argsort(~bad, kind="stable")
        mentor, mentee, points = mentor[order], mentee[order], points[order]
        violating = int(bad.sum())
    else:
        mentor = mentee = points = np.empty(0, dtype=np.int64)
        violating = 0
    return Violations(
        mentor=mentor,
        mentee=mentee,
        points=points,
        violating=violating,
        needed_v=needed_v,
        pairs_checked=int((market.capacity > 0).sum()) * int(free.size),
        pairs_scored=scored,
    )


def _exact(
    market: Market,
    i: IntArray,
    j: IntArray,
    u: IntArray,
    v: IntArray,
    scale: int,
    needed_v: IntArray,
    found: list[tuple[IntArray, IntArray, IntArray, np.ndarray]],
) -> None:
    ok = feasible_pairs(market.arrays, i, j)
    i, j = i[ok], j[ok]
    points = total_points(market.arrays, i, j)
    excess = scale * market.weight(points) - u[i]
    np.maximum.at(needed_v, j, excess)
    near = excess > v[j] - scale * NEAR_POINTS
    found.append((i[near], j[near], points[near], excess[near] > v[j[near]]))
