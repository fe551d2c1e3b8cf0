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
out, although the matching was often optimal from the first round. Where
it was not, the collapsed optimum's flows name, for each mentee profile, the
mentor profiles its people go to; a few mentors of each are suggested to each
mentee as arcs for the graph.

The dual is solved with HiGHS (scipy) in floating point, then made exact:
mentor potentials are rounded to integers and each mentee profile's potential
is set to the least integer that covers all its pairs, so the bound is proven
in integer arithmetic whatever the solver's rounding. It is tried only where
profiles are few (at most ``MAX_PROFILE_PAIRS`` profile pairs).
"""

from __future__ import annotations

from dataclasses import dataclass
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
    _, first, profile = np.unique(
        _scored_columns(side, people, skills=True), axis=0, return_index=True, return_inverse=True
    )
    return people[first], profile.ravel().astype(np.int64)


def _profile_count(side: Side, people: IntArray) -> int:
    """At most the number of profiles among ``people`` (cheap: skills left out)."""
    return int(np.unique(_scored_columns(side, people, skills=False), axis=0).shape[0])


def _scored_columns(side: Side, people: IntArray, *, skills: bool) -> np.ndarray:
    """What the score and the class rules read of each of ``people``, one row each."""
    columns: list[np.ndarray] = [
        side.stage[people],
        side.department[people],
        side.location[people],
        side.hours_class[people],
        side.learn_total[people],
    ]
    if skills:
        columns += [side.teaches[people], side.learns[people]]
    return np.column_stack(columns).astype(np.int64)


@dataclass(frozen=True, slots=True)
class Collapsed:
    """What the collapsed market proves and suggests."""

    bound: int  # an upper bound on the market's optimum, in weight units
    mentor: IntArray  # suggested pairs: for each free mentee, a few mentors of
    mentee: IntArray  # each profile an optimal collapsed solution pairs it with


GUIDE_MENTORS = 4
"""Mentors of each profile suggested to a mentee that the collapsed optimum
sends there (spread over the profile, so alike mentees get different ones)."""


def collapse(market: Market) -> Collapsed | None:
    """The market collapsed to its profiles, or ``None`` where they are too
    many to collapse."""
    arrays = market.arrays
    open_ = np.flatnonzero(market.capacity > 0)
    free = market.mentees
    if open_.size == 0 or free.size == 0:
        return None
    # Fewer coarse classes than profiles: a quick way out for diverse markets.
    coarse = _profile_count(arrays.mentors, open_) * _profile_count(arrays.mentees, free)
    if coarse > MAX_PROFILE_PAIRS:
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
    none = np.empty(0, dtype=np.int64)
    if weight.size == 0:
        return Collapsed(0, none, none)
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
    bound = exact_sum(places.astype(np.int64) * u) + exact_sum(people.astype(np.int64) * v)
    # The constraints' multipliers are the collapsed problem's optimal flows.
    flows = -np.asarray(solved.ineqlin.marginals) > 0.5
    mentor, mentee = _suggested(open_, mentor_profile, free, mentee_profile, p[flows], q[flows])
    return Collapsed(bound, mentor, mentee)


def profile_bound(market: Market) -> int | None:
    """An upper bound on the market's optimum (in weight units) from its
    collapsed profiles, or ``None`` where they are too many to collapse."""
    collapsed = collapse(market)
    return None if collapsed is None else collapsed.bound


def _suggested(
    mentors: IntArray,
    mentor_profile: IntArray,
    mentees: IntArray,
    mentee_profile: IntArray,
    flow_p: IntArray,
    flow_q: IntArray,
) -> tuple[IntArray, IntArray]:
    """For each mentee, ``GUIDE_MENTORS`` mentors of every profile its own
    profile sends people to, from a place in the profile that depends on the
    mentee."""
    by_q = np.argsort(flow_q, kind="stable")
    flow_p, flow_q = flow_p[by_q], flow_q[by_q]
    first = np.searchsorted(flow_q, mentee_profile, side="left")
    count = np.searchsorted(flow_q, mentee_profile, side="right") - first
    row = np.repeat(np.arange(mentees.size), count)
    nth = np.arange(row.size) - np.repeat(np.cumsum(count) - count, count)
    target = flow_p[first[row] + nth]
    members = np.argsort(mentor_profile, kind="stable")
    start = np.searchsorted(mentor_profile[members], np.arange(int(mentor_profile.max()) + 1))
    size = np.bincount(mentor_profile)
    offset = (mentees[row] * 2654435761) % size[target]
    picks = [members[start[target] + (offset + t) % size[target]] for t in range(GUIDE_MENTORS)]
    mentor = mentors[np.concatenate(picks)]
    mentee = np.tile(mentees[row], GUIDE_MENTORS)
    return mentor, mentee
