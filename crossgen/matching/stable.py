"""The stable objective: mentee-proposing deferred acceptance with mentor capacities.

Preferences (``crossgen.matching.preferences``)
    A mentee ranks mentors by what the *mentee* gains: the weighted forward
    part plus the weighted timezone part of the pair's score. A mentor ranks
    mentees by what the *mentor* gains: the weighted reciprocal part plus the
    weighted diversity part. Ties go to the lower id. Only feasible pairs (no
    hard rule broken) are acceptable to either side.

Pinned pairs
    Kept as given. The pinned mentee leaves the market; the pinned mentor's
    capacity shrinks by one per pin, and a pinned place is never given up.

What "stable" guarantees
    The returned matching has no blocking pair: no feasible (mentor, mentee),
    neither of them pinned together, where the mentee (not pinned, unmatched
    or matched) strictly prefers the mentor to their current mentor and the
    mentor either has a free place or strictly prefers the mentee to one of
    their non-pinned mentees. Among all such matchings it is the one every
    mentee likes best (mentee-optimal; Gale and Shapley 1962, Roth 1984).

    This holds over the *full* preference lists, although no full list is ever
    built: lists are built lazily and exactly (``deferred_acceptance``), so
    ``list_length`` changes the running time, never the matching.
    ``blocking_pairs`` checks a result against every pair.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from crossgen.matching.arrays import SCALE, IntArray, ProblemArrays, compile_problem
from crossgen.matching.checks import check_problem
from crossgen.matching.deferred_acceptance import deferred_acceptance, rows_per_block
from crossgen.matching.feasibility import feasible_pairs
from crossgen.matching.preferences import StablePreferences
from crossgen.matching.problem import Problem
from crossgen.matching.result import (
    Certificate,
    CertificateStatus,
    MatchResult,
    Pair,
    ScoreParts,
    Unmatched,
)
from crossgen.matching.scoring import pair_points
from crossgen.matching.unmatched import short_reasons

Progress = Callable[[str, float], None]

FULL_LISTS_UP_TO = 512
"""With at most this many mentors, every mentee's whole list is built at once."""
LIST_LENGTH = 64
"""Otherwise each mentee's list starts with this many mentors and grows when it runs out."""


def solve_stable(
    problem: Problem, *, progress: Progress | None = None, list_length: int | None = None
) -> MatchResult:
    """The mentee-optimal stable matching of ``problem`` (see the module docstring).

    Parameters
    ----------
    problem : Problem
        People, hard rules, weights; ``problem.objective`` is reported as is.
    progress : callable, optional, keyword-only
        Called as ``progress(stage, fraction_done)``.
    list_length : int, optional, keyword-only
        First length of each mentee's preference list; ``None`` chooses (full
        lists for small programs). The matching does not depend on it.

    Examples
    --------
    >>> from crossgen.matching.problem import Objective, Person, Problem, Role
    >>> people = (
    ...     Person(id="ana", role=Role.MENTOR, career_stage=1, teaches={"ai": 4}),
    ...     Person(id="ben", role=Role.MENTOR, career_stage=1, teaches={"ai": 2}),
    ...     Person(id="cho", role=Role.MENTEE, career_stage=5, learns={"ai": 3}),
    ...     Person(id="dee", role=Role.MENTEE, career_stage=5, learns={"ai": 3},
    ...            teaches={"strategy": 4}),
    ...     )
    >>> result = solve_stable(Problem(people=people, objective=Objective.STABLE))
    >>> sorted((p.mentor_id, p.mentee_id) for p in result.pairs)
    [('ana', 'cho'), ('ben', 'dee')]
    """
    check_problem(problem)
    started = time.perf_counter()
    report = progress or (lambda _stage, _fraction: None)
    report("compiling", 0.0)
    arrays = compile_problem(problem)
    pinned_mentor, pinned_mentee = _pinned(arrays)
    preferences = market_preferences(arrays)
    capacity = arrays.mentors.capacity - np.bincount(pinned_mentor, minlength=arrays.mentors.size)
    length = list_length
    if length is None:
        length = arrays.mentors.size if arrays.mentors.size <= FULL_LISTS_UP_TO else LIST_LENGTH
    compiled = time.perf_counter()
    outcome = deferred_acceptance(
        preferences,
        capacity[preferences.mentors],
        list_length=max(1, length),
        progress=lambda share: report("stable matching", 0.95 * share),
    )
    report("writing result", 0.95)
    placed = np.flatnonzero(outcome.matched >= 0)
    mentor = np.concatenate([pinned_mentor, preferences.mentors[outcome.matched[placed]]])
    mentee = np.concatenate([pinned_mentee, preferences.mentees[placed]])
    pinned = np.concatenate([np.ones(pinned_mentor.size, bool), np.zeros(placed.size, bool)])
    pairs = _pairs(arrays, mentor, mentee, pinned)
    total = sum(p.score for p in pairs)

    mentee_degree = np.zeros(arrays.mentees.size, dtype=np.int64)
    mentee_degree[preferences.mentees] = outcome.proposer_degree
    mentor_degree = np.zeros(arrays.mentors.size, dtype=np.int64)
    mentor_degree[preferences.mentors] = outcome.receiver_degree
    load = np.bincount(mentor, minlength=arrays.mentors.size)
    unmatched = _unmatched(
        arrays, preferences.mentees[outcome.matched < 0], mentee_degree, load, mentor_degree
    )
    report("done", 1.0)
    pairs_scored = int(preferences.mentees.size) * int(preferences.mentors.size)
    return MatchResult(
        objective=problem.objective,
        pairs=pairs,
        unmatched=unmatched,
        # Stability is not a score to bound: the certificate records the total
        # and claims nothing beyond it (bound = primal, so the gap reads 0).
        certificate=Certificate(
            status=CertificateStatus.NOT_APPLICABLE,
            primal=total,
            bound=total,
            pairs_checked=pairs_scored,
        ),
        mentor_count=arrays.mentors.size,
        mentee_count=arrays.mentees.size,
        elapsed_seconds=time.perf_counter() - started,
        stats={
            "compile_seconds": compiled - started,
            "proposals": float(outcome.proposals),
            "list_extensions": float(outcome.extensions),
            "list_length": float(length),
            "pinned_pairs": float(pinned_mentor.size),
        },
    )


def market_preferences(arrays: ProblemArrays) -> StablePreferences:
    """Both sides sorted by id (ties go to the lower id); pinned mentees left out."""
    pinned = {mentee for _, mentee in arrays.problem.rules.pinned}
    mentors = np.array(
        sorted(range(arrays.mentors.size), key=arrays.mentors.ids.__getitem__), dtype=np.int64
    )
    mentees = np.array(
        sorted(
            (j for j in range(arrays.mentees.size) if arrays.mentees.ids[j] not in pinned),
            key=arrays.mentees.ids.__getitem__,
        ),
        dtype=np.int64,
    )
    return StablePreferences(arrays=arrays, mentors=mentors, mentees=mentees)


def _pinned(arrays: ProblemArrays) -> tuple[IntArray, IntArray]:
    pins = arrays.problem.rules.pinned
    mentor = np.array([arrays.mentor_index[m] for m, _ in pins], dtype=np.int64)
    mentee = np.array([arrays.mentee_index[e] for _, e in pins], dtype=np.int64)
    return mentor, mentee


def _pairs(
    arrays: ProblemArrays, mentor: IntArray, mentee: IntArray, pinned: np.ndarray
) -> tuple[Pair, ...]:
    order = np.lexsort((mentee, mentor))
    mentor, mentee, pinned = mentor[order], mentee[order], pinned[order]
    points = pair_points(arrays, mentor, mentee)
    pairs = []
    for k in range(mentor.size):
        parts = ScoreParts(
            forward=int(points.forward[k]) / SCALE,
            reciprocal=int(points.reciprocal[k]) / SCALE,
            diversity=int(points.diversity[k]) / SCALE,
            timezone=int(points.timezone[k]) / SCALE,
        )
        pairs.append(
            Pair(
                mentor_id=arrays.mentors.ids[int(mentor[k])],
                mentee_id=arrays.mentees.ids[int(mentee[k])],
                score=parts.total,
                parts=parts,
                pinned=bool(pinned[k]),
            )
        )
    return tuple(pairs)


def _unmatched(
    arrays: ProblemArrays,
    lonely: IntArray,
    mentee_degree: IntArray,
    load: IntArray,
    mentor_degree: IntArray,
) -> tuple[Unmatched, ...]:
    """Short reasons; ``crossgen.matching.explain`` replaces them with detailed ones."""
    spare = np.flatnonzero(load < arrays.mentors.capacity).tolist()
    return short_reasons(
        arrays,
        mentees=sorted(lonely.tolist(), key=arrays.mentees.ids.__getitem__),
        mentee_degree=mentee_degree,
        mentors=sorted(spare, key=arrays.mentors.ids.__getitem__),
        load=load,
        mentor_degree=mentor_degree,
        mentee_elsewhere=lambda n: (
            f"each of the {n} mentors who pass the hard rules prefers the mentees they have"
        ),
        idle_mentor_elsewhere=None,
    )


def blocking_pairs(problem: Problem, result: MatchResult) -> list[tuple[str, str]]:
    """Every (mentor_id, mentee_id) pair that blocks ``result`` under the stable
    objective's preferences (see the module docstring), sorted.

    Works on any result (of any objective), so it also tells how far a
    max-total matching is from stable. Pinned mentees never block, and a
    mentor's pinned places are never given up. A pair in ``result`` that breaks
    a hard rule (and is not pinned) counts as worse than no partner for both.

    Examples
    --------
    >>> from crossgen.matching.problem import Objective, Person, Problem, Role
    >>> from crossgen.matching.solve import solve
    >>> people = (
    ...     Person(id="ana", role=Role.MENTOR, career_stage=1, teaches={"ai": 4}),
    ...     Person(id="cho", role=Role.MENTEE, career_stage=5, learns={"ai": 3}),
    ... )
    >>> problem = Problem(people=people, objective=Objective.STABLE)
    >>> blocking_pairs(problem, solve_stable(problem))
    []
    """
    arrays = compile_problem(problem)
    preferences = market_preferences(arrays)
    n_e, n_m = preferences.shape
    row_of = {arrays.mentees.ids[j]: r for r, j in enumerate(preferences.mentees.tolist())}
    column_of = {arrays.mentors.ids[i]: c for c, i in enumerate(preferences.mentors.tolist())}
    partner = np.full(n_e, -1, dtype=np.int64)
    load = np.zeros(n_m, dtype=np.int64)
    held: list[list[int]] = [[] for _ in range(n_m)]
    for pair in result.pairs:
        column = column_of[pair.mentor_id]
        load[column] += 1
        row = row_of.get(pair.mentee_id)  # None for a pinned mentee
        if row is not None:
            partner[row] = column
            held[column].append(row)
    capacity = arrays.mentors.capacity[preferences.mentors]
    threshold_value, threshold_row = _standards(preferences, held, load, capacity)

    found: list[tuple[int, int]] = []
    step = rows_per_block(n_m)
    order = preferences.scan_order()
    for start in range(0, n_e, step):
        rows = np.sort(order[start : start + step])
        value = preferences.proposer_block(rows).values
        mine = partner[rows]
        current = np.where(mine >= 0, value[np.arange(rows.size), np.maximum(mine, 0)], -np.inf)
        columns = np.arange(n_m)[None, :]
        prefers = (value > current[:, None]) | (
            (value == current[:, None]) & (columns < mine[:, None])
        )
        prefers &= np.isfinite(value) & (columns != mine[:, None])
        r, c = np.nonzero(prefers)
        if r.size == 0:
            continue
        mentor_value = preferences.receiver_pairs(rows[r], c)
        willing = (mentor_value > threshold_value[c]) | (
            (mentor_value == threshold_value[c]) & (rows[r] < threshold_row[c])
        )
        found.extend(zip(rows[r][willing].tolist(), c[willing].tolist(), strict=True))
    return sorted(
        (
            arrays.mentors.ids[int(preferences.mentors[c])],
            arrays.mentees.ids[int(preferences.mentees[r])],
        )
        for r, c in found
    )


def _standards(
    preferences: StablePreferences, held: list[list[int]], load: IntArray, capacity: IntArray
) -> tuple[np.ndarray, IntArray]:
    """Per mentor: the worst non-pinned mentee held when full (value, row);
    ``-inf`` with a free place, ``+inf`` when pinned pairs fill every place."""
    value = np.full(load.size, -np.inf)
    row = np.full(load.size, np.iinfo(np.int64).max, dtype=np.int64)
    full = np.flatnonzero(load >= capacity)
    rows = [r for c in full.tolist() for r in held[c]]
    columns = [c for c in full.tolist() for _ in held[c]]
    row_array, column_array = np.array(rows, dtype=np.int64), np.array(columns, dtype=np.int64)
    values = preferences.receiver_pairs(row_array, column_array)
    # A mentee held against the rules (in a result that is not from a solver)
    # is worse to the mentor than any acceptable one, as being unmatched would be.
    acceptable = feasible_pairs(
        preferences.arrays, preferences.mentors[column_array], preferences.mentees[row_array]
    )
    values = np.where(acceptable, values, -np.inf)
    worst: dict[int, tuple[float, int]] = {}
    for r, c, v in zip(rows, columns, values.tolist(), strict=True):
        key = (v, -r)
        if c not in worst or key < worst[c]:
            worst[c] = key
    for c in full.tolist():
        if c in worst:
            value[c], row[c] = worst[c][0], -worst[c][1]
        else:
            value[c] = np.inf
    return value, row
