"""A ``Problem`` compiled once into numpy arrays that the scoring, feasibility
and solver modules share.

Everything the hard rules and the score need is reduced to small integer codes
(career stage, department, location, working-hours class) plus sparse lists of
forbidden pairs (reporting chains, same manager, do-not-pair, previous
partners). The working-hours class of a person is their (UTC offset, start, end)
triple, so overlap and time-zone comfort become tables over a few dozen classes
instead of per-pair arithmetic.

Compiling is cached per ``Problem`` object (by identity, a few at a time), so
that the scalar helpers used for explanations stay cheap when called for many
pairs of the same problem.
"""

from __future__ import annotations

import math
import typing
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import numpy.typing as npt

from crossgen.matching.problem import Person, Problem, Role

IntArray = npt.NDArray[np.int64]
Int32Array = npt.NDArray[np.int32]
Int8Array = npt.NDArray[np.int8]
FloatArray = npt.NDArray[np.float64]

SCALE = 1_000_000
"""Score parts are rounded to 1/SCALE (a micro-point): the solver works on these
integers, which makes its optimum and its certificate exact."""

_TOLERANCE_HOURS = 1e-9  # overlap is a difference of floats; keep 2.0 h from reading as 1.999...


@lru_cache(maxsize=1024)
def utc_offset_hours(timezone: str, reference_date: str) -> float:
    """UTC offset of ``timezone`` at noon local time on ``reference_date``."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"timezone: unknown time zone {timezone!r}") from error
    moment = datetime.fromisoformat(reference_date).replace(hour=12, tzinfo=zone)
    offset = moment.utcoffset()
    assert offset is not None  # a ZoneInfo always knows its offset
    return offset.total_seconds() / 3600.0


def hours_overlap(
    start_a: float, end_a: float, offset_a: float, start_b: float, end_b: float, offset_b: float
) -> float:
    """Shared hours of two local working days, on the 24-hour circle of UTC.

    A day whose end is not after its start runs past midnight (a night shift).
    """
    a0, a1 = _utc_interval(start_a, end_a, offset_a)
    b0, b1 = _utc_interval(start_b, end_b, offset_b)
    shared = 0.0
    for shift in (-48.0, -24.0, 0.0, 24.0, 48.0):
        shared += max(0.0, min(a1, b1 + shift) - max(a0, b0 + shift))
    return shared


def _utc_interval(start: float, end: float, offset: float) -> tuple[float, float]:
    if end <= start:
        end += 24.0
    return start - offset, end - offset


def day_length(start: float, end: float) -> float:
    return end - start if end > start else end + 24.0 - start


@dataclass(frozen=True, slots=True, kw_only=True)
class Side:
    """The people of one role, in the order of ``Problem.people``."""

    ids: tuple[str, ...]
    people: tuple[Person, ...]
    stage: IntArray
    department: Int32Array  # -1 when unknown ("")
    location: Int32Array  # -1 when unknown ("")
    hours_class: Int32Array  # index into ProblemArrays.hours_* tables
    manager: Int32Array  # -1 when none
    capacity: IntArray
    teaches: Int8Array  # proficiency 1-4 per skill of the shared vocabulary, 0 if none
    learns: Int8Array  # interest 1-3 per skill, 0 if none
    learn_total: IntArray  # sum of all interests, including skills nobody teaches

    @property
    def size(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProblemArrays:
    """The numeric form of a problem. ``forbidden`` holds the pairs ruled out
    by sparse rules, as sorted keys ``mentor_index * mentee_count + mentee_index``."""

    problem: Problem
    mentors: Side
    mentees: Side
    skills: tuple[str, ...]
    stage_span: int  # the stage gap that earns full diversity credit
    hours_offset: FloatArray
    hours_start: FloatArray
    hours_end: FloatArray
    overlap: FloatArray  # hours classes x hours classes
    comfort: FloatArray  # overlap / shorter day, in [0, 1]
    chain_keys: IntArray
    manager_keys: IntArray
    do_not_pair_keys: IntArray
    previous_keys: IntArray
    forbidden: IntArray  # union of the sparse rules that are switched on
    mentor_index: dict[str, int]
    mentee_index: dict[str, int]

    def key(self, mentor: IntArray, mentee: IntArray) -> IntArray:
        return mentor.astype(np.int64) * self.mentees.size + mentee.astype(np.int64)


_CACHE: OrderedDict[int, ProblemArrays] = OrderedDict()
_CACHE_SIZE = 4


def compile_problem(problem: Problem) -> ProblemArrays:
    """Compile (or fetch from the small identity cache) the arrays of ``problem``."""
    cached = _CACHE.get(id(problem))
    if cached is not None and cached.problem is problem:
        _CACHE.move_to_end(id(problem))
        return cached
    arrays = _compile(problem)
    _CACHE[id(problem)] = arrays
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return arrays


def _compile(problem: Problem) -> ProblemArrays:
    mentors = tuple(p for p in problem.people if p.role is Role.MENTOR)
    mentees = tuple(p for p in problem.people if p.role is Role.MENTEE)
    skills = tuple(
        sorted({s for p in mentors + mentees for s in (*p.teaches.keys(), *p.learns.keys())})
    )
    skill_index = {s: k for k, s in enumerate(skills)}
    codes: dict[str, dict[str, int]] = {"department": {}, "location": {}, "manager": {}}
    hours_codes: dict[tuple[float, float, float], int] = {}
    rules = problem.rules

    def side(people: tuple[Person, ...]) -> Side:
        n, k = len(people), len(skills)
        teaches = np.zeros((n, k), dtype=np.int8)
        learns = np.zeros((n, k), dtype=np.int8)
        hours = np.empty(n, dtype=np.int32)
        for row, person in enumerate(people):
            for skill, level in person.teaches.items():
                teaches[row, skill_index[skill]] = level
            for skill, level in person.learns.items():
                learns[row, skill_index[skill]] = level
            offset = utc_offset_hours(person.timezone, rules.reference_date)
            triple = (offset, float(person.work_start_hour), float(person.work_end_hour))
            hours[row] = hours_codes.setdefault(triple, len(hours_codes))
        return Side(
            ids=tuple(p.id for p in people),
            people=people,
            stage=np.array([p.career_stage for p in people], dtype=np.int64),
            department=_codes(people, "department", codes["department"]),
            location=_codes(people, "location", codes["location"]),
            hours_class=hours,
            manager=_codes(people, "manager_id", codes["manager"]),
            capacity=np.array([p.capacity for p in people], dtype=np.int64),
            teaches=teaches,
            learns=learns,
            learn_total=np.array([sum(p.learns.values()) for p in people], dtype=np.int64),
        )

    mentor_side, mentee_side = side(mentors), side(mentees)
    triples = sorted(hours_codes, key=hours_codes.__getitem__)
    offset = np.array([t[0] for t in triples], dtype=np.float64)
    start = np.array([t[1] for t in triples], dtype=np.float64)
    end = np.array([t[2] for t in triples], dtype=np.float64)
    overlap, comfort = _hours_tables(offset, start, end)
    mentor_index = {p: i for i, p in enumerate(mentor_side.ids)}
    mentee_index = {p: j for j, p in enumerate(mentee_side.ids)}
    stages = np.concatenate([mentor_side.stage, mentee_side.stage])
    if rules.max_stage_gap is not None:
        span = max(1, rules.max_stage_gap)
    else:
        span = max(1, int(stages.max() - stages.min())) if stages.size else 1
    n_e = mentee_side.size
    chain = _chain_keys(problem, mentor_index, mentee_index, n_e)
    manager = _same_manager_keys(mentor_side, mentee_side)
    do_not_pair = _listed_keys(mentors, mentees, mentor_index, mentee_index, "do_not_pair")
    previous = _listed_keys(mentors, mentees, mentor_index, mentee_index, "previous_partners")
    switched_on = [do_not_pair]
    if rules.forbid_reporting_chain:
        switched_on.append(chain)
    if rules.forbid_same_manager:
        switched_on.append(manager)
    if rules.forbid_previous_partners:
        switched_on.append(previous)
    return ProblemArrays(
        problem=problem,
        mentors=mentor_side,
        mentees=mentee_side,
        skills=skills,
        stage_span=span,
        hours_offset=offset,
        hours_start=start,
        hours_end=end,
        overlap=overlap,
        comfort=comfort,
        chain_keys=chain,
        manager_keys=manager,
        do_not_pair_keys=do_not_pair,
        previous_keys=previous,
        forbidden=np.unique(np.concatenate(switched_on)),
        mentor_index=mentor_index,
        mentee_index=mentee_index,
    )


def _codes(people: tuple[Person, ...], attribute: str, table: dict[str, int]) -> Int32Array:
    out = np.empty(len(people), dtype=np.int32)
    for row, person in enumerate(people):
        value = getattr(person, attribute)
        out[row] = table.setdefault(value, len(table)) if value else -1
    return out


def _hours_tables(
    offset: FloatArray, start: FloatArray, end: FloatArray
) -> tuple[FloatArray, FloatArray]:
    k = offset.size
    overlap = np.zeros((k, k), dtype=np.float64)
    comfort = np.zeros((k, k), dtype=np.float64)
    for a in range(k):
        for b in range(k):
            shared = hours_overlap(
                float(start[a]),
                float(end[a]),
                float(offset[a]),
                float(start[b]),
                float(end[b]),
                float(offset[b]),
            )
            overlap[a, b] = shared
            comfort[a, b] = comfort_of(
                shared,
                day_length(float(start[a]), float(end[a])),
                day_length(float(start[b]), float(end[b])),
            )
    return overlap, comfort


def comfort_of(shared: float, day_a: float, day_b: float) -> float:
    """Share of the shorter working day that the two days have in common."""
    shorter = min(day_a, day_b)
    if shorter <= 0.0:
        return 0.0
    return min(1.0, shared / shorter)


def overlap_ok(shared: float, minimum: float) -> bool:
    return minimum <= 0.0 or shared + _TOLERANCE_HOURS >= minimum


def _chain_keys(
    problem: Problem, mentor_index: dict[str, int], mentee_index: dict[str, int], n_e: int
) -> IntArray:
    """Pairs where one person is an ancestor of the other, at any depth."""
    manager_of = {p.id: p.manager_id for p in problem.people}
    keys: list[int] = []
    for person in problem.people:
        if person.role is None:
            continue
        seen = {person.id}
        boss = manager_of.get(person.id)
        while boss is not None and boss not in seen:
            seen.add(boss)
            if person.role is Role.MENTOR and boss in mentee_index:
                keys.append(mentor_index[person.id] * n_e + mentee_index[boss])
            elif person.role is Role.MENTEE and boss in mentor_index:
                keys.append(mentor_index[boss] * n_e + mentee_index[person.id])
            boss = manager_of.get(boss)
    return np.unique(np.array(keys, dtype=np.int64))


def _same_manager_keys(mentors: Side, mentees: Side) -> IntArray:
    by_manager: dict[int, list[int]] = {}
    for j, code in enumerate(mentees.manager.tolist()):
        if code >= 0:
            by_manager.setdefault(code, []).append(j)
    parts: list[IntArray] = [np.empty(0, dtype=np.int64)]
    for i, code in enumerate(mentors.manager.tolist()):
        team = by_manager.get(code) if code >= 0 else None
        if team:
            parts.append(i * mentees.size + np.array(team, dtype=np.int64))
    return np.unique(np.concatenate(parts))


def _listed_keys(
    mentors: tuple[Person, ...],
    mentees: tuple[Person, ...],
    mentor_index: dict[str, int],
    mentee_index: dict[str, int],
    attribute: str,
) -> IntArray:
    """Pairs named by either side's list (a list works in both directions)."""
    n_e = len(mentees)
    keys: list[int] = []
    for i, mentor in enumerate(mentors):
        for other in getattr(mentor, attribute):
            j = mentee_index.get(other)
            if j is not None:
                keys.append(i * n_e + j)
    for j, mentee in enumerate(mentees):
        for other in getattr(mentee, attribute):
            named = mentor_index.get(other)
            if named is not None:
                keys.append(named * n_e + j)
    return np.unique(np.array(keys, dtype=np.int64))


def contains(sorted_keys: IntArray, keys: IntArray) -> npt.NDArray[np.bool_]:
    """Membership of ``keys`` in the sorted unique array ``sorted_keys``."""
    if sorted_keys.size == 0:
        return np.zeros(keys.shape, dtype=bool)
    at = np.searchsorted(sorted_keys, keys)
    at[at == sorted_keys.size] = 0
    return typing.cast(npt.NDArray[np.bool_], sorted_keys[at] == keys)


def is_finite_number(value: float) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def distinct(keys: IntArray) -> IntArray:
    """``np.unique(keys)`` for pair keys, by a sort: on millions of keys several
    times faster than numpy's hash table."""
    ordered: IntArray = np.sort(keys)
    first = np.ones(ordered.size, dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    unique: IntArray = ordered[first]
    return unique
