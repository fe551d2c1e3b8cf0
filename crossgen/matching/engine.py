"""The certified solve loop shared by the total-score objectives.

1. Candidate graph: each free mentee's best ``k`` feasible mentors, plus for
   every mentee a proven ceiling on the points of all the pairs left out
   (``crossgen.matching.candidates``).
2. Exact maximum-weight b-matching on the candidate graph, with dual
   potentials u (mentors) and v (mentees) (``crossgen.matching.bmatching``).
3. Certificate check over *all* feasible pairs, in blocks: a pair left out can
   only break ``u[i] + v[j] >= weight`` if its weight exceeds ``v[j] + u[i]``;
   the mentee's ceiling rules out most mentees at once and, for the rest, only
   mentors with ``u[i] <`` ceiling ``- v[j]`` are scored
   (``crossgen.matching.certify``). Violating pairs and near misses (at most
   ``ADD_PER_MENTEE`` per mentee, the most attractive first) join the graph and
   step 2 repeats; none left means the matching is optimal over every feasible
   pair.

On a time budget the loop stops before a solve that would end past the
deadline (judged by the last solve), and before a check that would (judged by
how many pairs it would screen, ``pairs_to_check``, at the last check's pace:
the first check screens nearly every pair, later ones far fewer). Raising
each ``v[j]`` to cover the violations a check found gives a valid upper bound
on every matching, so the least bound proven so far also bounds a better
matching solved after it: the gap is proven.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from crossgen.matching.arrays import IntArray, ProblemArrays, contains
from crossgen.matching.bmatching import exact_sum, extend_b_matching, solve_b_matching
from crossgen.matching.candidates import Candidates, generate_candidates
from crossgen.matching.certify import Violations, find_violations, pairs_to_check
from crossgen.matching.feasibility import feasible_pairs
from crossgen.matching.profiles import collapse
from crossgen.matching.scoring import total_points

Progress = Callable[[str, float], None]

NEVER = -1
"""Weight of a pair the objective excludes (below a fairness threshold): pairs
that weigh 0 or less are never worth making."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Market:
    """What is left to optimise once pinned pairs are fixed."""

    arrays: ProblemArrays
    mentees: IntArray  # indices into arrays.mentees still to place
    capacity: IntArray  # remaining places per mentor (all mentors)
    bonus: int = 0  # added to every pair's weight (lexicographic participation)
    min_points: int = 0  # pairs scoring fewer points are excluded (fairness)

    def weight(self, points: IntArray) -> IntArray:
        """Monotone in points, so a ceiling on points is a ceiling on weight."""
        weight = points + self.bonus
        return np.where(points >= self.min_points, weight, NEVER)


@dataclass(frozen=True, slots=True, kw_only=True)
class EngineResult:
    mentor_of: IntArray  # per mentee index (all mentees), -1 if not placed by the engine
    value: int  # total weight of the matching
    bound: int  # proven upper bound on the total weight of any matching
    optimal: bool
    rounds: int
    arcs: int
    pairs_checked: int
    arcs_added: int
    pairs_scored: int
    candidates: Candidates


def certified_matching(
    market: Market,
    *,
    k: int,
    deadline: float | None = None,
    progress: Progress | None = None,
) -> EngineResult:
    """Solve the market exactly and prove it (or prove the gap at the deadline)."""
    report = progress or (lambda _stage, _fraction: None)
    n_e = market.arrays.mentees.size
    candidates = generate_candidates(market, k=k, progress=report)
    rounds = pairs_checked = pairs_scored = arcs_added = 0
    coverage = None
    collapsed_bound: int | None = None
    collapsed_tried = False
    in_graph = np.sort(market.arrays.key(candidates.mentor, candidates.mentee))
    weight = market.weight(candidates.points)
    usable = weight > 0
    report("solving", _progress(0))
    solve_started = time.perf_counter()
    matching = solve_b_matching(
        candidates.mentee[usable],
        candidates.mentor[usable],
        weight[usable],
        capacity=market.capacity,
        n_left=n_e,
    )
    solve_seconds = time.perf_counter() - solve_started
    proven: int | None = None  # the least upper bound proven so far (any matching)

    def finished(bound: int) -> EngineResult:
        return EngineResult(
            mentor_of=matching.right_of_left,
            value=matching.value,
            bound=bound,
            optimal=bound == matching.value,
            rounds=rounds,
            arcs=int(candidates.mentor.size) + arcs_added,
            pairs_checked=pairs_checked,
            arcs_added=arcs_added,
            pairs_scored=pairs_scored,
            candidates=candidates,
        )

    # A check costs a fixed part plus its pairs screened at the pace of the
    # largest check so far (nearly all screening).
    seconds_per_pair = fixed_seconds = 0.0
    largest_check = 0
    while True:
        if deadline is not None and proven is not None:
            pairs = pairs_to_check(
                market, candidates, matching.u, matching.v, matching.scale, previous=coverage
            )
            if time.perf_counter() + fixed_seconds + pairs * seconds_per_pair > deadline:
                # The bound proven before holds for the better matching too.
                return finished(proven)
        rounds += 1
        report("certifying", _progress(rounds - 0.5))
        check_started = time.perf_counter()
        found = find_violations(
            market,
            candidates,
            matching.u,
            matching.v,
            matching.scale,
            in_graph=in_graph,
            previous=coverage,
        )
        coverage = found.coverage
        check_seconds = time.perf_counter() - check_started
        if found.pairs_scored > largest_check:
            largest_check = found.pairs_scored
            seconds_per_pair = check_seconds / largest_check
        fixed_seconds = max(0.0, check_seconds - found.pairs_scored * seconds_per_pair)
        found_mentor, found_mentee, found_points = found.mentor, found.mentee, found.points
        if found.violating and not collapsed_tried:
            # Many alike people make the pairwise proof slow: try the profiles' one,
            # and let the graph have the pairs its optimum suggests.
            collapsed_tried = True
            collapsed = collapse(market)
            if collapsed is not None:
                collapsed_bound = collapsed.bound
                found_mentor, found_mentee, found_points = _with_suggested(
                    market, found, collapsed.mentor, collapsed.mentee
                )
        reached = collapsed_bound is not None and matching.value >= collapsed_bound
        pairs_checked = found.pairs_checked  # every round covers every pair
        pairs_scored += found.pairs_scored
        # Violations are never in the graph; near misses may be.
        fresh = ~contains(in_graph, market.arrays.key(found_mentor, found_mentee))
        # Pairs found to need no covering are masked like the graph's own arcs.
        in_graph = _merged(in_graph, found.rejected)
        # Raising each v[j] to cover the violations found keeps (u, v) feasible.
        v = np.maximum(matching.v, found.needed_v)
        bound = (exact_sum(market.capacity * matching.u) + exact_sum(v)) // matching.scale
        if collapsed_bound is not None:
            bound = min(bound, collapsed_bound)
        proven = bound if proven is None else min(proven, bound)
        # Stop when another solve like the last one would end past the deadline.
        out_of_time = deadline is not None and time.perf_counter() + solve_seconds > deadline
        # Nothing new to add or to mask: report the proven gap.
        stuck = not fresh.any() and found.rejected.size == 0
        if found.violating == 0 or reached or out_of_time or stuck:
            return finished(proven)
        if not fresh.any():
            continue  # only masked pairs: check again with the same duals
        arcs_added += int(fresh.sum())
        new_mentor, new_mentee = found_mentor[fresh], found_mentee[fresh]
        new_points = found_points[fresh]
        in_graph = _merged(in_graph, market.arrays.key(new_mentor, new_mentee))
        weight = market.weight(new_points)
        usable = weight > 0
        report("solving", _progress(rounds))
        solve_started = time.perf_counter()
        matching = extend_b_matching(
            matching, new_mentee[usable], new_mentor[usable], weight[usable]
        )
        solve_seconds = time.perf_counter() - solve_started


def _with_suggested(
    market: Market, found: Violations, mentor: IntArray, mentee: IntArray
) -> tuple[IntArray, IntArray, IntArray]:
    """The pairs ``found`` plus the feasible ones of ``mentor``/``mentee`` (each once)."""
    ok = feasible_pairs(market.arrays, mentor, mentee)
    mentor, mentee = mentor[ok], mentee[ok]
    keys = market.arrays.key(mentor, mentee)
    known = np.sort(market.arrays.key(found.mentor, found.mentee))
    _, first = np.unique(keys, return_index=True)
    first = first[~contains(known, keys[first])]
    mentor, mentee = mentor[first], mentee[first]
    points = total_points(market.arrays, mentor, mentee)
    return (
        np.concatenate([found.mentor, mentor]),
        np.concatenate([found.mentee, mentee]),
        np.concatenate([found.points, points]),
    )


def _merged(sorted_keys: IntArray, keys: IntArray) -> IntArray:
    """``sorted_keys`` with ``keys`` (none of them in it yet) inserted in order."""
    keys = np.sort(keys)
    merged: IntArray = np.insert(sorted_keys, np.searchsorted(sorted_keys, keys), keys)
    return merged


def _progress(rounds: float) -> float:
    """Past candidate generation (0.5), each round moves the bar on, towards
    0.95: how many rounds a run needs is not known in advance."""
    return 0.95 - 0.45 * float(0.6**rounds)
