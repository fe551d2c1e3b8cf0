"""A second certificate, for markets where many people are alike.

People of one side with the same stage, department, location, working hours
and skills score the same with everyone on the other side and pass the same
class rules: they share a *profile*. Collapsing each profile into one vertex
that holds all its places (mentors) or people (mentees) gives a small
transportation problem that relaxes the market: the sparse rules (reporting
chains, do-not-pair lists, previous partners), which are what still tells
alike people apart, are dropped. Any feasible solution of its dual, with one
potential per profile copied to each of its people, satisfies
``u[i] + v[j] >= weight(i, j)`` for every pair, so its objective bounds the
market's optimum from above; a matching that reaches it is optimal.

Why it is needed: with many exact ties, the duals of the candidate graph
differ between alike mentors (each mentee sees only some of them), and the
pairwise certificate pulls in arcs round after round until their prices even
out, although the matching was optimal from the first round.

The dual is solved with HiGHS (scipy) in floating point, then made exact:
mentor potentials are rounded to integers and each mentee profile's potential
is set to the least integer that covers all its pairs, so the bound is proven
in integer arithmetic whatever the solver's rounding. It is tried only where
profiles are few (at most ``MAX_PROFILE_PAIRS`` profile pairs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

from crossgen.matching.arrays import IntArray, Side
from crossgen.matching.bmatching import exact_sum
from crossgen.matching.feasibility import class_feasible
from crossgen.matching.scoring import total_points

if TYPE_CHECKING:
    from crossgen.matching.engine import Market

MAX_PROFILE_PAIRS = 200_000
"""Mentor profiles x mentee profiles: above this the collapsed problem is not tried."""


def profiles(side: Side, people: IntArray) -> tuple[IntArray, IntArray]:
    """``(example, profile)``: one person of each profile and the profile
    number of each of ``people``."""
    rows = np.column_stack(
        [
            side.stage[people],
            side.department[people],
            side.location[people],
            side.hours_class[people],
            side.learn_total[people],
            side.teaches[people],
            side.learns[people],
        ]
    ).astype(np.int64)
    _, first, profile = np.unique(rows, axis=0, return_index=True, return_inverse=True)
    return people[first], profile.ravel().astype(np.int64)


def _profile_count(side: Side, people: IntArray) -> int:
    """At most the number of profiles among ``people`` (cheap: a hash per row)."""
    rows = np.column_stack(
        [side.stage[people], side.department[people], side.location[people],
         side.hours_class[people], side.learn_total[people]]
    ).astype(np.int64)  # fmt: skip
    return int(np.unique(rows, axis=0).shape[0]) if rows.size else 0


def profile_bound(market: Market) -> int | None:
    """An upper bound on the market's optimum (in weight units) from its
    collapsed profiles, or ``None`` where they are too many to collapse."""
    arrays = market.arrays
    open_ = np.flatnonzero(market.capacity > 0)
    free = market.mentees
    if open_.size == 0 or free.size == 0:
        return None
    # Fewer coarse classes than profiles: a quick way out for diverse markets.
    if (
        _profile_count(arrays.mentors, open_) * _profile_count(arrays.mentees, free)
        > MAX_PROFILE_PAIRS
    ):
        return None
    mentor_example, mentor_profile = profiles(arrays.mentors, open_)
    mentee_example, mentee_profile = profiles(arrays.mentees, free)
    n_p, n_q = mentor_example.size, mentee_example.size
    if n_p * n_q > MAX_PROFILE_PAIRS:
        return None
    places = np.bincount(mentor_profile, weights=market.capacity[open_], minlength=n_p)
    people = np.bincount(mentee_profile, minlength=n_q)
    p = np.repeat(np.arange(n_p), n_q)
    q = np.tile(np.arange(n_q), n_p)
    ok = class_feasible(arrays, mentor_example[p], mentee_example[q])
    p, q = p[ok], q[ok]
    weight = market.weight(total_points(arrays, mentor_example[p], mentee_example[q]))
    worth = weight > 0
    p, q, weight = p[worth], q[worth], weight[worth]
    if weight.size == 0:
        return 0
    # min sum(places * u) + sum(people * v)  subject to  u[p] + v[q] >= weight, u, v >= 0
    rows = np.arange(weight.size)
    covers = sp.csr_array(
        (
            np.full(2 * weight.size, -1.0),
            (np.concatenate([rows, rows]), np.concatenate([p, n_p + q])),
        ),
        shape=(weight.size, n_p + n_q),
    )
    solved = linprog(
        np.concatenate([places, people]).astype(np.float64),
        A_ub=covers,
        b_ub=-weight.astype(np.float64),
        bounds=(0, None),
        method="highs",
    )
    if solved.status != 0:
        return None
    u = np.maximum(np.rint(solved.x[:n_p]), 0).astype(np.int64)
    v = np.zeros(n_q, dtype=np.int64)
    np.maximum.at(v, q, weight - u[p])  # the least v that covers every pair, exactly
    return exact_sum(places.astype(np.int64) * u) + exact_sum(people.astype(np.int64) * v)
