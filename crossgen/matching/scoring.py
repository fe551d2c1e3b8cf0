"""A pair's score, part by part, with the weights in plain sight.

Every part is normalised to [0, 1] first, then multiplied by its weight from
``problem.weights``, then rounded to a micro-point (1/``SCALE``):

forward
    How well the mentor's teachable skills cover the mentee's learning goals:
    ``sum(proficiency_mentor[s] * interest_mentee[s]) / (4 * sum(interest_mentee))``
    over skills ``s``. 1 means the mentor teaches every goal at proficiency 4;
    goals nobody teaches still count in the denominator. 0 if the mentee names
    no goal.
reciprocal
    The same with the roles swapped: the mentee's skills against the mentor's
    goals (institutional knowledge flowing back).
diversity
    ``(different_department + different_location + min(gap, span) / span) / 3``
    where ``gap`` is the career-stage gap (mentee minus mentor, at least 0) and
    ``span`` is ``rules.max_stage_gap`` if set, otherwise the spread of career
    stages among the participants. An unknown ("") department or location is
    never counted as different.
timezone
    ``overlap_hours / shorter working day``: 1 when the shorter day lies wholly
    inside the other one.

Rounding each weighted part to an integer number of micro-points makes the
solver's optimum and its certificate exact; ``score_parts`` and the vectorised
``pair_points``/``block_points`` perform the same floating-point operations in
the same order, so they agree to the micro-point.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from crossgen.matching.arrays import (
    SCALE,
    FloatArray,
    IntArray,
    ProblemArrays,
    comfort_of,
    compile_problem,
    day_length,
)
from crossgen.matching.feasibility import overlap_hours
from crossgen.matching.problem import Person, Problem
from crossgen.matching.result import ScoreParts

__all__ = ["SCALE", "Points", "block_points", "pair_points", "score_parts", "total_points"]


def score_parts(problem: Problem, mentor: Person, mentee: Person) -> ScoreParts:
    """The weighted parts of the pair's score (see the module docstring).

    The score does not look at the hard rules: an infeasible pair has a score
    too, which explanations use ("the best partner you could not have").

    Examples
    --------
    >>> from crossgen.matching.problem import Person, Problem, Role, Weights
    >>> ann = Person(id="ann", role=Role.MENTOR, career_stage=1, department="IT",
    ...              teaches={"ai-tools": 4}, learns={"strategy": 2})
    >>> bob = Person(id="bob", role=Role.MENTEE, career_stage=5, department="Sales",
    ...              teaches={"strategy": 2}, learns={"ai-tools": 3, "social-media": 1})
    >>> problem = Problem(people=(ann, bob), weights=Weights(
    ...     forward=1.0, reciprocal=1.0, diversity=1.0, timezone=1.0))
    >>> parts = score_parts(problem, ann, bob)
    >>> parts.forward, parts.reciprocal, parts.diversity, parts.timezone
    (0.75, 0.5, 0.666667, 1.0)
    """
    arrays = compile_problem(problem)
    weights = problem.weights
    forward = _skill_points(weights.forward, mentor.teaches, mentee.learns)
    reciprocal = _skill_points(weights.reciprocal, mentee.teaches, mentor.learns)
    different = int(_differs(mentor.department, mentee.department)) + int(
        _differs(mentor.location, mentee.location)
    )
    gap = max(0, mentee.career_stage - mentor.career_stage)
    stage = min(gap, arrays.stage_span) / arrays.stage_span
    diversity = round(((SCALE * weights.diversity) * (different + stage)) / 3.0)
    comfort = comfort_of(
        overlap_hours(problem, mentor, mentee),
        day_length(float(mentor.work_start_hour), float(mentor.work_end_hour)),
        day_length(float(mentee.work_start_hour), float(mentee.work_end_hour)),
    )
    timezone = round((SCALE * weights.timezone) * comfort)
    return ScoreParts(
        forward=forward / SCALE,
        reciprocal=reciprocal / SCALE,
        diversity=diversity / SCALE,
        timezone=timezone / SCALE,
    )


def _skill_points(weight: float, teaches: Mapping[str, int], learns: Mapping[str, int]) -> int:
    total = sum(learns.values())
    if total == 0:
        return 0
    covered = sum(level * learns.get(skill, 0) for skill, level in teaches.items())
    return round(((SCALE * weight) * covered) / (4 * total))


def _differs(a: str, b: str) -> bool:
    return bool(a) and bool(b) and a != b


@dataclass(frozen=True, slots=True)
class Points:
    """Weighted score parts in micro-points, one entry per pair (or block cell)."""

    forward: IntArray
    reciprocal: IntArray
    diversity: IntArray
    timezone: IntArray

    @property
    def total(self) -> IntArray:
        return self.forward + self.reciprocal + self.diversity + self.timezone


def pair_points(arrays: ProblemArrays, mentor: IntArray, mentee: IntArray) -> Points:
    """Score parts of the pairs ``(mentor[k], mentee[k])`` in micro-points.

    Examples
    --------
    >>> import numpy as np
    >>> from crossgen.matching.arrays import compile_problem
    >>> from crossgen.matching.problem import Person, Problem, Role
    >>> people = (Person(id="m", role=Role.MENTOR, career_stage=1, teaches={"ai": 4}),
    ...           Person(id="e", role=Role.MENTEE, career_stage=3, learns={"ai": 1}))
    >>> pair_points(compile_problem(Problem(people=people)), np.array([0]), np.array([0])).forward
    array([1000000])
    """
    mentor = np.asarray(mentor, dtype=np.int64)
    mentee = np.asarray(mentee, dtype=np.int64)
    mentors, mentees = arrays.mentors, arrays.mentees
    forward_num = _row_dots(mentors.teaches, mentor, mentees.learns, mentee)
    reciprocal_num = _row_dots(mentees.teaches, mentee, mentors.learns, mentor)
    return _points(
        arrays,
        forward_num,
        mentees.learn_total[mentee],
        reciprocal_num,
        mentors.learn_total[mentor],
        mentor,
        mentee,
    )


def block_points(arrays: ProblemArrays, mentor: IntArray, mentee: IntArray) -> Points:
    """Score parts of every pair of ``mentor`` x ``mentee`` (a 2-D block)."""
    mentor = np.asarray(mentor, dtype=np.int64)
    mentee = np.asarray(mentee, dtype=np.int64)
    mentors, mentees = arrays.mentors, arrays.mentees
    # Products of small integers summed in float64 are exact, whatever BLAS's order.
    forward_num = mentors.teaches[mentor].astype(np.float64) @ mentees.learns[mentee].T
    reciprocal_num = mentors.learns[mentor].astype(np.float64) @ mentees.teaches[mentee].T
    return _points(
        arrays,
        forward_num,
        mentees.learn_total[mentee][None, :],
        reciprocal_num.astype(np.float64),
        mentors.learn_total[mentor][:, None],
        mentor[:, None],
        mentee[None, :],
    )


def total_points(arrays: ProblemArrays, mentor: IntArray, mentee: IntArray) -> IntArray:
    """``pair_points(...).total``, in chunks so that memory stays bounded."""
    out = np.empty(np.shape(mentor), dtype=np.int64)
    chunk = 1 << 18
    for start in range(0, out.size, chunk):
        stop = start + chunk
        out[start:stop] = pair_points(arrays, mentor[start:stop], mentee[start:stop]).total
    return out


def _row_dots(left: np.ndarray, rows: IntArray, right: np.ndarray, cols: IntArray) -> FloatArray:
    out = np.empty(rows.shape, dtype=np.float64)
    chunk = 1 << 16
    for start in range(0, rows.size, chunk):
        a = left[rows[start : start + chunk]].astype(np.int32)
        b = right[cols[start : start + chunk]].astype(np.int32)
        out[start : start + chunk] = np.einsum("ij,ij->i", a, b)
    return out


def _points(
    arrays: ProblemArrays,
    forward_num: FloatArray,
    forward_den: IntArray,
    reciprocal_num: FloatArray,
    reciprocal_den: IntArray,
    mentor: IntArray,
    mentee: IntArray,
) -> Points:
    weights = arrays.problem.weights
    mentors, mentees = arrays.mentors, arrays.mentees
    forward = _ratio_points(weights.forward, forward_num, forward_den)
    reciprocal = _ratio_points(weights.reciprocal, reciprocal_num, reciprocal_den)
    department_m, department_e = mentors.department[mentor], mentees.department[mentee]
    location_m, location_e = mentors.location[mentor], mentees.location[mentee]
    different = ((department_m >= 0) & (department_e >= 0) & (department_m != department_e)).astype(
        np.int64
    ) + ((location_m >= 0) & (location_e >= 0) & (location_m != location_e)).astype(np.int64)
    gap = np.maximum(0, mentees.stage[mentee] - mentors.stage[mentor])
    span = arrays.stage_span
    stage = np.minimum(gap, span) / span
    diversity = np.rint(((SCALE * weights.diversity) * (different + stage)) / 3.0)
    comfort = arrays.comfort[mentors.hours_class[mentor], mentees.hours_class[mentee]]
    timezone = np.rint((SCALE * weights.timezone) * comfort)
    shape = np.broadcast_shapes(np.shape(forward), np.shape(diversity), np.shape(timezone))
    return Points(
        forward=np.broadcast_to(forward, shape).astype(np.int64),
        reciprocal=np.broadcast_to(reciprocal, shape).astype(np.int64),
        diversity=np.broadcast_to(diversity, shape).astype(np.int64),
        timezone=np.broadcast_to(timezone, shape).astype(np.int64),
    )


def _ratio_points(weight: float, numerator: FloatArray, denominator: IntArray) -> FloatArray:
    safe = np.maximum(denominator, 1)
    points = np.rint(((SCALE * weight) * numerator) / (4 * safe))
    return np.where(denominator > 0, points, 0.0)
