"""Fast approximate scores of mentor x mentee pairs, with a proven error margin.

A pair's score has few non-zero terms: the mentee's two to four learning goals
against the mentor's proficiency in them (forward), the mentor's goals against
the mentee's skills (reciprocal), and the diversity and time-zone credit, which
depend only on small codes (department, location, career stage, working-hours
class). ``Features`` holds exactly those terms:

* per mentor (columns, one row per skill): ``forward weight x proficiency`` and
  ``reciprocal weight x interest / (4 x the mentor's total interest)``, plus
  department and location codes and a class code (career stage, hours class);
* per mentee, sparse: its goals with ``interest / (4 x total interest)`` and its
  skills with their proficiency, its codes, and its career stage and hours
  class, which pick a row of a small table of stage and time-zone credit (or
  ``-BIG`` when the stage or working-hours rule forbids the pair; a forbidden
  same-department pair gets ``-BIG`` too).

The compiled loops (``crossgen.matching.screening_kernels``) add these terms in
float32 for a whole run of mentors at a time, and never build the n x n score
matrix: candidate generation keeps each mentee's best mentors, the certificate
keeps each mentee's pairs that may violate its duals.

The solver uses these numbers only to decide which pairs to score exactly
(``crossgen.matching.scoring.pair_points``); ``margin`` makes both decisions
safe: ``|approximate - exact| <= margin`` for every pair the class rules allow,
and every pair they forbid scores below ``-big / 2``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from crossgen.matching import screening_kernels
from crossgen.matching.arrays import SCALE, ProblemArrays

Float32Array = npt.NDArray[np.float32]
Float64Array = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Int32Array = npt.NDArray[np.int32]

kernels: Any = screening_kernels  # compiled: numba's dispatchers take any arguments
_PARALLEL = threading.Lock()
"""One parallel scan at a time per process: numba's fallback thread pool
(used where OpenMP and TBB are missing) aborts on concurrent launches, and two
match runs can share a web process (background threads)."""
CHUNKS: int = screening_kernels.CHUNKS
_PROGRESS_STEPS = 20  # slices of mentees in the candidate scan, for a moving progress bar
_SLICE = 4096  # but no slice smaller than this (each slice re-reads every mentor)


@dataclass(frozen=True, slots=True, kw_only=True)
class MentorColumns:
    """The mentors' terms, in some order (``mentor[k]`` is the k-th column)."""

    mentor: IntArray  # mentor index of each column
    teach: Float32Array  # forward skills x columns
    learn: Float32Array  # reciprocal skills x columns
    department: Int32Array
    location: Int32Array
    klass: Int32Array  # stage index * hours classes + hours index


@dataclass(frozen=True, slots=True, kw_only=True)
class Features:
    """Everything the compiled screening loops need (see the module docstring)."""

    mentors: MentorColumns  # in mentor index order
    goal_start: IntArray  # CSR over mentees: forward terms
    goal_skill: Int32Array  # row of ``teach``
    goal_coef: Float32Array
    skill_start: IntArray  # CSR over mentees: reciprocal terms
    skill_skill: Int32Array  # row of ``learn``
    skill_coef: Float32Array
    department: Int32Array  # per mentee
    location: Int32Array
    stage: Int32Array  # per mentee: row of ``stage_table``
    hours: Int32Array  # per mentee: column of ``hours_table``
    stage_table: Float32Array  # mentee stage x mentor stage: credit or -BIG
    hours_table: Float32Array  # mentor hours class x mentee hours class: credit or -BIG
    department_credit: float  # when both departments are known
    department_same_cost: float  # subtracted when they are equal (+ BIG if forbidden)
    location_credit: float
    location_same_cost: float
    big: float  # forbidden pairs score below -big / 2
    margin: float  # |approximate - exact| <= margin, in score units

    def columns(self, order: IntArray) -> MentorColumns:
        """The mentor terms in ``order``, contiguous, as the loops scan them."""
        m = self.mentors
        return MentorColumns(
            mentor=order,
            teach=np.ascontiguousarray(m.teach[:, order]),
            learn=np.ascontiguousarray(m.learn[:, order]),
            department=m.department[order],
            location=m.location[order],
            klass=m.klass[order],
        )

    def block(
        self, arrays: ProblemArrays, mentors: npt.NDArray[np.int64], mentees: npt.NDArray[np.int64]
    ) -> Float32Array:
        """Approximate scores of ``mentors`` x ``mentees`` (for small blocks)."""
        del arrays  # the features carry what they need
        columns = self.columns(np.asarray(mentors, dtype=np.int64))
        out = np.empty((np.size(mentees), columns.mentor.size), dtype=np.float32)
        with _PARALLEL:
            kernels.score_block(*self._kernel_args(columns), np.asarray(mentees, np.int64), out)
        return out.T.copy()

    def best_mentors(
        self,
        order: IntArray,
        mentees: IntArray,
        k: int,
        mentor_k: IntArray,
        progress: Callable[[float], None] | None = None,
    ) -> tuple[IntArray, Float32Array, IntArray]:
        """Each mentee's ``k + 1`` best mentors in ``order`` (positions, best
        first; -1 where fewer pass the class rules), their scores, and each
        mentor's ``mentor_k`` best mentees (positions in ``mentees``, -1 where
        fewer) by position in ``order``. ``progress(fraction)`` is called
        between slices of mentees.

        Mentees are scanned in slices, one after another: each slice's mentor
        lists are merged into the running ones, in the one order of the
        scan (score, then ``tie_key``), which gives the same lists as one pass
        over all of them."""
        columns = self.columns(order)
        limit = mentor_k[order].astype(np.int64)
        width = max(int(limit.max(initial=1)), 1)
        floor = np.float32(-self.big / 2)
        top = np.full((mentees.size, k + 1), -1, dtype=np.int64)
        top_score = np.full((mentees.size, k + 1), floor, dtype=np.float32)
        side = np.empty((CHUNKS, order.size, width), dtype=np.int64)
        side_score = np.empty((CHUNKS, order.size, width), dtype=np.float32)
        best = np.full((order.size, width), -1, dtype=np.int64)
        best_score = np.full((order.size, width), floor, dtype=np.float32)
        step = max(_SLICE, -(-mentees.size // _PROGRESS_STEPS))
        free = mentees.astype(np.int64)
        bar = np.empty(order.size, dtype=np.float32)
        bar_key = np.empty(order.size, dtype=np.uint64)
        for start in range(0, mentees.size, step):
            stop = min(start + step, mentees.size)
            side.fill(-1)
            side_score.fill(floor)
            with _PARALLEL:
                kernels.list_bars(best, best_score, limit, free, floor, bar, bar_key)
                kernels.best_pairs(
                    *self._kernel_args(columns),
                    free[start:stop],
                    floor,
                    limit,
                    top[start:stop],
                    top_score[start:stop],
                    side,
                    side_score,
                    bar,
                    bar_key,
                )
            side[side >= 0] += start
            with _PARALLEL:
                kernels.merge_runs(side, side_score, limit, free, best, best_score)
            if progress is not None:
                progress(stop / mentees.size)
        return top, top_score, best

    def violations(
        self,
        order: IntArray,
        mentees: IntArray,
        reach: IntArray,
        mentor_part: Float64Array,
        mentee_part: Float64Array,
        arc_start: IntArray,
        arc_column: IntArray,
        places: int,
    ) -> tuple[IntArray, Float64Array, Float64Array]:
        """Per mentee, its ``places`` best columns among the first ``reach`` of
        ``order`` by ``gain = score - mentor_part - mentee_part``, gain > 0,
        leaving out its arcs (``arc_column``, CSR by ``arc_start``), and
        ``floor``, the best gain left out (0 if none)."""
        columns = self.columns(order)
        best = np.full((mentees.size, places + 1), -1, dtype=np.int64)
        gain = np.zeros((mentees.size, places + 1), dtype=np.float64)
        with _PARALLEL:
            kernels.violation_scan(
                *self._kernel_args(columns),
                mentees.astype(np.int64),
                np.float32(-self.big / 2),
                reach.astype(np.int64),
                mentor_part.astype(np.float64),
                mentee_part.astype(np.float64),
                arc_start.astype(np.int64),
                arc_column.astype(np.int64),
                best,
                gain,
            )
        # The (places+1)-th best is left out, and bounds every other one left out.
        floor = np.where(best[:, places] >= 0, gain[:, places], 0.0)
        return best[:, :places], gain[:, :places], floor

    def _kernel_args(self, columns: MentorColumns) -> tuple[tuple[object, ...], tuple[object, ...]]:
        """The mentor and mentee tuples the compiled loops take (their layout is
        in ``crossgen.matching.screening_kernels``)."""
        mentor = (columns.teach, columns.learn, columns.department, columns.location, columns.klass)
        mentee = (
            self.goal_start,
            self.goal_skill,
            self.goal_coef,
            self.skill_start,
            self.skill_skill,
            self.skill_coef,
            self.department,
            self.location,
            self.stage,
            self.hours,
            self.stage_table,
            self.hours_table,
            np.float32(self.department_credit),
            np.float32(self.department_same_cost),
            np.float32(self.location_credit),
            np.float32(self.location_same_cost),
        )
        return mentor, mentee


def build_features(arrays: ProblemArrays) -> Features:
    problem = arrays.problem
    weights, rules = problem.weights, problem.rules
    mentors, mentees = arrays.mentors, arrays.mentees
    total_weight = weights.forward + weights.reciprocal + weights.diversity + weights.timezone
    big = 1000.0 * (1.0 + total_weight)
    third = weights.diversity / 3.0
    # Skills: only those both taught on one side and wanted on the other matter.
    forward = np.flatnonzero((mentors.teaches > 0).any(axis=0) & (mentees.learns > 0).any(axis=0))
    backward = np.flatnonzero((mentees.teaches > 0).any(axis=0) & (mentors.learns > 0).any(axis=0))
    own_share = 1.0 / (4.0 * np.maximum(mentors.learn_total, 1))
    teach = weights.forward * mentors.teaches[:, forward].T.astype(np.float64)
    learn = weights.reciprocal * mentors.learns[:, backward].T * own_share[None, :]
    goal_share = 1.0 / (4.0 * np.maximum(mentees.learn_total, 1))
    goal_start, goal_skill, goal_coef = _sparse_rows(
        mentees.learns[:, forward] * goal_share[:, None]
    )
    skill_start, skill_skill, skill_coef = _sparse_rows(
        mentees.teaches[:, backward].astype(np.float64)
    )
    # Career stage: the mentee's row of the table, at the mentor's stage.
    stages = np.unique(mentors.stage)
    mentee_stages, mentee_stage = np.unique(mentees.stage, return_inverse=True)
    gap = mentee_stages[:, None] - stages[None, :]
    span = arrays.stage_span
    stage_table = np.where(
        _stage_allowed(gap, rules.min_stage_gap, rules.max_stage_gap),
        third * np.minimum(np.maximum(gap, 0), span) / span,
        -big,
    )
    # Working hours: comfort, or -BIG when the overlap is too short.
    classes, mentor_hours = np.unique(mentors.hours_class, return_inverse=True)
    mentee_classes, mentee_hours = np.unique(mentees.hours_class, return_inverse=True)
    hours_table = weights.timezone * arrays.comfort[np.ix_(classes, mentee_classes)]
    if rules.min_overlap_hours > 0:
        shared = arrays.overlap[np.ix_(classes, mentee_classes)]
        hours_table = np.where(shared + 1e-9 >= rules.min_overlap_hours, hours_table, -big)
    mentor_stage = np.searchsorted(stages, mentors.stage)
    klass = mentor_stage * classes.size + mentor_hours
    # Each pair adds at most a dozen terms; the bound of the old dense product
    # (depth 128) is kept: float32 sums of depth D err by at most about
    # D * 2**-24 times the sum of |terms| (at most 2 * total weight), plus 4
    # half-micro-points of rounding in the exact parts; doubled for safety.
    depth = 128 + 4
    margin = 2.0 * (depth * 2.0**-23 * 2.0 * max(total_weight, 1.0) + 2.0 / SCALE) + 1e-6
    return Features(
        mentors=MentorColumns(
            mentor=np.arange(mentors.size, dtype=np.int64),
            teach=np.ascontiguousarray(teach, dtype=np.float32),
            learn=np.ascontiguousarray(learn, dtype=np.float32),
            department=mentors.department.astype(np.int32),
            location=mentors.location.astype(np.int32),
            klass=klass.astype(np.int32),
        ),
        goal_start=goal_start,
        goal_skill=goal_skill,
        goal_coef=goal_coef,
        skill_start=skill_start,
        skill_skill=skill_skill,
        skill_coef=skill_coef,
        department=mentees.department.astype(np.int32),
        location=mentees.location.astype(np.int32),
        stage=mentee_stage.astype(np.int32),
        hours=mentee_hours.astype(np.int32),
        stage_table=np.ascontiguousarray(stage_table, dtype=np.float32),
        hours_table=np.ascontiguousarray(hours_table, dtype=np.float32),
        department_credit=third,
        department_same_cost=third + (big if rules.forbid_same_department else 0.0),
        location_credit=third,
        location_same_cost=third,
        big=big,
        margin=margin,
    )


def _stage_allowed(gap: IntArray, minimum: int, maximum: int | None) -> npt.NDArray[np.bool_]:
    allowed = gap >= minimum
    if maximum is not None:
        allowed &= gap <= maximum
    return allowed


def _sparse_rows(matrix: npt.NDArray[np.floating]) -> tuple[IntArray, Int32Array, Float32Array]:
    rows, cols = np.nonzero(matrix)
    start = np.zeros(matrix.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=matrix.shape[0]), out=start[1:])
    return start, cols.astype(np.int32), matrix[rows, cols].astype(np.float32)
