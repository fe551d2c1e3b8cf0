"""What each side of a stable matching wants, scored fast enough for 10,000 x 10,000.

A mentee ranks mentors by what the mentee gains: the weighted ``forward`` part
(the mentor teaches what the mentee wants to learn) plus the weighted
``timezone`` part (comfortable shared hours). A mentor ranks mentees by what
the mentor gains: the weighted ``reciprocal`` part (the mentee's knowledge
against the mentor's goals) plus the weighted ``diversity`` part. Ties go to
the lower id. Only feasible pairs (no hard rule broken) are acceptable.

The values are exactly the integer micro-points of ``crossgen.matching.scoring``
(``pair_points``), so a scalar check with ``score_parts`` sees the same order.
``scoring.block_points`` computes every part of every cell; the stable matcher
needs only the mentee's side of each cell, so this module computes that with
fewer array operations: the parts that depend only on a person's class
(career stage, department, working hours) are read from per-class rows, cached
and gathered, instead of being recomputed for every cell.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from crossgen.matching.arrays import SCALE, FloatArray, IntArray, ProblemArrays
from crossgen.matching.deferred_acceptance import Block
from crossgen.matching.scoring import pair_points

BoolArray = npt.NDArray[np.bool_]

_CACHE_BYTES = 64 << 20  # per-class mentor rows kept, each 8 bytes x mentors: at most 64 MB


@dataclass(slots=True)
class StablePreferences:
    """Both sides' values for deferred acceptance (mentees propose).

    ``mentors`` and ``mentees`` are indices into ``arrays.mentors`` /
    ``arrays.mentees`` in the order deferred acceptance uses (sorted by id, so
    that "ties by index" there is "ties by id" here).
    """

    arrays: ProblemArrays
    mentors: IntArray
    mentees: IntArray
    _teaches: npt.NDArray[np.float32] = field(init=False)
    _mentor_class: IntArray = field(init=False)
    _tz_points: FloatArray = field(init=False)
    _overlap_ok: BoolArray = field(init=False)
    _forbidden_rows: IntArray = field(init=False)
    _forbidden_cols: IntArray = field(init=False)
    _profiles: dict[tuple[int, int, int], FloatArray] = field(init=False)
    _learns: npt.NDArray[np.float32] = field(init=False)
    _diversity: dict[tuple[int, int, int], FloatArray] = field(init=False)
    _cache_rows: int = field(init=False)
    _rule_class: IntArray = field(init=False)
    _rule_keys: list[tuple[int, int, int]] = field(init=False)
    _diversity_class: IntArray = field(init=False)
    _diversity_keys: list[tuple[int, int, int]] = field(init=False)
    _lock: threading.Lock = field(init=False)

    def __post_init__(self) -> None:
        arrays, problem = self.arrays, self.arrays.problem
        mentors = arrays.mentors
        # Products of levels 1-4 and 1-3 summed over skills are small integers,
        # exact even in float32 whatever order they are added in.
        self._teaches = np.ascontiguousarray(mentors.teaches[self.mentors].T, dtype=np.float32)
        self._mentor_class = mentors.hours_class[self.mentors].astype(np.int64)
        # Same operations as scoring._points, on the (small) class-by-class table.
        self._tz_points = np.rint((SCALE * problem.weights.timezone) * arrays.comfort)
        minimum = problem.rules.min_overlap_hours
        self._overlap_ok = (
            arrays.overlap + 1e-9 >= minimum
            if minimum > 0
            else np.ones_like(arrays.overlap, dtype=bool)
        )
        self._forbidden_rows, self._forbidden_cols = self._forbidden_cells()
        self._profiles = {}
        self._lock = threading.Lock()
        self._learns = np.ascontiguousarray(mentors.learns[self.mentors].T, dtype=np.float32)
        self._diversity = {}
        # Two caches share the budget; a program with more classes than fit
        # recomputes the oldest rows (cheap: a few operations over one row).
        self._cache_rows = max(16, _CACHE_BYTES // (2 * 8 * max(1, self.mentors.size)))
        # Every mentee's class, once: what the rules see (stage, department if
        # that rule is on, working hours) and what diversity sees.
        side = arrays.mentees
        department = side.department if problem.rules.forbid_same_department else None
        self._rule_class, self._rule_keys = _classes(
            side.stage,
            department if department is not None else np.zeros_like(side.stage),
            side.hours_class,
        )
        self._diversity_class, self._diversity_keys = _classes(
            side.department, side.location, side.stage
        )

    @property
    def shape(self) -> tuple[int, int]:
        return int(self.mentees.size), int(self.mentors.size)

    def proposer_block(self, rows: IntArray) -> Block:
        """Mentee value (forward + timezone points) of ``rows`` x every mentor;
        ``-inf`` where a hard rule is broken."""
        mentees = self.mentees[rows]
        if mentees.size == 0:
            empty = np.zeros(0, dtype=np.int64)
            return Block(np.zeros((0, self.mentors.size)), empty, np.zeros_like(self.mentors))
        value, finite, inverse = self._class_rows(mentees)
        value += self._forward_points(mentees)
        row_degree = finite.sum(axis=1)[inverse]
        column_degree = np.bincount(inverse, minlength=len(finite)) @ finite
        struck_rows, struck_columns = self._strike_forbidden(value, rows)
        # A forbidden cell only lowers a degree if the class rules had allowed it.
        row_degree -= np.bincount(struck_rows, minlength=rows.size)
        column_degree -= np.bincount(struck_columns, minlength=self.mentors.size)
        return Block(value, row_degree.astype(np.int64), column_degree.astype(np.int64))

    def _forward_points(self, mentees: IntArray) -> FloatArray:
        """The weighted forward part in micro-points, exactly as ``scoring._ratio_points``:
        ``rint(((SCALE * weight) * covered) / (4 * total_interest))``.

        ``covered`` is a small whole number (at most 4 x the mentee's total
        interest), so each mentee's points come from a short lookup table that is
        computed with the very same floating-point operations, and the per-cell
        work is a sparse product and a gather instead of a division."""
        side = self.arrays.mentees
        learns = sp.csr_matrix(side.learns[mentees].astype(np.float32))
        covered = np.asarray(learns @ self._teaches).astype(np.intp)
        total = side.learn_total[mentees]
        safe = np.maximum(total, 1)[:, None]
        weight = SCALE * self.arrays.problem.weights.forward
        levels = np.arange(4 * int(safe.max()) + 1, dtype=np.float64)[None, :]
        table = np.rint((weight * levels) / (4 * safe))
        table[total == 0] = 0.0
        # One flat gather: row r's table starts at r * width.
        covered += (np.arange(len(mentees)) * table.shape[1])[:, None]
        points: FloatArray = np.take(table.ravel(), covered)
        return points

    def scan_order(self) -> IntArray:
        """Rows grouped by class, so that consecutive blocks reuse the cached
        per-class rows instead of recomputing them."""
        order: IntArray = np.lexsort(
            (self._diversity_class[self.mentees], self._rule_class[self.mentees])
        ).astype(np.int64)
        return order

    def receiver_block(self, rows: IntArray) -> FloatArray:
        """Mentor value (reciprocal + diversity points) of ``rows`` x every mentor,
        whatever the rules say (``proposer_block`` marks the infeasible cells)."""
        arrays = self.arrays
        mentees = self.mentees[rows]
        teaches = sp.csr_matrix(arrays.mentees.teaches[mentees].astype(np.float32))
        covered = np.asarray(teaches @ self._learns).astype(np.intp)
        total = arrays.mentors.learn_total[self.mentors]
        # As in _forward_points, but the denominator is the mentor's (a column):
        # one lookup row per distinct total interest.
        totals, slot = np.unique(total, return_inverse=True)
        safe = np.maximum(totals, 1)[:, None]
        weight = SCALE * arrays.problem.weights.reciprocal
        width = 4 * int(safe.max(initial=1)) + 1
        levels = np.arange(width, dtype=np.float64)[None, :]
        table = np.rint((weight * levels) / (4 * safe))
        table[totals == 0] = 0.0
        covered += (slot.reshape(-1) * width)[None, :]
        value: FloatArray = np.take(table.ravel(), covered)
        value += self._diversity_rows(mentees)
        return value

    def _diversity_rows(self, mentees: IntArray) -> FloatArray:
        classes, inverse = np.unique(self._diversity_class[mentees], return_inverse=True)
        table = np.empty((len(classes), self.mentors.size), dtype=np.float64)
        for k, key in enumerate(self._diversity_keys[c] for c in classes.tolist()):
            with self._lock:  # blocks are scored on two threads
                row = self._diversity.pop(key, None)  # re-inserted below: most recent last
                if row is None:
                    row = self._compute_diversity(*key)
                    if len(self._diversity) >= self._cache_rows:
                        self._diversity.pop(next(iter(self._diversity)))
                self._diversity[key] = row
            table[k] = row
        rows: FloatArray = table[inverse.reshape(-1)]
        return rows

    def _compute_diversity(self, department: int, location: int, stage: int) -> FloatArray:
        # The same operations as scoring._points, against one mentee profile.
        mentors = self.arrays.mentors
        mentor_department = mentors.department[self.mentors]
        mentor_location = mentors.location[self.mentors]
        different = (
            (mentor_department >= 0) & (department >= 0) & (mentor_department != department)
        ).astype(np.int64) + (
            (mentor_location >= 0) & (location >= 0) & (mentor_location != location)
        ).astype(np.int64)
        gap = np.maximum(0, stage - mentors.stage[self.mentors])
        span = self.arrays.stage_span
        part = np.minimum(gap, span) / span
        weight = SCALE * self.arrays.problem.weights.diversity
        row: FloatArray = np.rint((weight * (different + part)) / 3.0)
        return row

    def receiver_pairs(self, rows: IntArray, columns: IntArray) -> FloatArray:
        """Mentor value (reciprocal + diversity points) of the pairs (rows[k], columns[k])."""
        points = pair_points(self.arrays, self.mentors[columns], self.mentees[rows])
        values: FloatArray = (points.reciprocal + points.diversity).astype(np.float64)
        return values

    def _class_rows(self, mentees: IntArray) -> tuple[FloatArray, BoolArray, IntArray]:
        """Per mentee, the timezone points against every mentor, ``-inf`` where a
        rule that depends only on stage, department or hours rules the pair out.
        Also each distinct class's feasibility row, and which class each mentee has."""
        unique, inverse = np.unique(self._rule_class[mentees], return_inverse=True)
        inverse = inverse.reshape(-1)
        table = np.empty((len(unique), self.mentors.size), dtype=np.float64)
        for k, (stage, dept, hours) in enumerate(self._rule_keys[c] for c in unique.tolist()):
            table[k] = self._profile(stage, dept, hours)
        return table[inverse], np.isfinite(table), inverse

    @property
    def _department_rule(self) -> bool:
        return self.arrays.problem.rules.forbid_same_department

    def _profile(self, stage: int, department: int, hours: int) -> FloatArray:
        key = (stage, department, hours)
        with self._lock:  # blocks are scored on two threads
            row = self._profiles.pop(key, None)  # re-inserted below: most recent last
            if row is None:
                row = self._compute_profile(stage, department, hours)
                if len(self._profiles) >= self._cache_rows:
                    self._profiles.pop(next(iter(self._profiles)))
            self._profiles[key] = row
        return row

    def _compute_profile(self, stage: int, department: int, hours: int) -> FloatArray:
        # The same tests as feasibility.class_feasible, against one mentee class.
        rules = self.arrays.problem.rules
        mentors = self.arrays.mentors
        gap = stage - mentors.stage[self.mentors]
        ok = gap >= rules.min_stage_gap
        if rules.max_stage_gap is not None:
            ok &= gap <= rules.max_stage_gap
        if self._department_rule and department >= 0:
            mentor_department = mentors.department[self.mentors]
            ok &= (mentor_department < 0) | (mentor_department != department)
        ok &= self._overlap_ok[self._mentor_class, hours]
        return np.where(ok, self._tz_points[self._mentor_class, hours], -np.inf)

    def _forbidden_cells(self) -> tuple[IntArray, IntArray]:
        """The sparse rules (reporting chain, same manager, do-not-pair, previous
        partners) as (row, column) cells in this object's order, sorted by row."""
        arrays = self.arrays
        keys = arrays.forbidden
        mentor, mentee = keys // arrays.mentees.size, keys % arrays.mentees.size
        row_of = np.full(arrays.mentees.size, -1, dtype=np.int64)
        row_of[self.mentees] = np.arange(self.mentees.size)
        column_of = np.full(arrays.mentors.size, -1, dtype=np.int64)
        column_of[self.mentors] = np.arange(self.mentors.size)
        rows, columns = row_of[mentee], column_of[mentor]
        keep = (rows >= 0) & (columns >= 0)
        order = np.argsort(rows[keep], kind="stable")
        return rows[keep][order], columns[keep][order]

    def _strike_forbidden(self, value: FloatArray, rows: IntArray) -> tuple[IntArray, IntArray]:
        """Set the sparse rules' cells of this block to ``-inf``; return the cells
        (block row, column) that were finite before."""
        if self._forbidden_rows.size == 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        if rows.size and rows[-1] - rows[0] == rows.size - 1 and np.all(np.diff(rows) == 1):
            lo, hi = np.searchsorted(self._forbidden_rows, [rows[0], rows[-1] + 1])
            hit_rows = self._forbidden_rows[lo:hi] - rows[0]
            hit_columns = self._forbidden_cols[lo:hi]
        else:
            position = np.full(self.mentees.size, -1, dtype=np.int64)
            position[rows] = np.arange(rows.size)
            hit = position[self._forbidden_rows]
            keep = hit >= 0
            hit_rows, hit_columns = hit[keep], self._forbidden_cols[keep]
        was_finite = np.isfinite(value[hit_rows, hit_columns])
        value[hit_rows, hit_columns] = -np.inf
        return hit_rows[was_finite], hit_columns[was_finite]


def _classes(*columns: npt.NDArray[np.integer]) -> tuple[IntArray, list[tuple[int, int, int]]]:
    """Number the distinct rows of the given columns: (class of each row, key of each class)."""
    if columns[0].size == 0:
        return np.zeros(0, dtype=np.int64), []
    keys = np.stack([c.astype(np.int64) for c in columns], axis=1)
    unique, inverse = np.unique(keys, axis=0, return_inverse=True)
    listed = [(int(a), int(b), int(c)) for a, b, c in unique.tolist()]
    return inverse.reshape(-1).astype(np.int64), listed
