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
import numpy.typing as npt

from crossgen.matching.arrays import SCALE, IntArray
from crossgen.matching.candidates import NO_PAIR, Candidates
from crossgen.matching.feasibility import feasible_pairs
from crossgen.matching.scoring import total_points
from crossgen.matching.screening import Features

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


UNKNOWN = np.iinfo(np.int64).max // 4
"""Cover of a mentee never scanned: nothing is known."""
NOTHING = np.iinfo(np.int64).min // 4
"""Cover of a mentee whose every feasible pair is in the graph."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Coverage:
    """What a certificate round proved, for the next one: ``cover[j]`` bounds
    ``scale * weight(i, j) - u[i]`` over every feasible pair of positive weight
    left out of the graph, at these mentor potentials ``u`` (a pair of weight
    <= 0 never breaks ``u[i] + v[j] >= scale * weight`` with ``u, v >= 0``). The graph only grows and a mentor
    whose potential has not dropped only tightens the inequality, so a mentee
    with ``cover[j] <= v'[j]`` under new duals needs checking only against
    the mentors whose potential dropped."""

    u: IntArray
    cover: IntArray


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
    coverage: Coverage
    rejected: IntArray  # sorted keys of scored pairs that need no covering (see _Scan._exact)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Plan:
    """Which mentees a check scans, against which mentors (see find_violations)."""

    ceiling: IntArray  # per free mentee
    near: int
    deficit: IntArray  # per free mentee: mentors with u[i] below it may violate
    suspect: npt.NDArray[np.bool_]  # per free mentee: its ceiling does not cover it
    held: npt.NDArray[np.bool_]  # suspects the previous round's coverage still covers
    open_: IntArray  # mentors with places
    dropped: IntArray  # open mentors whose potential dropped since the previous round


def _plan(
    market: Market,
    candidates: Candidates,
    u: IntArray,
    v: IntArray,
    scale: int,
    previous: Coverage | None,
) -> _Plan:
    free = market.mentees
    ceiling = candidates.ceiling[free]
    near = near_points(market, u)
    deficit = scale * (market.weight(np.maximum(ceiling, 0)) + near) - v[free]
    suspect = (ceiling != NO_PAIR) & (deficit > 0)
    open_ = np.flatnonzero(market.capacity > 0)
    held = np.zeros(free.size, dtype=bool)
    dropped = open_
    if previous is not None:
        held = suspect & (previous.cover[free] <= v[free])
        dropped = open_[u[open_] < previous.u[open_]]
    return _Plan(
        ceiling=ceiling,
        near=near,
        deficit=deficit,
        suspect=suspect,
        held=held,
        open_=open_,
        dropped=dropped,
    )


def pairs_to_check(
    market: Market,
    candidates: Candidates,
    u: IntArray,
    v: IntArray,
    scale: int,
    *,
    previous: Coverage | None = None,
) -> int:
    """How many pairs ``find_violations`` with the same arguments would screen
    one by one (its ``pairs_scored``), found without screening any: what the
    check will cost, for a caller on a time budget."""
    plan = _plan(market, candidates, u, v, scale, previous)
    fresh = plan.suspect & ~plan.held
    _, fresh_reach = _by_price(u, plan.open_, plan.deficit[fresh])
    _, held_reach = _by_price(u, plan.dropped, plan.deficit[plan.held])
    return int(fresh_reach.sum()) + int(held_reach.sum())


def _by_price(u: IntArray, mentors: IntArray, deficit: IntArray) -> tuple[IntArray, IntArray]:
    """``mentors`` cheapest first, and how many of them each mentee's
    ``deficit`` reaches (those with ``u[i] < deficit``, a prefix)."""
    by_price = mentors[np.argsort(u[mentors], kind="stable")]
    return by_price, np.searchsorted(u[by_price], deficit, side="left")


def find_violations(
    market: Market,
    candidates: Candidates,
    u: IntArray,
    v: IntArray,
    scale: int,
    *,
    in_graph: IntArray | None = None,
    previous: Coverage | None = None,
) -> Violations:
    """Feasible pairs with ``scale * weight > u[i] + v[j]``, over all pairs.

    ``in_graph`` (sorted keys ``mentor * n_mentees + mentee``) are the arcs of
    the graph the duals come from: they satisfy the inequality already and are
    left out of each mentee's ``ADD_PER_MENTEE`` places. ``previous`` is the
    last round's coverage of the same market: mentees it still covers are
    checked only against the mentors whose potential dropped since."""
    arrays = market.arrays
    free = market.mentees
    plan = _plan(market, candidates, u, v, scale, previous)
    ceiling, near, deficit = plan.ceiling, plan.near, plan.deficit
    suspect, held = plan.suspect, plan.held
    needed_v = v.copy()
    cover = np.full(arrays.mentees.size, UNKNOWN, dtype=np.int64)
    # Every pair left out of the graph scores at most the mentee's ceiling.
    ceiling_cover = np.where(
        ceiling == NO_PAIR, NOTHING, scale * market.weight(np.maximum(ceiling, 0))
    )
    # Scanned, a mentee's pairs beyond its reach (u[i] >= deficit) and those
    # whose gain is <= 0 give at most v[j] - scale * near; the scan raises
    # this for the pairs it scores or bounds.
    cover[free] = v[free] - scale * near
    scan = _Scan(market, candidates.features, u, v, scale, near, in_graph, needed_v, cover)
    if previous is not None:
        cover[free[held]] = np.maximum(cover[free[held]], previous.cover[free[held]])
    scan.run(free[suspect & ~held], deficit[suspect & ~held], plan.open_)
    if held.any():
        scan.run(free[held], deficit[held], plan.dropped)
    cover[free] = np.minimum(cover[free], ceiling_cover)
    if scan.found:
        mentor, mentee, points, bad = (np.concatenate(p) for p in zip(*scan.found, strict=True))
        order = np.argsort(~bad, kind="stable")
        mentor, mentee, points = mentor[order], mentee[order], points[order]
        violating = int(bad.sum()) + scan.unverified
    else:
        mentor = mentee = points = np.empty(0, dtype=np.int64)
        violating = scan.unverified
    return Violations(
        mentor=mentor,
        mentee=mentee,
        points=points,
        violating=violating,
        needed_v=needed_v,
        pairs_checked=int(plan.open_.size) * int(free.size),
        pairs_scored=scan.scored,
        coverage=Coverage(u=u.copy(), cover=cover),
        rejected=np.unique(np.concatenate(scan.rejected)),
    )


class _Scan:
    """Screens mentees against some mentors with the compiled scan; collects
    exactly scored violations and near misses, raises ``needed_v`` and
    ``cover`` to what it proves."""

    def __init__(
        self,
        market: Market,
        features: Features,
        u: IntArray,
        v: IntArray,
        scale: int,
        near: int,
        in_graph: IntArray | None,
        needed_v: IntArray,
        cover: IntArray,
    ) -> None:
        self.market, self.features = market, features
        self.u, self.v, self.scale, self.near = u, v, scale, near
        self.in_graph = in_graph
        self.needed_v, self.cover = needed_v, cover
        self.found: list[tuple[IntArray, IntArray, IntArray, np.ndarray]] = []
        self.rejected: list[IntArray] = [np.empty(0, dtype=np.int64)]
        self.scored = self.unverified = 0

    def run(self, mentees: IntArray, deficit: IntArray, mentors: IntArray) -> None:
        """Check ``mentees`` (with their deficits) against ``mentors``; pairs
        with any other mentor must be covered already."""
        if mentees.size == 0:
            return
        u, v, scale, near = self.u, self.v, self.scale, self.near
        market, features = self.market, self.features
        n_e = market.arrays.mentees.size
        by_price, reach = _by_price(u, mentors, deficit)
        position = np.full(u.size, -1, dtype=np.int64)
        position[by_price] = np.arange(by_price.size)
        # Mentor-side threshold in score units (float64: when u and v both carry
        # the participation bonus, it cancels only in their sum).
        mentor_part = (u[by_price] / scale - market.bonus - near) / SCALE - features.margin - 1e-5
        mentee_part = v[mentees] / (scale * SCALE)
        arc_start, arc_column = _graph_arcs(self.in_graph, n_e, mentees, position)
        self.scored += int(reach.sum())
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
            self._exact(i, j)
        # Pairs left unscored have gain <= floor: bound their excess.
        cut = floor > 0
        if cut.any():
            above = SCALE * floor[cut] - near + 2
            rest = np.ceil(scale * above).astype(np.int64)
            raised = v[mentees[cut]] + rest
            self.needed_v[mentees[cut]] = np.maximum(self.needed_v[mentees[cut]], raised)
            self.cover[mentees[cut]] = np.maximum(self.cover[mentees[cut]], raised)
            self.unverified += int((rest > 0).sum())

    def _exact(self, i: IntArray, j: IntArray) -> None:
        market, u, v, scale = self.market, self.u, self.v, self.scale
        ok = feasible_pairs(market.arrays, i, j)
        # Pairs a per-pair rule forbids, and (below) pairs the objective
        # excludes, never need covering: masked from later scans, so that they
        # cannot fill a mentee's places round after round.
        self.rejected.append(market.arrays.key(i[~ok], j[~ok]))
        i, j = i[ok], j[ok]
        points = total_points(market.arrays, i, j)
        useless = market.weight(points) <= 0
        self.rejected.append(market.arrays.key(i[useless], j[useless]))
        i, j, points = i[~useless], j[~useless], points[~useless]
        excess = scale * market.weight(points) - u[i]
        np.maximum.at(self.needed_v, j, excess)
        np.maximum.at(self.cover, j, excess)
        close = excess > v[j] - scale * self.near
        self.found.append((i[close], j[close], points[close], excess[close] > v[j[close]]))


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
