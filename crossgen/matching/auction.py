"""Forward/reverse auction with epsilon-scaling for the maximum-weight
b-matching. The data lives in numpy arrays; the inner loops (one bid or one
reverse offer at a time) are compiled (``crossgen.matching.auction_kernels``).

Mentees are bidders; each mentor has ``capacity`` places ("slots"), each with a
price; a mentee may also stay out (profit 0). A mentor's price ``u[i]`` is its
cheapest slot. Weights are multiplied by ``n + 1`` (``n`` bidders) so that,
with a final ``epsilon = 1``, epsilon-complementary slackness proves the
matching exactly optimal:

* forward round: each free mentee compares ``weight - u[i]`` over its mentors
  (and 0 for staying out), and bids ``best - second + epsilon`` above the
  cheapest slot of its best mentor, where ``second`` is the best *other*
  mentor: slots of one mentor are alike, so the price jumps to where the
  bidder would leave rather than crawling up one slot at a time. Each mentor
  keeps its ``capacity`` highest bids and releases the rest.
* reverse round: a mentor with an empty slot still priced from an earlier
  phase lowers that price to the second-best offer minus epsilon and takes the
  best mentee (or drops the price to 0), so that at the end every mentor with
  room has ``u = 0``, as LP complementary slackness requires.

Why this proves optimality: with ``v[j] = max(0, max_i(W[i, j] - u[i]))`` the
pair ``(u, v)`` is dual feasible. Every holder's profit at its own bid stays
within ``epsilon`` of its best alternative (forward bids are made that way and
alternatives only get dearer; reverse offers price themselves so), the
mentors with room charge 0, and a full mentor's ``capacity * u`` is at most
the sum of its holders' bids; together ``sum(capacity * u) + sum(v) - value <=
n * epsilon = n`` in scaled units, less than one unscaled point.

Work is proportional to the bids and offers made, so long tails of a price
war between a few mentees stay cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from crossgen.matching import auction_kernels as kernels

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

THETA = 8  # epsilon shrinks by this factor per phase


@dataclass(frozen=True, slots=True, kw_only=True)
class Graph:
    """Arcs sorted by mentee (CSR) and by mentor (CSC), weights scaled."""

    n_left: int
    n_right: int
    capacity: IntArray
    left_start: IntArray
    left_right: IntArray  # mentor of each arc, CSR order
    left_weight: IntArray
    left_key: IntArray  # mentee * n_right + mentor, sorted: the CSR order
    right_start: IntArray
    right_left: IntArray  # mentee of each arc, CSC order
    right_weight: IntArray
    right_key: IntArray  # mentor * n_left + mentee, sorted: the CSC order


@dataclass(slots=True)
class AuctionState:
    """Prices and holders of every slot, grouped by mentor, highest price first."""

    slot_start: IntArray  # per mentor, its first slot; the last entry counts all slots
    slot_owner: IntArray  # mentor of each slot
    slot_bid: IntArray  # price of each slot (scaled units)
    slot_holder: IntArray  # mentee holding each slot, -1 if empty
    price: IntArray  # per mentor: its cheapest slot, what a newcomer must beat
    holder_slot: IntArray  # per mentee, its slot or -1
    held_weight: IntArray  # per mentee, the scaled weight of the arc it holds


def build_graph(
    j: IntArray, i: IntArray, w: IntArray, capacity: IntArray, n_left: int, scale: int
) -> Graph:
    # One int64 key per order: argsort of it is faster than lexsort of two.
    left_key = j * capacity.size + i
    right_key = i * max(n_left, 1) + j
    by_left = np.argsort(left_key)
    by_right = np.argsort(right_key)
    scaled = w * scale
    return Graph(
        n_left=n_left,
        n_right=capacity.size,
        capacity=capacity,
        left_start=_starts(np.bincount(j, minlength=n_left)),
        left_right=i[by_left],
        left_weight=scaled[by_left],
        left_key=left_key[by_left],
        right_start=_starts(np.bincount(i, minlength=capacity.size)),
        right_left=j[by_right],
        right_weight=scaled[by_right],
        right_key=right_key[by_right],
    )


def add_arcs(graph: Graph, j: IntArray, i: IntArray, w: IntArray, scale: int) -> Graph:
    """``graph`` with arcs not yet in it, inserted in place of order: the
    same graph as building it afresh from all the arcs, for a fraction of
    the cost when few arcs are new."""
    left_key = j * graph.n_right + i
    right_key = i * max(graph.n_left, 1) + j
    scaled = w * scale
    by_left, by_right = np.argsort(left_key), np.argsort(right_key)
    at_left = np.searchsorted(graph.left_key, left_key[by_left])
    at_right = np.searchsorted(graph.right_key, right_key[by_right])
    return Graph(
        n_left=graph.n_left,
        n_right=graph.n_right,
        capacity=graph.capacity,
        left_start=_starts(np.diff(graph.left_start) + np.bincount(j, minlength=graph.n_left)),
        left_right=np.insert(graph.left_right, at_left, i[by_left]),
        left_weight=np.insert(graph.left_weight, at_left, scaled[by_left]),
        left_key=np.insert(graph.left_key, at_left, left_key[by_left]),
        right_start=_starts(np.diff(graph.right_start) + np.bincount(i, minlength=graph.n_right)),
        right_left=np.insert(graph.right_left, at_right, j[by_right]),
        right_weight=np.insert(graph.right_weight, at_right, scaled[by_right]),
        right_key=np.insert(graph.right_key, at_right, right_key[by_right]),
    )


def has_arcs(graph: Graph, j: IntArray, i: IntArray) -> bool:
    """Whether any of the arcs ``(j, i)`` is in ``graph`` already."""
    if graph.left_key.size == 0 or j.size == 0:
        return False
    keys = j * graph.n_right + i
    at = np.minimum(np.searchsorted(graph.left_key, keys), graph.left_key.size - 1)
    return bool((graph.left_key[at] == keys).any())


def _starts(counts: IntArray) -> IntArray:
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)


def new_state(graph: Graph) -> AuctionState:
    slot_start = _starts(graph.capacity)
    n_slots = int(slot_start[-1])
    return AuctionState(
        slot_start=slot_start,
        slot_owner=np.repeat(np.arange(graph.n_right, dtype=np.int64), graph.capacity),
        slot_bid=np.zeros(n_slots, dtype=np.int64),
        slot_holder=np.full(n_slots, -1, dtype=np.int64),
        price=np.zeros(graph.n_right, dtype=np.int64),
        holder_slot=np.full(graph.n_left, -1, dtype=np.int64),
        held_weight=np.zeros(graph.n_left, dtype=np.int64),
    )


def first_epsilon(graph: Graph) -> int:
    top = int(graph.left_weight.max(initial=1))
    return max(1, top // 8)


def run_auction(graph: Graph, state: AuctionState, *, epsilon: int) -> None:
    """Epsilon-scaling phases from ``epsilon`` down to 1 (prices carry over)."""
    unlimited = np.array([np.iinfo(np.int64).max], dtype=np.int64)
    while True:
        _phase(graph, state, epsilon, unlimited)
        if epsilon == 1:
            return
        epsilon = max(1, epsilon // THETA)


def repair(
    graph: Graph,
    state: AuctionState,
    mentees: IntArray,
    *,
    max_steps: int,
    epsilon: int | None = None,
) -> bool:
    """Re-place ``mentees`` (whose arcs changed) from the current prices and
    holders, with epsilon-scaling restricted to the mentees that move: each
    phase re-opens every mentee that bid in the previous one. False if that
    takes more than ``max_steps`` bids and offers (the caller then solves
    afresh)."""
    moving = np.unique(mentees)
    if epsilon is None:
        epsilon = max(1, first_epsilon(graph) // THETA**4)
    budget = np.array([max_steps], dtype=np.int64)
    while True:
        held = state.holder_slot[moving]
        held = held[held >= 0]
        state.slot_holder[held] = -1
        state.holder_slot[moving] = -1
        # A released slot drops to its mentor's price, as at the start of a
        # phase: left dear and empty it would shrink the mentor's capacity.
        state.slot_bid[held] = state.price[state.slot_owner[held]]
        _resort(state, np.unique(state.slot_owner[held]))
        free = moving[np.diff(graph.left_start)[moving] > 0]
        did_bid = np.zeros(graph.n_left, dtype=np.bool_)
        if not _forward(graph, state, free, epsilon, budget, did_bid):
            return False
        if not _reverse(graph, state, epsilon, budget):
            return False
        if epsilon == 1:
            return True
        moving = np.flatnonzero(did_bid)
        epsilon = max(1, epsilon // THETA)


def assignment(graph: Graph, state: AuctionState) -> IntArray:
    """Mentor of each mentee, -1 when out."""
    right_of_left = np.full(graph.n_left, -1, dtype=np.int64)
    holding = np.flatnonzero(state.holder_slot >= 0)
    right_of_left[holding] = state.slot_owner[state.holder_slot[holding]]
    return right_of_left


def _phase(graph: Graph, state: AuctionState, epsilon: int, budget: IntArray) -> None:
    # Every slot of a mentor restarts at the mentor's price: a slot left empty
    # at a high price would otherwise shrink the mentor's capacity for the
    # whole phase and start a price war over the others.
    state.slot_bid[:] = state.price[state.slot_owner]
    state.holder_slot[:] = -1
    state.slot_holder[:] = -1
    free = np.flatnonzero(np.diff(graph.left_start) > 0)
    _forward(graph, state, free, epsilon, budget, np.zeros(graph.n_left, dtype=np.bool_))
    _reverse(graph, state, epsilon, budget)


def _forward(
    graph: Graph,
    state: AuctionState,
    free: IntArray,
    epsilon: int,
    budget: IntArray,
    did_bid: BoolArray,
) -> bool:
    """Bids until every mentee is placed or out; marks the bidders in
    ``did_bid``. False if ``budget`` (steps left, decremented) runs out."""
    done: bool = kernels.forward(
        _arcs(graph), _slots(state), free.astype(np.int64), np.int64(epsilon), budget, did_bid
    )
    return done


def _reverse(graph: Graph, state: AuctionState, epsilon: int, budget: IntArray) -> bool:
    done: bool = kernels.reverse(_arcs(graph), _slots(state), np.int64(epsilon), budget)
    return done


def _arcs(graph: Graph) -> tuple[IntArray, ...]:
    return (
        graph.left_start,
        graph.left_right,
        graph.left_weight,
        graph.right_start,
        graph.right_left,
        graph.right_weight,
    )


def _slots(state: AuctionState) -> tuple[IntArray, ...]:
    return (
        state.slot_start,
        state.slot_owner,
        state.slot_bid,
        state.slot_holder,
        state.price,
        state.holder_slot,
        state.held_weight,
    )


def _resort(state: AuctionState, mentors: IntArray) -> None:
    """Keep each touched mentor's slots ordered by price, highest first."""
    kernels.resort_mentors(
        state.slot_start,
        state.slot_bid,
        state.slot_holder,
        state.price,
        state.holder_slot,
        mentors.astype(np.int64),
    )
