"""The certificate check: the dual potentials against every feasible pair.

The duals ``u`` (mentors) and ``v`` (mentees) from the candidate graph prove
the matching optimal over *all* feasible pairs once ``scale * weight(i, j) <=
u[i] + v[j]`` holds for every feasible pair. Pairs in the graph satisfy it by
construction. A pair left out scores at most its mentee's ceiling, so:

* a mentee with ``scale * weight(ceiling) <= v[j]`` is covered whole (``u >= 0``);
* for the others only mentors with ``u[i] < scale * weight(ceiling) - v[j]``
  can violate; those pairs are screened in blocks with the float32 scores and
  their error margin. Of the survivors, each mentee's ``ADD_PER_MENTEE`` most
  attractive at the current prices (the graph's own arcs masked out) are
  scored exactly; the rest are bounded by the best one left out, which raises
  ``needed_v`` and keeps the loop going if it could violate.

Every pair is covered, and exactly scored pairs stay within
``ADD_PER_MENTEE`` per mentee, however far off the duals are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from crossgen.matching.arrays import SCALE, IntArray
from crossgen.matching.candidates import NO_PAIR, Candidates, keep_best
from crossgen.matching.feasibility import feasible_pairs
from crossgen.matching.scoring import total_points

if TYPE_CHECKING:
    from crossgen.matching.engine import Market

_BLOCK_CELLS = 1 << 22
_MENTEE_BLOCK = 2048


NEAR_POINTS = 20_000
"""Pairs within this many points (0.02) of violating may join the graph along
with the violations: prices move when arcs are added, and near misses are the
next round's violations."""

TIGHT_NEAR_POINTS = 120_000
"""The window (0.12) when nearly every mentor is priced (``u > 0``), as in a
one-to-one market: there each re-solve moves many prices, and a narrow window
costs a long tail of rounds. Elsewhere the wide window would mostly widen the
scan over unpriced mentors."""


def near_points(market: Market, u: IntArray) -> int:
    """The near-miss window for duals ``u`` (see ``TIGHT_NEAR_POINTS``)."""
    open_ = market.capacity > 0
    priced = int(np.count_nonzero(u[open_] > 0))
    return TIGHT_NEAR_POINTS if priced >= 0.9 * int(open_.sum()) else NEAR_POINTS


ADD_PER_MENTEE = 24
"""At most this many pairs per mentee are scored exactly and may join the graph
per round: those most attractive at the current prices (largest approximate
``weight - u[i]``). If a mentee has more that might violate, the rest are
bounded by the best one left out (a proven ``needed_v``) and the loop goes on."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Violations:
    mentor: IntArray  # violating pairs first, then near misses
    mentee: IntArray
    points: IntArray
    violating: int  # how many of the pairs above violate, plus mentees whose
    # unscored pairs might (more than ADD_PER_MENTEE candidates): 0 proves optimality
    needed_v: IntArray  # per mentee: the smallest v[j] covering every pair left out
    pairs_checked: int  # pairs covered (all mentors x free mentees)
    pairs_scored: int  # pairs that had to be screened one by one


def find_violations(
    market: Market,
    candidates: Candidates,
    u: IntArray,
    v: IntArray,
    scale: int,
    *,
    in_graph: IntArray | None = None,
) -> Violations:
    """Feasible pairs with ``scale * weight > u[i] + v[j]``, over all pairs.

    ``in_graph`` (sorted keys ``mentor * n_mentees + mentee``) are the arcs of
    the graph the duals come from: they satisfy the inequality already and are
    left out of each mentee's ``ADD_PER_MENTEE`` places."""
    arrays = market.arrays
    features = candidates.features
    free = market.mentees
    n_e = arrays.mentees.size
    ceiling = candidates.ceiling[free]
    near = near_points(market, u)
    deficit = scale * (market.weight(np.maximum(ceiling, 0)) + near) - v[free]
    suspect = (ceiling != NO_PAIR) & (deficit > 0)
    needed_v = v.copy()
    found: list[tuple[IntArray, IntArray, IntArray, np.ndarray]] = []
    scored = unverified = 0
    if suspect.any():
        by_price = np.argsort(u, kind="stable")
        by_price = by_price[market.capacity[by_price] > 0]
        sorted_u = u[by_price]
        position = np.full(u.size, -1, dtype=np.int64)
        position[by_price] = np.arange(by_price.size)
        keys = np.empty(0, dtype=np.int64) if in_graph is None else in_graph
        graph_mentor, graph_mentee = keys // max(n_e, 1), keys % max(n_e, 1)
        keep_arc = position[graph_mentor] >= 0
        graph_mentor, graph_mentee = graph_mentor[keep_arc], graph_mentee[keep_arc]
        local_of = np.full(n_e, -1, dtype=np.int64)
        rank = np.argsort(-deficit[suspect], kind="stable")
        mentees, deficits = free[suspect][rank], deficit[suspect][rank]
        # Mentor-side threshold in score units; float64 when u and v both carry
        # the participation bonus, which cancels only in their sum; otherwise
        # float32, and 1e-5 more covers its rounding.
        mentor_part = (u / scale - market.bonus - near) / SCALE - features.margin - 1e-5
        exact_type: type[np.floating[Any]] = np.float64 if market.bonus else np.float32
        mentor_part = mentor_part.astype(exact_type)
        for start in range(0, mentees.size, _MENTEE_BLOCK):
            block = mentees[start : start + _MENTEE_BLOCK]
            reach = int(np.searchsorted(sorted_u, deficits[start], side="left"))
            mentee_part = (v[block] / (scale * SCALE)).astype(exact_type)
            chunk = max(256, _BLOCK_CELLS // block.size)
            # gain > 0: the pair may come within `near` points of violating.
            floor = np.zeros(block.size, dtype=exact_type)
            kept_i: list[IntArray] = []
            kept_j: list[IntArray] = []
            kept_g: list[np.ndarray] = []
            held = 0
            # The graph's own arcs of this block, at (position in by_price, column).
            local_of[block] = np.arange(block.size)
            mine = local_of[graph_mentee] >= 0
            arc_row, arc_col = position[graph_mentor[mine]], local_of[graph_mentee[mine]]
            local_of[block] = -1
            for first in range(0, reach, chunk):
                mentors = by_price[first : min(first + chunk, reach)]
                scored += mentors.size * block.size
                gain: np.ndarray[Any, np.dtype[np.floating[Any]]] = features.block(
                    arrays, mentors, block
                ).astype(exact_type, copy=False)
                gain -= mentor_part[mentors][:, None]
                gain -= mentee_part[None, :]
                inside = (arc_row >= first) & (arc_row < first + mentors.size)
                gain[arc_row[inside] - first, arc_col[inside]] = -np.inf
                hits = gain > floor[None, :]
                if mentors.size > ADD_PER_MENTEE and (
                    np.count_nonzero(hits) > 2 * ADD_PER_MENTEE * block.size
                ):
                    # Duals far off: keep each mentee's best few of this chunk only.
                    at = mentors.size - ADD_PER_MENTEE
                    np.maximum(floor, np.partition(gain, at, axis=0)[at], out=floor)
                    hits = gain > floor[None, :]
                hit_i, hit_j = np.nonzero(hits)
                if hit_i.size:
                    kept_i.append(mentors[hit_i])
                    kept_j.append(hit_j)
                    kept_g.append(gain[hit_i, hit_j])
                    held += hit_i.size
                if held > 4 * ADD_PER_MENTEE * block.size:
                    pruned = keep_best(kept_i, kept_j, kept_g, floor, ADD_PER_MENTEE)
                    kept_i, kept_j, kept_g = [pruned[0]], [pruned[1]], [pruned[2]]
                    held = pruned[0].size
            i, local, _ = keep_best(kept_i, kept_j, kept_g, floor, ADD_PER_MENTEE)
            if i.size:
                _exact(market, i, block[local], u, v, scale, needed_v, found, near)
            # Pairs left unscored have gain <= floor: bound their excess.
            cut = floor > 0
            if cut.any():
                above = SCALE * floor[cut].astype(np.float64) - near + 2
                rest = np.ceil(scale * above).astype(np.int64)
                needed_v[block[cut]] = np.maximum(needed_v[block[cut]], v[block[cut]] + rest)
                unverified += int((rest > 0).sum())
    if found:
        mentor, mentee, points, bad = (np.concatenate(p) for p in zip(*found, strict=True))
        order = np.argsort(~bad, kind="stable")
        mentor, mentee, points = mentor[order], mentee[order], points[order]
        violating = int(bad.sum()) + unverified
    else:
        mentor = mentee = points = np.empty(0, dtype=np.int64)
        violating = unverified
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
    near: int,
) -> None:
    ok = feasible_pairs(market.arrays, i, j)
    i, j = i[ok], j[ok]
    points = total_points(market.arrays, i, j)
    excess = scale * market.weight(points) - u[i]
    np.maximum.at(needed_v, j, excess)
    close = excess > v[j] - scale * near
    found.append((i[close], j[close], points[close], excess[close] > v[j[close]]))
