"""Compile (first time in a checkout) or load (each new process) the engine's
compiled loops before a user waits on them.

numba compiles each loop on its first call and caches it on disk, so the
first match run after an install pays about 15 s, and every new process
about half a second to load. A small solve does not reach every loop (the
certificate's scan runs only when the first graph may miss a pair, the
auction's repair only when arcs join a graph), so those are also called
directly here, once, on tiny inputs.
"""

from __future__ import annotations

import time

import numpy as np

from crossgen.matching.arrays import compile_problem
from crossgen.matching.bmatching import extend_b_matching, solve_b_matching
from crossgen.matching.problem import Person, Problem, Role
from crossgen.matching.screening import build_features
from crossgen.matching.solve import solve

_SKILLS = ("ai-tools", "short-video", "strategy", "negotiation")


def warm_up() -> float:
    """Make every compiled loop of the engine ready; returns the seconds taken."""
    started = time.perf_counter()
    problem = _tiny_program()
    solve(problem)
    arrays = compile_problem(problem)
    features = build_features(arrays)
    order = np.arange(arrays.mentors.size, dtype=np.int64)
    mentees = np.arange(arrays.mentees.size, dtype=np.int64)
    features.block(arrays, order, mentees)
    features.best_mentors(order, mentees, 2, np.full(order.size, 2, dtype=np.int64))
    features.violations(
        order,
        mentees,
        np.full(mentees.size, order.size, dtype=np.int64),
        np.zeros(order.size),
        np.zeros(mentees.size),
        np.zeros(mentees.size + 1, dtype=np.int64),
        np.empty(0, dtype=np.int64),
        2,
    )
    _repair()
    return time.perf_counter() - started


def _repair() -> None:
    """A one-to-one graph that gains one arc: few enough changes to repair."""
    n = 20
    diagonal = np.arange(n)
    matching = solve_b_matching(
        diagonal, diagonal, np.full(n, 10), capacity=np.ones(n, dtype=np.int64), n_left=n
    )
    extend_b_matching(matching, np.array([0]), np.array([1]), np.array([20]))


def _tiny_program() -> Problem:
    people = []
    for k in range(6):
        people.append(
            Person(
                id=f"mentor-{k}",
                role=Role.MENTOR,
                career_stage=k % 2,
                department=f"department-{k % 3}",
                teaches={_SKILLS[k % 2]: 1 + k % 4},
                learns={_SKILLS[2 + k % 2]: 1 + k % 3},
                capacity=1 + k % 2,
            )
        )
        people.append(
            Person(
                id=f"mentee-{k}",
                role=Role.MENTEE,
                career_stage=3 + k % 2,
                department=f"department-{(k + 1) % 3}",
                teaches={_SKILLS[2 + k % 2]: 1 + k % 4},
                learns={_SKILLS[k % 2]: 1 + k % 3},
            )
        )
    return Problem(people=tuple(people))


if __name__ == "__main__":  # python -m crossgen.matching.warm_up (the worker runs it at start)
    print(f"Matching engine ready in {warm_up():.1f} s.")
