"""The auction's inner loops, compiled with numba (Gauss-Seidel: one bidder or
one reverse offer at a time).

Every step touches only one mentee's arcs or one mentor's arcs and slots, so
the work of a phase is proportional to the bids it makes; in plain numpy each
step would cost a few microseconds of interpreter overhead, which in a price
war of a one-to-one market adds up to seconds. The functions take the flat
arrays of ``Graph`` and ``AuctionState`` (``crossgen.matching.auction``) and
update the state in place; the rules of a bid and of a reverse offer, and why
they prove optimality, are explained there.

Every loop takes two tuples of arrays: ``graph`` is ``(left_start,
left_right, left_weight, right_start, right_left, right_weight)`` and
``state`` is ``(slot_start, slot_owner, slot_bid, slot_holder, price,
holder_slot, held_weight)``, as in ``Graph`` and ``AuctionState``.

``budget`` is a one-element array of steps left (bids plus offers), shared by
the forward and reverse loops of a repair; a loop that runs it out stops and
returns False, so that the caller can fall back to a fresh solve.
"""

from __future__ import annotations

import numpy as np
from numba import njit

LOW = np.iinfo(np.int64).min // 4
"""Below any profit or value: marks "nothing here"."""


@njit(cache=True, nogil=True)
def resort_mentor(slot_start, slot_bid, slot_holder, price, holder_slot, i):  # type: ignore[no-untyped-def]
    """Mentor ``i``'s slots ordered by price, highest first (stable), and its
    price set to its cheapest slot."""
    first, last = slot_start[i], slot_start[i + 1]
    for a in range(first + 1, last):
        bid, holder, k = slot_bid[a], slot_holder[a], a
        while k > first and slot_bid[k - 1] < bid:
            slot_bid[k] = slot_bid[k - 1]
            slot_holder[k] = slot_holder[k - 1]
            k -= 1
        slot_bid[k] = bid
        slot_holder[k] = holder
    for s in range(first, last):
        if slot_holder[s] >= 0:
            holder_slot[slot_holder[s]] = s
    if last > first:
        price[i] = slot_bid[last - 1]


@njit(cache=True, nogil=True)
def resort_mentors(slot_start, slot_bid, slot_holder, price, holder_slot, mentors):  # type: ignore[no-untyped-def]
    for i in mentors:
        resort_mentor(slot_start, slot_bid, slot_holder, price, holder_slot, i)


@njit(cache=True, nogil=True)
def _bid(graph, state, j, epsilon):  # type: ignore[no-untyped-def]
    """Mentee ``j`` bids for its best mentor; returns the mentee it displaced,
    -1 if none, or -2 if no mentor is worth its price (``j`` stays out)."""
    left_start, left_right, left_weight = graph[0], graph[1], graph[2]
    slot_start, _, slot_bid, slot_holder, price, holder_slot, held_weight = state
    best = LOW
    second = LOW
    k = -1
    for a in range(left_start[j], left_start[j + 1]):
        profit = left_weight[a] - price[left_right[a]]
        if profit > best:
            second = best
            best = profit
            k = a
        elif profit > second:
            second = profit
    if best <= 0:
        return -2
    second = max(second, 0)
    i = left_right[k]
    bid = left_weight[k] - second + epsilon
    held_weight[j] = left_weight[k]
    first = slot_start[i]
    cheapest = slot_start[i + 1] - 1  # slots run from dearest to cheapest
    displaced = slot_holder[cheapest]
    if displaced >= 0:
        holder_slot[displaced] = -1
    at = cheapest
    while at > first and slot_bid[at - 1] < bid:
        slot_bid[at] = slot_bid[at - 1]
        holder = slot_holder[at - 1]
        slot_holder[at] = holder
        if holder >= 0:
            holder_slot[holder] = at
        at -= 1
    slot_bid[at] = bid
    slot_holder[at] = j
    holder_slot[j] = at
    price[i] = slot_bid[cheapest]
    return displaced


@njit(cache=True, nogil=True)
def forward(graph, state, free, epsilon, budget, did_bid):  # type: ignore[no-untyped-def]
    """Bids until every mentee of ``free`` (and every one displaced on the
    way) holds a slot or stays out. Marks the bidders in ``did_bid``."""
    stack = np.empty(graph[0].size, dtype=np.int64)
    top = 0
    for t in range(free.size - 1, -1, -1):
        stack[top] = free[t]
        top += 1
    while top > 0:
        budget[0] -= 1
        if budget[0] < 0:
            return False
        top -= 1
        j = stack[top]
        did_bid[j] = True
        displaced = _bid(graph, state, j, epsilon)
        if displaced >= 0:
            stack[top] = displaced
            top += 1
    return True


@njit(cache=True, nogil=True)
def _pending(slot_start, slot_bid, slot_holder, i):  # type: ignore[no-untyped-def]
    """Whether mentor ``i`` has an empty slot still priced above 0."""
    for s in range(slot_start[i], slot_start[i + 1]):
        if slot_holder[s] < 0 and slot_bid[s] > 0:
            return True
    return False


@njit(cache=True, nogil=True)
def _offer(graph, state, i, epsilon):  # type: ignore[no-untyped-def]
    """Mentor ``i``'s dearest empty priced slot offers itself to the mentee
    that gains most (or drops its price to 0); returns the mentor that mentee
    left, or -1."""
    right_start, right_left, right_weight = graph[3], graph[4], graph[5]
    slot_start, slot_owner, slot_bid, slot_holder, price, holder_slot, held_weight = state
    slot = -1
    for s in range(slot_start[i], slot_start[i + 1]):
        if slot_holder[s] < 0 and slot_bid[s] > 0:
            slot = s
            break
    if slot < 0:
        return -1
    best = LOW
    second = LOW
    k = -1
    for a in range(right_start[i], right_start[i + 1]):
        mentee = right_left[a]
        held = holder_slot[mentee]
        profit = 0
        if held >= 0:
            if slot_owner[held] == i:
                continue  # already here
            # Profit at the mentee's own bid: at its mentor's cheapest slot it
            # would drop as that mentor fills up, and break epsilon-slackness.
            profit = held_weight[mentee] - slot_bid[held]
        value = right_weight[a] - profit
        if value > best:
            second = best
            best = value
            k = a
        elif value > second:
            second = value
    if k < 0 or best - epsilon <= 0:
        slot_bid[slot] = 0
        resort_mentor(slot_start, slot_bid, slot_holder, price, holder_slot, i)
        return -1
    target = right_left[k]
    old = holder_slot[target]
    left = -1
    if old >= 0:  # its old slot keeps its price, lowered by a later offer
        slot_holder[old] = -1
        left = slot_owner[old]
    slot_holder[slot] = target
    slot_bid[slot] = max(0, max(second, 0) - epsilon)
    holder_slot[target] = slot
    held_weight[target] = right_weight[k]
    resort_mentor(slot_start, slot_bid, slot_holder, price, holder_slot, i)
    return left


@njit(cache=True, nogil=True)
def reverse(graph, state, epsilon, budget):  # type: ignore[no-untyped-def]
    """Reverse offers until no mentor has an empty slot priced above 0, as LP
    complementary slackness requires of a mentor with room."""
    slot_start, slot_bid, slot_holder = state[0], state[2], state[3]
    n_right = slot_start.size - 1
    stack = np.empty(n_right, dtype=np.int64)
    queued = np.zeros(n_right, dtype=np.bool_)
    top = 0
    for i in range(n_right - 1, -1, -1):
        if _pending(slot_start, slot_bid, slot_holder, i):
            stack[top] = i
            queued[i] = True
            top += 1
    while top > 0:
        budget[0] -= 1
        if budget[0] < 0:
            return False
        top -= 1
        i = stack[top]
        queued[i] = False
        left = _offer(graph, state, i, epsilon)
        if left >= 0 and not queued[left] and _pending(slot_start, slot_bid, slot_holder, left):
            stack[top] = left
            queued[left] = True
            top += 1
        if not queued[i] and _pending(slot_start, slot_bid, slot_holder, i):
            stack[top] = i
            queued[i] = True
            top += 1
    return True
