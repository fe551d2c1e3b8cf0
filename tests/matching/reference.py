"""Slow, obviously-correct references the engine is tested against."""

from __future__ import annotations

import itertools

from crossgen.matching.feasibility import broken_rules
from crossgen.matching.problem import Objective, Person, Problem, Role
from crossgen.matching.scoring import SCALE, score_parts


def points(problem: Problem, mentor: Person, mentee: Person) -> int:
    parts = score_parts(problem, mentor, mentee)
    return sum(
        round(x * SCALE) for x in (parts.forward, parts.reciprocal, parts.diversity, parts.timezone)
    )


def feasible_points(problem: Problem) -> dict[tuple[str, str], int]:
    """Points of every feasible (mentor id, mentee id) pair."""
    mentors = [p for p in problem.people if p.role is Role.MENTOR]
    mentees = [p for p in problem.people if p.role is Role.MENTEE]
    return {
        (m.id, e.id): points(problem, m, e)
        for m in mentors
        for e in mentees
        if not broken_rules(problem, m, e)
    }


def objective_key(problem: Problem, pairs: list[tuple[str, str]], scores: dict) -> tuple[int, ...]:
    """What the objective maximises, as a tuple compared lexicographically."""
    pinned = set(problem.rules.pinned)
    free_points = [scores[p] for p in pairs if p not in pinned]
    total = sum(scores[p] for p in pairs)
    if problem.objective is Objective.MAX_TOTAL:
        return (total,)
    if problem.objective is Objective.MAX_PARTICIPATION:
        return (len(pairs), total)
    worst = min(free_points) if free_points else 0
    return (len(pairs), worst, total)


def brute_force_best(problem: Problem) -> tuple[int, ...]:
    """The best objective key over every matching that keeps the pins."""
    scores = dict(feasible_points(problem))
    mentors = {p.id: p for p in problem.people if p.role is Role.MENTOR}
    mentees = [p.id for p in problem.people if p.role is Role.MENTEE]
    pinned = list(problem.rules.pinned)
    for m, e in pinned:
        scores[(m, e)] = points(problem, mentors[m], next(p for p in problem.people if p.id == e))
    load = dict.fromkeys(mentors, 0)
    for m, _ in pinned:
        load[m] += 1
    free = [e for e in mentees if e not in {e for _, e in pinned}]
    best: tuple[int, ...] | None = None
    options = [[None, *[m for m in mentors if (m, e) in scores]] for e in free]
    for choice in itertools.product(*options):
        used = dict(load)
        ok = True
        for m in choice:
            if m is not None:
                used[m] += 1
                if used[m] > mentors[m].capacity:
                    ok = False
                    break
        if not ok:
            continue
        pairs = pinned + [(m, e) for m, e in zip(choice, free, strict=True) if m is not None]
        key = objective_key(problem, pairs, scores)
        if best is None or key > best:
            best = key
    assert best is not None
    return best


def greedy_key(problem: Problem) -> tuple[int, ...]:
    """Pins first, then the highest-scoring feasible pair that still fits, repeatedly."""
    scores = feasible_points(problem)
    mentors = {p.id: p for p in problem.people if p.role is Role.MENTOR}
    room = {m: p.capacity for m, p in mentors.items()}
    pairs = list(problem.rules.pinned)
    taken = {e for _, e in pairs}
    for m, _ in pairs:
        room[m] -= 1
    for (m, e), _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if e not in taken and room[m] > 0:
            pairs.append((m, e))
            taken.add(e)
            room[m] -= 1
    all_scores = dict(scores)
    for m, e in problem.rules.pinned:
        all_scores[(m, e)] = points(
            problem, mentors[m], next(p for p in problem.people if p.id == e)
        )
    return objective_key(problem, pairs, all_scores)
