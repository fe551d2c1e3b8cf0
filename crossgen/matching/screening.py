"""Fast approximate scores for blocks of pairs, with a proven error margin.

One float32 matrix product gives, for a block of mentors x mentees, the score
of every pair to within ``margin`` (in score units), with every pair that a
stage, department or working-hours rule forbids pushed below ``-BIG / 2``:

* mentor features ``A`` and mentee features ``B`` hold the skill terms
  (forward and reciprocal, already normalised and weighted), one-hot codes for
  department and location (so "same department" costs ``diversity / 3``, or
  ``BIG`` when the rule forbids it), a one-hot career stage matched against a
  per-mentee row of the stage table (diversity credit, or ``-BIG`` when the
  stage rule fails), and a one-hot working-hours class matched against a row of
  the comfort table (or ``-BIG`` when the overlap is too short);
* ``A[mentors] @ B[mentees].T`` is then the score minus rounding.

The solver uses these numbers only to decide which pairs to score exactly
(``crossgen.matching.scoring.pair_points``): candidates above a threshold, and
pairs that might violate the certificate. The margin makes both decisions safe.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from crossgen.matching.arrays import SCALE, ProblemArrays

Float32Array = npt.NDArray[np.float32]

_MAX_ONE_HOT = 128  # beyond this many departments/locations, compare codes instead


@dataclass(frozen=True, slots=True, kw_only=True)
class Features:
    mentor: Float32Array  # n_mentors x D
    mentee: Float32Array  # n_mentees x D
    big: float  # forbidden pairs score below -big / 2
    margin: float  # |approximate - exact| <= margin, in score units
    department_penalty: float  # for code comparison when departments are many (else 0)
    location_penalty: float

    def block(
        self, arrays: ProblemArrays, mentors: npt.NDArray[np.int64], mentees: npt.NDArray[np.int64]
    ) -> Float32Array:
        """Approximate scores of ``mentors`` x ``mentees``."""
        scores: Float32Array = self.mentor[mentors] @ self.mentee[mentees].T
        if self.department_penalty:
            _add_if_equal(
                scores,
                arrays.mentors.department[mentors],
                arrays.mentees.department[mentees],
                self.department_penalty,
            )
        if self.location_penalty:
            _add_if_equal(
                scores,
                arrays.mentors.location[mentors],
                arrays.mentees.location[mentees],
                self.location_penalty,
            )
        return scores


def _add_if_equal(
    scores: Float32Array, a: npt.NDArray[np.int32], b: npt.NDArray[np.int32], amount: float
) -> None:
    same = (a[:, None] == b[None, :]) & (a[:, None] >= 0)
    scores += same.astype(np.float32) * np.float32(amount)


def build_features(arrays: ProblemArrays) -> Features:
    problem = arrays.problem
    weights, rules = problem.weights, problem.rules
    mentors, mentees = arrays.mentors, arrays.mentees
    total_weight = weights.forward + weights.reciprocal + weights.diversity + weights.timezone
    big = 1000.0 * (1.0 + total_weight)
    third = weights.diversity / 3.0
    mentor_cols: list[npt.NDArray[np.float64]] = []
    mentee_cols: list[npt.NDArray[np.float64]] = []

    def add(mentor_part: npt.NDArray[np.generic], mentee_part: npt.NDArray[np.generic]) -> None:
        mentor_cols.append(np.asarray(mentor_part, dtype=np.float64).reshape(mentors.size, -1))
        mentee_cols.append(np.asarray(mentee_part, dtype=np.float64).reshape(mentees.size, -1))

    # Skills: only those both taught on one side and wanted on the other matter.
    forward = (mentors.teaches > 0).any(axis=0) & (mentees.learns > 0).any(axis=0)
    goal_share = 1.0 / (4.0 * np.maximum(mentees.learn_total, 1))
    add(
        weights.forward * mentors.teaches[:, forward],
        mentees.learns[:, forward] * goal_share[:, None],
    )
    backward = (mentees.teaches > 0).any(axis=0) & (mentors.learns > 0).any(axis=0)
    own_share = 1.0 / (4.0 * np.maximum(mentors.learn_total, 1))
    add(
        weights.reciprocal * mentors.learns[:, backward] * own_share[:, None],
        mentees.teaches[:, backward],
    )
    # Department and location: credit when both are known, minus credit when equal.
    department_penalty = location_penalty = 0.0
    for name, forbid in (("department", rules.forbid_same_department), ("location", False)):
        code_m, code_e = getattr(mentors, name), getattr(mentees, name)
        add(third * (code_m >= 0), (code_e >= 0).astype(np.float64))
        same_cost = third + (big if forbid else 0.0)
        n_codes = int(max(code_m.max(initial=-1), code_e.max(initial=-1))) + 1
        if n_codes > _MAX_ONE_HOT:
            if name == "department":
                department_penalty = -same_cost
            else:
                location_penalty = -same_cost
        elif n_codes:
            add(-same_cost * _one_hot(code_m, n_codes), _one_hot(code_e, n_codes))
    # Career stage: the mentor's stage one-hot, the mentee's row of the table.
    stages = np.unique(mentors.stage)
    gap = mentees.stage[:, None] - stages[None, :]
    span = arrays.stage_span
    stage_value = third * np.minimum(np.maximum(gap, 0), span) / span
    allowed = gap >= rules.min_stage_gap
    if rules.max_stage_gap is not None:
        allowed &= gap <= rules.max_stage_gap
    add(
        _one_hot(np.searchsorted(stages, mentors.stage), stages.size),
        np.where(allowed, stage_value, -big),
    )
    # Working hours: the mentor's class one-hot, the mentee's row of the comfort table.
    classes = np.unique(mentors.hours_class)
    comfort = weights.timezone * arrays.comfort[np.ix_(classes, mentees.hours_class)].T
    if rules.min_overlap_hours > 0:
        shared = arrays.overlap[np.ix_(classes, mentees.hours_class)].T
        comfort = np.where(shared + 1e-9 >= rules.min_overlap_hours, comfort, -big)
    add(_one_hot(np.searchsorted(classes, mentors.hours_class), classes.size), comfort)
    mentor = np.ascontiguousarray(np.concatenate(mentor_cols, axis=1), dtype=np.float32)
    mentee = np.ascontiguousarray(np.concatenate(mentee_cols, axis=1), dtype=np.float32)
    depth = mentor.shape[1] + 4
    # Float32 dot products of depth D err by at most about D * 2**-24 times the
    # sum of |terms| (here at most 2 * total weight), plus 4 half-micro-points
    # of rounding in the exact parts; doubled for safety.
    margin = 2.0 * (depth * 2.0**-23 * 2.0 * max(total_weight, 1.0) + 2.0 / SCALE) + 1e-6
    return Features(
        mentor=mentor,
        mentee=mentee,
        big=big,
        margin=margin,
        department_penalty=department_penalty,
        location_penalty=location_penalty,
    )


def _one_hot(codes: npt.NDArray[np.integer], size: int) -> npt.NDArray[np.float64]:
    out = np.zeros((codes.size, size), dtype=np.float64)
    known = codes >= 0
    out[np.flatnonzero(known), codes[known]] = 1.0
    return out
