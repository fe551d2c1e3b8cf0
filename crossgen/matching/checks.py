"""The engine's input contract, checked in one place.

``check_problem`` reports every problem at once, each naming the field, in one
``ValueError``. (Files are validated earlier, with row numbers, by
``crossgen.matching.io``; this guards direct callers of the engine.)
"""

from __future__ import annotations

import math
from collections import Counter

from crossgen.matching.arrays import utc_offset_hours
from crossgen.matching.problem import Problem, Role

MAX_WEIGHT = 1000
"""Weights run from 0 to this; larger ones would swamp the integer scores."""
MAX_CAREER_STAGE = 1_000_000
"""Career stages are ranks on a ladder; anything beyond this is a typo."""
MAX_SEED = 2**63 - 1


class ProblemError(ValueError):
    """Everything wrong with a ``Problem``; ``problems`` lists "field: message" lines."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("invalid matching problem:\n  " + "\n  ".join(problems))


def check_problem(problem: Problem) -> None:
    """Raise ``ProblemError`` (a ``ValueError``) listing every problem, or return.

    Examples
    --------
    >>> from crossgen.matching.problem import Person, Problem, Role
    >>> check_problem(Problem(people=(Person(id="a", role=Role.MENTOR, career_stage=1,
    ...                                      capacity=0),)))
    Traceback (most recent call last):
    ...
    crossgen.matching.checks.ProblemError: invalid matching problem:
      people[0].capacity: a mentor takes 1 to 3 mentees, got 0
    """
    problems: list[str] = []
    ids = Counter(p.id for p in problem.people)
    problems.extend(f"people: id {i!r} appears {n} times" for i, n in ids.items() if n > 1)
    for row, person in enumerate(problem.people):
        where = f"people[{row}]"
        if not person.id:
            problems.append(f"{where}.id: empty")
        if not -MAX_CAREER_STAGE <= person.career_stage <= MAX_CAREER_STAGE:
            problems.append(
                f"{where}.career_stage: expected a rank within ±{MAX_CAREER_STAGE:,}, "
                f"got {person.career_stage}"
            )
        if person.role is Role.MENTOR and not 1 <= person.capacity <= 3:
            problems.append(
                f"{where}.capacity: a mentor takes 1 to 3 mentees, got {person.capacity}"
            )
        for field, levels, top in (("teaches", person.teaches, 4), ("learns", person.learns, 3)):
            bad = {s: v for s, v in levels.items() if not (isinstance(v, int) and 1 <= v <= top)}
            if bad:
                problems.append(f"{where}.{field}: levels run 1-{top}, got {bad}")
        for field in ("work_start_hour", "work_end_hour"):
            hour = getattr(person, field)
            if not (math.isfinite(hour) and 0.0 <= hour <= 24.0):
                problems.append(f"{where}.{field}: expected an hour in [0, 24], got {hour}")
        try:
            utc_offset_hours(person.timezone, problem.rules.reference_date)
        except ValueError as error:
            problems.append(f"{where}.{error}")
    problems.extend(_rule_problems(problem))
    problems.extend(_weight_problems(problem))
    problems.extend(_pinned_problems(problem))
    if not (isinstance(problem.seed, int) and 0 <= problem.seed <= MAX_SEED):
        problems.append(f"seed: expected a whole number from 0 to 2**63-1, got {problem.seed!r}")
    if problems:
        raise ProblemError(problems)


def _rule_problems(problem: Problem) -> list[str]:
    rules = problem.rules
    problems = []
    if rules.max_stage_gap is not None and rules.max_stage_gap < rules.min_stage_gap:
        problems.append(
            f"rules.max_stage_gap: {rules.max_stage_gap} is below min_stage_gap {rules.min_stage_gap}"
        )
    if not (math.isfinite(rules.min_overlap_hours) and 0 <= rules.min_overlap_hours <= 24):
        problems.append(f"rules.min_overlap_hours: expected 0-24, got {rules.min_overlap_hours}")
    return problems


def _weight_problems(problem: Problem) -> list[str]:
    problems = []
    for field in ("forward", "reciprocal", "diversity", "timezone"):
        value = getattr(problem.weights, field)
        if not (
            isinstance(value, int | float) and math.isfinite(value) and 0 <= value <= MAX_WEIGHT
        ):
            problems.append(
                f"weights.{field}: expected a number in [0, {MAX_WEIGHT}], got {value!r}"
            )
    return problems


def _pinned_problems(problem: Problem) -> list[str]:
    role = {p.id: p.role for p in problem.people}
    capacity = {p.id: p.capacity for p in problem.people}
    problems = []
    per_mentor: Counter[str] = Counter()
    seen_mentees: set[str] = set()
    for k, (mentor, mentee) in enumerate(problem.rules.pinned):
        where = f"rules.pinned[{k}]"
        if role.get(mentor, "missing") is not Role.MENTOR:
            problems.append(f"{where}: {mentor!r} is not a mentor of this problem")
        if role.get(mentee, "missing") is not Role.MENTEE:
            problems.append(f"{where}: {mentee!r} is not a mentee of this problem")
        if mentee in seen_mentees:
            problems.append(f"{where}: mentee {mentee!r} is pinned twice")
        seen_mentees.add(mentee)
        per_mentor[mentor] += 1
    for mentor, count in per_mentor.items():
        if role.get(mentor) is Role.MENTOR and count > capacity[mentor]:
            problems.append(
                f"rules.pinned: mentor {mentor!r} is pinned {count} times, capacity {capacity[mentor]}"
            )
    return problems
