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
from typing import TYPE_CHECKING

import numpy as np

from crossgen.matching.arrays import SCALE, IntArray
from crossgen.matching.candidates import NO_PAIR, Candidates
from crossgen.matching.feasibility import feasible_pairs
from crossgen.matching.scoring import total_points

if TYPE_CHECKING:
    from crossgen.matching.engine import Market


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
        mentees = free[suspect]
        reach = np.searchsorted(sorted_u, deficit[suspect], side="left")
        # Mentor-side threshold in score units (float64: when u and v both carry
        # the participation bonus, it cancels only in their sum).
        mentor_part = (u[by_price] / scale - market.bonus - near) / SCALE - features.margin - 1e-5
        mentee_part = v[mentees] / (scale * SCALE)
        arc_start, arc_column = _graph_arcs(in_graph, n_e, mentees, position)
        scored = int(reach.sum())
        best, _, floor = features.violations(
            by_price,
            mentees,
            reach,
            mentor_part,
            mentee_part,
            arc_start,
            arc_column,
            ADD_PER_MENTEE,
        )
        listed = best >= 0
        rows = np.broadcast_to(np.arange(mentees.size)[:, None], best.shape)
        i, j = by_price[best[listed]], mentees[rows[listed]]
        if i.size:
            _exact(market, i, j, u, v, scale, needed_v, found, near)
        # Pairs left unscored have gain <= floor: bound their excess.
        cut = floor > 0
        if cut.any():
            above = SCALE * floor[cut] - near + 2
            rest = np.ceil(scale * above).astype(np.int64)
            needed_v[mentees[cut]] = np.maximum(needed_v[mentees[cut]], v[mentees[cut]] + rest)
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


def _graph_arcs(
    in_graph: IntArray | None, n_e: int, mentees: IntArray, position: IntArray
) -> tuple[IntArray, IntArray]:
    """The graph's arcs of each of ``mentees``, as positions in the price
    order (CSR by mentee), so that the scan leaves them out."""
    keys = np.empty(0, dtype=np.int64) if in_graph is None else in_graph
    mentor, mentee = keys // max(n_e, 1), keys % max(n_e, 1)
    local = np.full(n_e, -1, dtype=np.int64)
    local[mentees] = np.arange(mentees.size)
    mine = (local[mentee] >= 0) & (position[mentor] >= 0)
    row, column = local[mentee[mine]], position[mentor[mine]]
    order = np.lexsort((column, row))  # sorted within each mentee: binary search
    start = np.zeros(mentees.size + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=mentees.size), out=start[1:])
    return start, column[order]


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
