"""Maximum-weight b-matching on an arc list, exact, with its dual certificate.

Left vertices (mentees) take at most one right vertex; right vertices (mentors)
take at most ``capacity`` left vertices; anybody may stay unmatched. The
primal and the mentor potentials come from the auction in
``crossgen.matching.auction``; the mentee potentials are then computed exactly
as ``v[j] = max(0, max_i(scale * w[i, j] - u[i]))``, so ``(u, v)`` is dual
feasible by construction and ``floor((sum(capacity * u) + sum(v)) / scale)``
is an upper bound on every b-matching, in the unscaled integer units. It equals
the matching's value when the matching is optimal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from crossgen.matching.arrays import distinct
from crossgen.matching.auction import (
    THETA,
    AuctionState,
    Graph,
    add_arcs,
    assignment,
    build_graph,
    first_epsilon,
    has_arcs,
    new_state,
    repair,
    run_auction,
)

_REPAIR_ARC_PASSES = 1
"""A repair may make this many bids and offers per arc of the graph before it
counts as a price war and the solve re-runs every phase from the warm prices
(which costs about as much)."""
_REPAIR_SHARE = 0.1
"""When more than this share of the mentees gained arcs, the solve starts
afresh: a repair would touch most of them anyway, and the old prices are no
better a start than zero."""

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, kw_only=True)
class BMatching:
    """A maximum-weight b-matching and its dual certificate.

    ``right_of_left[j]`` is the right vertex of left vertex ``j`` or -1.
    Potentials are in units scaled by ``scale``: ``u[i] + v[j] >= scale * w`` on
    every arc, ``u, v >= 0``; ``bound = floor((sum(capacity * u) + sum(v)) / scale)``
    bounds every b-matching and equals ``value`` when the matching is optimal.
    """

    right_of_left: IntArray
    value: int
    u: IntArray
    v: IntArray
    scale: int
    bound: int
    state: AuctionState | None = None  # for warm starts after the graph grows
    graph: Graph | None = None
    closed: IntArray | None = None  # potential of mentors without places


def exact_sum(values: IntArray) -> int:
    """Sum of an int64 array without overflow (Python integers)."""
    if values.size == 0:
        return 0
    high, low = values >> 31, values & ((1 << 31) - 1)
    return (int(high.sum()) << 31) + int(low.sum())


def solve_b_matching(
    left: npt.ArrayLike,
    right: npt.ArrayLike,
    weight: npt.ArrayLike,
    *,
    capacity: npt.ArrayLike,
    n_left: int,
) -> BMatching:
    """See ``crossgen.matching.assignment.max_weight_b_matching``."""
    j, i, w, cap = _check(left, right, weight, capacity, n_left)
    n_left = int(n_left)
    scale = n_left + 1
    closed = np.zeros(cap.size, dtype=np.int64)  # a mentor without places: any u is free
    np.maximum.at(closed, i[cap[i] == 0], scale * np.maximum(w[cap[i] == 0], 0))
    keep = (w > 0) & (cap[i] > 0)  # nothing to gain from the rest
    graph = build_graph(j[keep], i[keep], w[keep], cap, n_left, scale)
    return _solve(graph, closed, scale, None, None)


def extend_b_matching(
    previous: BMatching, left: npt.ArrayLike, right: npt.ArrayLike, weight: npt.ArrayLike
) -> BMatching:
    """``previous`` re-solved after adding the arcs ``(left, right, weight)``
    (none of them in its graph yet): only the mentees that gained arcs re-bid,
    from the previous prices (falling back to a fresh solve if that turns into
    a long price war). ``previous`` may not be used afterwards: its auction
    state moves on."""
    graph, state = previous.graph, previous.state
    if graph is None or state is None or previous.closed is None:
        raise ValueError("previous: not a solve_b_matching result")
    j, i, w, cap = _check(left, right, weight, graph.capacity, graph.n_left)
    if has_arcs(graph, j, i):
        raise ValueError("left, right: an arc is in the graph already")
    scale = previous.scale
    closed = previous.closed.copy()
    np.maximum.at(closed, i[cap[i] == 0], scale * np.maximum(w[cap[i] == 0], 0))
    keep = (w > 0) & (cap[i] > 0)
    graph = add_arcs(graph, j[keep], i[keep], w[keep], scale)
    return _solve(graph, closed, scale, state, np.unique(j))


def _solve(
    graph: Graph,
    closed: IntArray,
    scale: int,
    warm: AuctionState | None,
    changed: IntArray | None,
) -> BMatching:
    state = None
    result = None
    if warm is not None and (changed is None or changed.size > _REPAIR_SHARE * graph.n_left):
        warm = None  # much has changed: a fresh solve is faster than either repair
    if (
        warm is not None
        and changed is not None
        and repair(graph, warm, changed, max_steps=_repair_steps(graph))
    ):
        state = warm
        result = _certified(graph, state, closed, scale)
        # Reverse offers made at a coarse epsilon can leave a few mentees only
        # coarsely balanced: re-open the ones whose slack keeps the bound up.
        for _ in range(6):
            if result[3] == result[4]:
                break
            loose = _loose_mentees(graph, state, result[2])
            if not repair(graph, state, loose, max_steps=_repair_steps(graph), epsilon=1):
                break
            result = _certified(graph, state, closed, scale)
    if warm is not None and (result is None or result[3] != result[4]):
        # A repair that ran into a price war: all phases again, from a finer
        # epsilon and from the warm prices, which are close to the new ones.
        state = warm
        run_auction(graph, state, epsilon=max(1, first_epsilon(graph) // THETA**3))
        result = _certified(graph, state, closed, scale)
    # A repair that did not reach the optimum falls back to a fresh solve.
    if result is None or result[3] != result[4]:
        state = new_state(graph)
        run_auction(graph, state, epsilon=first_epsilon(graph))
        result = _certified(graph, state, closed, scale)
    right_of_left, u, v, value, bound = result
    return BMatching(
        right_of_left=right_of_left,
        value=value,
        u=u,
        v=v,
        scale=scale,
        bound=bound,
        state=state,
        graph=graph,
        closed=closed,
    )


def _repair_steps(graph: Graph) -> int:
    return _REPAIR_ARC_PASSES * (int(graph.left_right.size) + graph.n_left)


def _certified(
    graph: Graph, state: AuctionState, closed: IntArray, scale: int
) -> tuple[IntArray, IntArray, IntArray, int, int]:
    right_of_left = assignment(graph, state)
    u = state.price + closed
    v = mentee_potentials(graph, u)
    # Each holder's weight is its arc's scaled weight: the sum divides exactly.
    value = exact_sum(state.held_weight[state.holder_slot >= 0]) // scale
    bound = (exact_sum(graph.capacity * u) + exact_sum(v)) // scale
    return right_of_left, u, v, value, bound


def _loose_mentees(graph: Graph, state: AuctionState, v: IntArray) -> IntArray:
    """Mentees whose potential exceeds their profit at their mentor's price."""
    profit = np.zeros(graph.n_left, dtype=np.int64)
    holding = np.flatnonzero(state.holder_slot >= 0)
    mentor = state.slot_owner[state.holder_slot[holding]]
    profit[holding] = state.held_weight[holding] - state.price[mentor]
    return np.flatnonzero(v - profit > 1)


def mentee_potentials(graph: Graph, u: IntArray) -> IntArray:
    """``v[j] = max(0, max over j's arcs of (W - u[i]))``, the smallest feasible v."""
    v = np.zeros(graph.n_left, dtype=np.int64)
    if graph.left_right.size == 0:
        return v
    slack = graph.left_weight - u[graph.left_right]
    has = np.flatnonzero(np.diff(graph.left_start) > 0)
    v[has] = np.maximum(0, np.maximum.reduceat(slack, graph.left_start[has]))
    return v


def _check(
    left: npt.ArrayLike,
    right: npt.ArrayLike,
    weight: npt.ArrayLike,
    capacity: npt.ArrayLike,
    n_left: int,
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    j = np.asarray(left, dtype=np.int64).ravel()
    i = np.asarray(right, dtype=np.int64).ravel()
    w = np.asarray(weight).ravel()
    cap = np.asarray(capacity, dtype=np.int64).ravel()
    problems = []
    if not j.size == i.size == w.size:
        problems.append(f"left, right, weight: lengths differ ({j.size}, {i.size}, {w.size})")
    if w.size and not np.issubdtype(w.dtype, np.integer):
        problems.append("weight: expected integers (scale and round scores first)")
    elif w.size and int(np.abs(w).max()) * (n_left + 1) >= 1 << 61:
        problems.append("weight: too large to scale exactly in 64 bits")
    if (cap < 0).any():
        problems.append("capacity: must be >= 0")
    if j.size == i.size and j.size:
        if j.min() < 0 or j.max() >= n_left:
            problems.append(f"left: indices must lie in [0, {n_left})")
        if i.min() < 0 or i.max() >= cap.size:
            problems.append(f"right: indices must lie in [0, {cap.size})")
        elif distinct(i * n_left + j).size != j.size:
            problems.append("left, right: an arc is listed twice")
    if problems:
        raise ValueError("; ".join(problems))
    return j, i, w.astype(np.int64), cap
