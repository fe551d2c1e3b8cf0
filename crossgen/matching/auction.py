"""Forward/reverse auction with epsilon-scaling for the maximum-weight
b-matching, vectorised with numpy (Jacobi rounds: every free mentee bids at once).

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

Work per round is proportional to the bidders (or reverse offers) of that
round, so long tails of rounds with a single bidder stay cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_LOW = np.iinfo(np.int64).min // 4
_THETA = 8  # epsilon shrinks by this factor per phase


@dataclass(frozen=True, slots=True, kw_only=True)
class Graph:
    """Arcs sorted by mentee (CSR) and by mentor (CSC), weights scaled."""

    n_left: int
    n_right: int
    capacity: IntArray
    left_start: IntArray
    left_right: IntArray  # mentor of each arc, CSR order
    left_weight: IntArray
    right_start: IntArray
    right_left: IntArray  # mentee of each arc, CSC order
    right_weight: IntArray


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
    by_left = np.lexsort((i, j))
    by_right = np.lexsort((j, i))
    scaled = w * scale
    return Graph(
        n_left=n_left,
        n_right=capacity.size,
        capacity=capacity,
        left_start=_starts(np.bincount(j, minlength=n_left)),
        left_right=i[by_left],
        left_weight=scaled[by_left],
        right_start=_starts(np.bincount(i, minlength=capacity.size)),
        right_left=j[by_right],
        right_weight=scaled[by_right],
    )


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
    while True:
        _phase(graph, state, epsilon)
        if epsilon == 1:
            return
        epsilon = max(1, epsilon // _THETA)


def repair(
    graph: Graph,
    state: AuctionState,
    mentees: IntArray,
    *,
    max_rounds: int,
    epsilon: int | None = None,
) -> bool:
    """Re-place ``mentees`` (whose arcs changed) from the current prices and
    holders, with epsilon-scaling restricted to the mentees that move: each
    phase re-opens every mentee that bid in the previous one. False if that
    takes more than ``max_rounds`` rounds (the caller then solves afresh)."""
    moving = np.unique(mentees)
    if epsilon is None:
        epsilon = max(1, first_epsilon(graph) // _THETA**4)
    budget = [max_rounds]
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
        done, bid = _forward_all(graph, state, free, epsilon, budget)
        if not done or not _reverse_all(graph, state, epsilon, budget):
            return False
        if epsilon == 1:
            return True
        moving = np.unique(np.concatenate(bid))
        epsilon = max(1, epsilon // _THETA)


def assignment(graph: Graph, state: AuctionState) -> IntArray:
    """Mentor of each mentee, -1 when out."""
    right_of_left = np.full(graph.n_left, -1, dtype=np.int64)
    holding = np.flatnonzero(state.holder_slot >= 0)
    right_of_left[holding] = state.slot_owner[state.holder_slot[holding]]
    return right_of_left


def _phase(graph: Graph, state: AuctionState, epsilon: int) -> None:
    # Every slot of a mentor restarts at the mentor's price: a slot left empty
    # at a high price would otherwise shrink the mentor's capacity for the
    # whole phase and start a price war over the others.
    state.slot_bid[:] = state.price[state.slot_owner]
    state.holder_slot[:] = -1
    state.slot_holder[:] = -1
    free = np.flatnonzero(np.diff(graph.left_start) > 0)
    _forward_all(graph, state, free, epsilon, None)
    _reverse_all(graph, state, epsilon, None)


_TAIL = 8  # at most this many active mentees/mentors: one at a time (Gauss-Seidel)
_SINGLE_STEPS = 16  # one-at-a-time bids or offers that count as one round of a budget


def _forward_all(
    graph: Graph, state: AuctionState, free: IntArray, epsilon: int, budget: list[int] | None
) -> tuple[bool, list[IntArray]]:
    """Forward rounds until every mentee is placed or out; also returns every
    mentee that bid. False if ``budget`` (rounds left, decremented) runs out."""
    bid: list[IntArray] = [free]
    while free.size:
        if budget is not None:
            budget[0] -= 1
            if budget[0] < 0:
                return False, bid
        if free.size <= _TAIL:
            queue = free.tolist()
            steps = 0
            while queue:
                # Single bids count against the budget too (_SINGLE_STEPS to a
                # round): a price war between a few mentees must not run unbounded.
                steps += 1
                if budget is not None and steps % _SINGLE_STEPS == 0:
                    budget[0] -= 1
                    if budget[0] < 0:
                        return False, bid
                released = _bid_one(graph, state, queue.pop(), epsilon)
                if released >= 0:
                    queue.append(released)
                    bid.append(np.array([released], dtype=np.int64))
            break
        free = _forward_round(graph, state, free, epsilon)
        bid.append(free)
    return True, bid


def _reverse_all(graph: Graph, state: AuctionState, epsilon: int, budget: list[int] | None) -> bool:
    pending = np.unique(state.slot_owner[(state.slot_holder < 0) & (state.slot_bid > 0)])
    while pending.size:
        if budget is not None:
            budget[0] -= 1
            if budget[0] < 0:
                return False
        if pending.size <= _TAIL:
            queue = pending.tolist()
            steps = 0
            while queue:
                steps += 1
                if budget is not None and steps % _SINGLE_STEPS == 0:
                    budget[0] -= 1
                    if budget[0] < 0:
                        return False
                queue.extend(_offer_one(graph, state, queue.pop(), epsilon))
            break
        pending = _reverse_round(graph, state, pending, epsilon)
    return True


def _bid_one(graph: Graph, state: AuctionState, j: int, epsilon: int) -> int:
    """One mentee bids (Gauss-Seidel); returns the mentee it displaced or -1."""
    lo, hi = int(graph.left_start[j]), int(graph.left_start[j + 1])
    mentors = graph.left_right[lo:hi]
    weights = graph.left_weight[lo:hi]
    profit = weights - state.price[mentors]
    k = int(np.argmax(profit))
    best = int(profit[k])
    if best <= 0:
        return -1
    second = 0
    if profit.size > 1:
        profit[k] = _LOW
        second = max(0, int(profit.max()))
    i = int(mentors[k])
    bid = int(weights[k]) - second + epsilon
    state.held_weight[j] = int(weights[k])
    first, last = int(state.slot_start[i]), int(state.slot_start[i + 1])
    cheapest = last - 1  # slots run from dearest to cheapest
    displaced = int(state.slot_holder[cheapest])
    if displaced >= 0:
        state.holder_slot[displaced] = -1
    # Insert the bid in price order (a handful of slots), dropping the cheapest.
    at = cheapest
    while at > first and state.slot_bid[at - 1] < bid:
        state.slot_bid[at] = state.slot_bid[at - 1]
        holder = int(state.slot_holder[at - 1])
        state.slot_holder[at] = holder
        if holder >= 0:
            state.holder_slot[holder] = at
        at -= 1
    state.slot_bid[at] = bid
    state.slot_holder[at] = j
    state.holder_slot[j] = at
    state.price[i] = state.slot_bid[cheapest]
    return displaced


def _offer_one(graph: Graph, state: AuctionState, i: int, epsilon: int) -> list[int]:
    """Mentor ``i``'s dearest empty priced slot makes a reverse offer; returns
    the mentors that now have such a slot (``i`` again, the one its new mentee
    left), to make offers in turn."""
    first, last = int(state.slot_start[i]), int(state.slot_start[i + 1])
    slot = -1
    for s in range(first, last):
        if state.slot_holder[s] < 0 and state.slot_bid[s] > 0:
            slot = s
            break
    if slot < 0:
        return []
    lo, hi = int(graph.right_start[i]), int(graph.right_start[i + 1])
    mentees = graph.right_left[lo:hi]
    held = state.holder_slot[mentees]
    holding = held >= 0
    safe = np.maximum(held, 0)
    profit = np.where(holding, state.held_weight[mentees] - state.slot_bid[safe], 0)
    value = graph.right_weight[lo:hi] - profit
    value[holding & (state.slot_owner[safe] == i)] = _LOW
    if value.size == 0:
        best = _LOW
    else:
        k = int(np.argmax(value))
        best = int(value[k])
    if best - epsilon <= 0:
        state.slot_bid[slot] = 0
        _resort(state, np.array([i], dtype=np.int64))
        return [i]
    value[k] = _LOW
    second = max(0, int(value.max())) if value.size > 1 else 0
    target = int(mentees[k])
    price = max(0, second - epsilon)
    old = int(state.holder_slot[target])
    left = -1
    if old >= 0:  # its old slot keeps its price, lowered by a later offer
        state.slot_holder[old] = -1
        left = int(state.slot_owner[old])
    state.slot_holder[slot] = target
    state.slot_bid[slot] = price
    state.holder_slot[target] = slot
    state.held_weight[target] = int(graph.right_weight[lo + k])
    _resort(state, np.array([i], dtype=np.int64))
    return [i] if left < 0 else [i, left]


def _gather(start: IntArray, rows: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Positions of the entries of ``rows`` (CSR-style ``start``), the row of
    each, and each row's first position in the result."""
    lengths = start[rows + 1] - start[rows]
    offsets = _starts(lengths)
    row_of = np.repeat(np.arange(rows.size, dtype=np.int64), lengths)
    position = np.arange(int(offsets[-1]), dtype=np.int64) + np.repeat(
        start[rows] - offsets[:-1], lengths
    )
    return position, row_of, offsets[:-1]


def _best_two(
    values: IntArray, row_of: IntArray, seg_start: IntArray
) -> tuple[IntArray, IntArray, IntArray]:
    """Per (non-empty) segment: the best value, the position of its first
    occurrence, and the second best (``_LOW`` if none)."""
    best = np.maximum.reduceat(values, seg_start)
    hits = np.flatnonzero(values == best[row_of])
    # Hits come in increasing order, so each segment's first hit is found first.
    _, at = np.unique(row_of[hits], return_index=True)
    first = hits[at]
    masked = values.copy()
    masked[first] = _LOW
    second = np.maximum.reduceat(masked, seg_start)
    return best, first, second


def _forward_round(graph: Graph, state: AuctionState, free: IntArray, epsilon: int) -> IntArray:
    position, row_of, seg_start = _gather(graph.left_start, free)
    mentor = graph.left_right[position]
    profit = graph.left_weight[position] - state.price[mentor]
    best, first, second = _best_two(profit, row_of, seg_start)
    bidding = best > 0  # the others stay out: no mentor is worth its price
    if not bidding.any():
        return np.empty(0, dtype=np.int64)
    pick = position[first[bidding]]
    weight = graph.left_weight[pick]
    bids = weight - np.maximum(second[bidding], 0) + epsilon
    bidders = free[bidding]
    state.held_weight[bidders] = weight
    return _award(graph, state, bidders, graph.left_right[pick], bids)


def _award(
    graph: Graph, state: AuctionState, bidders: IntArray, mentors: IntArray, bids: IntArray
) -> IntArray:
    """Each mentor keeps its ``capacity`` highest bids among its slots (holders,
    and empty slots bidding their price) and the newcomers; returns the mentees
    released, in increasing order."""
    touched = np.unique(mentors)
    slots, _, _ = _gather(state.slot_start, touched)
    entry_mentor = np.concatenate([state.slot_owner[slots], mentors])
    entry_bid = np.concatenate([state.slot_bid[slots], bids])
    entry_who = np.concatenate([state.slot_holder[slots], bidders])
    entry_new = np.concatenate([np.zeros(slots.size, bool), np.ones(bidders.size, bool)])
    # Highest bid first; at equal bids the sitting holder (or empty slot) stays.
    order = np.lexsort((entry_new, -entry_bid, entry_mentor))
    entry_mentor, entry_bid, entry_who = entry_mentor[order], entry_bid[order], entry_who[order]
    group_start = np.searchsorted(entry_mentor, touched)
    sizes = np.diff(np.append(group_start, entry_mentor.size))
    rank = np.arange(entry_mentor.size) - np.repeat(group_start, sizes)
    kept = rank < graph.capacity[entry_mentor]
    state.slot_bid[slots] = entry_bid[kept]
    state.slot_holder[slots] = entry_who[kept]
    state.price[touched] = state.slot_bid[state.slot_start[touched + 1] - 1]
    winners = entry_who[kept]
    real = winners >= 0
    state.holder_slot[winners[real]] = slots[real]
    released = entry_who[~kept]
    released = released[released >= 0]
    state.holder_slot[released] = -1
    return np.sort(released)


def _reverse_round(graph: Graph, state: AuctionState, pending: IntArray, epsilon: int) -> IntArray:
    """One reverse offer from each pending mentor; returns the mentors pending next."""
    slots, row_of, _ = _gather(state.slot_start, pending)
    priced = (state.slot_holder[slots] < 0) & (state.slot_bid[slots] > 0)
    if not priced.any():
        return np.empty(0, dtype=np.int64)
    # The highest-priced empty slot of each mentor (slots are sorted by price).
    candidates = slots[priced]
    _, at = np.unique(row_of[priced], return_index=True)
    slot = candidates[at]
    owner = state.slot_owner[slot]
    nobody = graph.right_start[owner + 1] == graph.right_start[owner]
    state.slot_bid[slot[nobody]] = 0
    moved_from = _reverse_offers(graph, state, slot[~nobody], owner[~nobody], epsilon)
    touched = np.unique(np.concatenate([owner, moved_from]))
    _resort(state, touched)
    return touched


def _reverse_offers(
    graph: Graph, state: AuctionState, slot: IntArray, owner: IntArray, epsilon: int
) -> IntArray:
    """Each slot offers itself to its best mentee; returns the mentors those
    mentees leave."""
    if slot.size == 0:
        return np.empty(0, dtype=np.int64)
    position, row_of, seg_start = _gather(graph.right_start, owner)
    mentee = graph.right_left[position]
    held = state.holder_slot[mentee]
    holding = held >= 0
    their_mentor = np.where(holding, state.slot_owner[np.maximum(held, 0)], -1)
    # Profit at the mentee's own bid: measured at its mentor's cheapest slot it
    # would drop as that mentor fills up, and break epsilon-slackness later.
    profit = np.where(holding, state.held_weight[mentee] - state.slot_bid[np.maximum(held, 0)], 0)
    value = graph.right_weight[position] - profit
    value[their_mentor == owner[row_of]] = _LOW  # already here
    best, first, second = _best_two(value, row_of, seg_start)
    giving_up = best - epsilon <= 0
    state.slot_bid[slot[giving_up]] = 0
    go = ~giving_up
    if not go.any():
        return np.empty(0, dtype=np.int64)
    slot = slot[go]
    target = mentee[first[go]]
    price = np.maximum(0, second[go] - epsilon)
    weight = graph.right_weight[position[first[go]]]
    offer = weight - price  # the target's profit if it accepts
    # A mentee courted by several mentors takes the best offer (ties: lowest slot).
    order = np.lexsort((slot, -offer, target))
    target, slot, price, weight = target[order], slot[order], price[order], weight[order]
    accept = np.concatenate([[True], target[1:] != target[:-1]])
    target, slot, price, weight = target[accept], slot[accept], price[accept], weight[accept]
    old = state.holder_slot[target]
    moved = old >= 0
    state.slot_holder[old[moved]] = -1  # keeps its price: a later round lowers it
    state.slot_holder[slot] = target
    state.slot_bid[slot] = price
    state.holder_slot[target] = slot
    state.held_weight[target] = weight
    owners: IntArray = state.slot_owner[old[moved]]
    return owners


def _resort(state: AuctionState, mentors: IntArray) -> None:
    """Keep each touched mentor's slots ordered by price, highest first."""
    slots, row_of, _ = _gather(state.slot_start, mentors)
    order = np.lexsort((-state.slot_bid[slots], row_of))
    bid, holder = state.slot_bid[slots][order], state.slot_holder[slots][order]
    state.slot_bid[slots], state.slot_holder[slots] = bid, holder
    real = holder >= 0
    state.holder_slot[holder[real]] = slots[real]
    state.price[mentors] = state.slot_bid[state.slot_start[mentors + 1] - 1]
