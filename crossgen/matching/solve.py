"""``solve``: one match run, from a ``Problem`` to a certified ``MatchResult``.

Objectives (``problem.objective``):

max-total
    The largest total score over all feasible matchings.
max-participation
    As many pairs as the rules allow, then the largest total among those:
    every pair's weight gets a bonus larger than any total score can be, so
    one more pair always wins.
fair
    As many pairs as the rules allow, then the largest possible worst pair
    score, then the largest total (``crossgen.matching.fairness``).
stable
    Delegated to ``crossgen.matching.stable.solve_stable``.

Pinned pairs are kept as given (even if they break a rule), their mentors'
capacity is reduced, and everyone else is optimised around them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from crossgen.matching.arrays import SCALE, IntArray, ProblemArrays, compile_problem
from crossgen.matching.candidates import feasible_degrees
from crossgen.matching.checks import ProblemError, check_problem
from crossgen.matching.engine import EngineResult, Market, certified_matching
from crossgen.matching.problem import Objective, Problem
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

CANDIDATES_PER_MENTEE = 12
"""Arcs per mentee in the first candidate graph; the certificate adds what is missing."""


def solve(
    problem: Problem,
    *,
    time_budget_seconds: float | None = None,
    progress: Progress | None = None,
) -> MatchResult:
    """Match mentors and mentees under ``problem``'s rules, weights and objective.

    Parameters
    ----------
    problem : Problem
        People, hard rules, weights, objective and seed.
    time_budget_seconds : float, optional, keyword-only
        Stop improving after about this long and report the proven gap
        (``certificate.status == "gap"``). The first solve always completes.
    progress : callable, optional, keyword-only
        Called as ``progress(stage, fraction_done)`` while the run advances.

    Returns
    -------
    MatchResult
        Pairs with score parts (``explanation=None``: see
        ``crossgen.matching.explain``), unmatched people with a short reason, and
        a certificate: for the total-score objectives a dual bound checked
        against every feasible pair.

    Examples
    --------
    >>> from crossgen.matching.problem import Person, Problem, Role
    >>> people = (
    ...     Person(id="ana", role=Role.MENTOR, career_stage=1, teaches={"ai": 4}),
    ...     Person(id="ben", role=Role.MENTOR, career_stage=1, teaches={"video": 3}),
    ...     Person(id="cho", role=Role.MENTEE, career_stage=5, learns={"ai": 3}),
    ...     Person(id="dee", role=Role.MENTEE, career_stage=5, learns={"video": 2}),
    ... )
    >>> result = solve(Problem(people=people))
    >>> sorted((p.mentor_id, p.mentee_id) for p in result.pairs)
    [('ana', 'cho'), ('ben', 'dee')]
    >>> result.certificate.status.value
    'optimal'
    """
    check_problem(problem)
    if time_budget_seconds is not None and not time_budget_seconds > 0:
        raise ProblemError([f"time_budget_seconds: expected > 0, got {time_budget_seconds}"])
    if problem.objective is Objective.STABLE:
        from crossgen.matching.stable import solve_stable

        return solve_stable(problem, progress=progress)
    started = time.perf_counter()
    deadline = None if time_budget_seconds is None else started + time_budget_seconds
    report = progress or (lambda _stage, _fraction: None)
    report("compiling", 0.0)
    arrays = compile_problem(problem)
    compiled = time.perf_counter()
    pinned_mentor, pinned_mentee = _pinned(arrays)
    capacity = arrays.mentors.capacity - np.bincount(pinned_mentor, minlength=arrays.mentors.size)
    is_free = np.ones(arrays.mentees.size, dtype=bool)
    is_free[pinned_mentee] = False
    free = np.flatnonzero(is_free).astype(np.int64)
    base = Market(arrays=arrays, mentees=free, capacity=capacity)
    if problem.objective is Objective.FAIR:
        from crossgen.matching.fairness import solve_fair

        engine, market, fair_stats = solve_fair(
            base, k=CANDIDATES_PER_MENTEE, deadline=deadline, progress=report
        )
    else:
        market = base
        if problem.objective is Objective.MAX_PARTICIPATION:
            market = Market(
                arrays=arrays, mentees=free, capacity=capacity, bonus=participation_bonus(base)
            )
        engine = certified_matching(
            market, k=CANDIDATES_PER_MENTEE, deadline=deadline, progress=report
        )
        fair_stats = {}
    report("writing result", 0.95)
    result = _result(
        problem, arrays, market, engine, pinned_mentor, pinned_mentee, started, compiled
    )
    if fair_stats:
        result = _with_stats(result, fair_stats)
    report("done", 1.0)
    return result


def participation_bonus(market: Market) -> int:
    """A per-pair bonus larger than any total score of a matching, so that the
    weight of a matching orders first by its number of pairs, then by score."""
    weights = market.arrays.problem.weights
    per_pair = int(
        SCALE * (weights.forward + weights.reciprocal + weights.diversity + weights.timezone)
    )
    most_pairs = min(int(market.mentees.size), int(market.capacity.sum()))
    return (per_pair + 4) * (most_pairs + 1) + 1


def _pinned(arrays: ProblemArrays) -> tuple[IntArray, IntArray]:
    pins = arrays.problem.rules.pinned
    mentor = np.array([arrays.mentor_index[m] for m, _ in pins], dtype=np.int64)
    mentee = np.array([arrays.mentee_index[e] for _, e in pins], dtype=np.int64)
    return mentor, mentee


def _result(
    problem: Problem,
    arrays: ProblemArrays,
    market: Market,
    engine: EngineResult,
    pinned_mentor: IntArray,
    pinned_mentee: IntArray,
    started: float,
    compiled: float,
) -> MatchResult:
    placed = np.flatnonzero(engine.mentor_of >= 0)
    mentor = np.concatenate([pinned_mentor, engine.mentor_of[placed]])
    mentee = np.concatenate([pinned_mentee, placed])
    pinned = np.concatenate([np.ones(pinned_mentor.size, bool), np.zeros(placed.size, bool)])
    order = np.lexsort((mentee, mentor))
    mentor, mentee, pinned = mentor[order], mentee[order], pinned[order]
    points = pair_points(arrays, mentor, mentee)
    pairs = tuple(
        _pair(arrays, int(i), int(j), bool(pin), points, k)
        for k, (i, j, pin) in enumerate(zip(mentor, mentee, pinned, strict=True))
    )
    pinned_points = int(points.total[pinned].sum())
    certificate = _certificate(market, engine, pinned_points)
    load = np.bincount(mentor, minlength=arrays.mentors.size)
    matched_mentee = np.zeros(arrays.mentees.size, dtype=bool)
    matched_mentee[mentee] = True
    unmatched = _unmatched(arrays, market, load, matched_mentee)
    elapsed = time.perf_counter() - started
    return MatchResult(
        objective=problem.objective,
        pairs=pairs,
        unmatched=unmatched,
        certificate=certificate,
        mentor_count=arrays.mentors.size,
        mentee_count=arrays.mentees.size,
        elapsed_seconds=elapsed,
        stats={
            "compile_seconds": compiled - started,
            "rounds": float(engine.rounds),
            "candidate_arcs": float(engine.arcs),
            "pairs_checked": float(engine.pairs_checked),
            "arcs_added": float(engine.arcs_added),
            "pinned_pairs": float(pinned_mentor.size),
        },
    )


def _pair(arrays: ProblemArrays, i: int, j: int, pinned: bool, points: object, k: int) -> Pair:
    from crossgen.matching.scoring import Points

    assert isinstance(points, Points)
    parts = ScoreParts(
        forward=int(points.forward[k]) / SCALE,
        reciprocal=int(points.reciprocal[k]) / SCALE,
        diversity=int(points.diversity[k]) / SCALE,
        timezone=int(points.timezone[k]) / SCALE,
    )
    return Pair(
        mentor_id=arrays.mentors.ids[i],
        mentee_id=arrays.mentees.ids[j],
        score=parts.total,
        parts=parts,
        pinned=pinned,
    )


def _certificate(market: Market, engine: EngineResult, pinned_points: int) -> Certificate:
    value, bound = engine.value, engine.bound
    more_pairs = 0
    if market.bonus:
        # Each pair carries a bonus larger than any total score, so the bound
        # first caps the number of pairs; only when that cap is met does its
        # remainder bound the score.
        pairs = value // market.bonus
        more_pairs = max(0, bound // market.bonus - pairs)
        value -= pairs * market.bonus
        bound = value if more_pairs else bound - pairs * market.bonus
    return Certificate(
        status=CertificateStatus.OPTIMAL if engine.optimal else CertificateStatus.GAP,
        primal=(pinned_points + value) / SCALE,
        bound=(pinned_points + bound) / SCALE,
        pairs_checked=engine.pairs_checked,
        arcs_added=engine.arcs_added,
        more_pairs_possible=more_pairs,
    )


def _unmatched(
    arrays: ProblemArrays,
    market: Market,
    load: IntArray,
    matched_mentee: IntArray,
) -> tuple[Unmatched, ...]:
    degree, mentor_degree = feasible_degrees(arrays, market)
    return short_reasons(
        arrays,
        mentees=np.flatnonzero(~matched_mentee.astype(bool)).tolist(),
        mentee_degree=degree,
        mentors=np.flatnonzero(load < arrays.mentors.capacity).tolist(),
        load=load,
        mentor_degree=mentor_degree,
        mentee_elsewhere=lambda n: (
            f"all {n} mentors who pass the hard rules are placed in pairs "
            "that serve the objective better"
        ),
        idle_mentor_elsewhere=lambda n: (
            f"all {n} mentees who pass the hard rules are placed in "
            "pairs that serve the objective better"
        ),
    )


def _with_stats(result: MatchResult, extra: dict[str, float]) -> MatchResult:
    from dataclasses import replace

    return replace(result, stats={**result.stats, **extra})
