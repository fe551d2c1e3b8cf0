"""The hard rules: which (mentor, mentee) pairs may ever be made.

Each rule has a stable short name (the constants below) used in explanations,
audit files and ``Unmatched.ruled_out_by``. ``broken_rules`` checks one pair;
``feasible_pairs`` checks many pairs at once for the solver, and both read the
same compiled arrays, so they cannot disagree.

A pinned pair is exempt: the program manager chose it by hand, and the solver
keeps it as given even when ``broken_rules`` lists something.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from crossgen.matching.arrays import (
    IntArray,
    ProblemArrays,
    compile_problem,
    contains,
    hours_overlap,
    overlap_ok,
    utc_offset_hours,
)
from crossgen.matching.problem import Person, Problem

REVERSE_RULE: Final = "reverse-rule"
STAGE_GAP_MAX: Final = "stage-gap-max"
REPORTING_CHAIN: Final = "reporting-chain"
SAME_MANAGER: Final = "same-manager"
SAME_DEPARTMENT: Final = "same-department"
WORKING_HOURS_OVERLAP: Final = "working-hours-overlap"
DO_NOT_PAIR: Final = "do-not-pair"
PREVIOUS_PARTNERS: Final = "previous-partners"

RULE_NAMES: Final = (
    REVERSE_RULE,
    STAGE_GAP_MAX,
    REPORTING_CHAIN,
    SAME_MANAGER,
    SAME_DEPARTMENT,
    WORKING_HOURS_OVERLAP,
    DO_NOT_PAIR,
    PREVIOUS_PARTNERS,
)
"""Every rule name, in the order ``broken_rules`` reports them."""

BoolArray = npt.NDArray[np.bool_]


def overlap_hours(problem: Problem, a: Person, b: Person) -> float:
    """Hours of the working day that ``a`` and ``b`` share, across time zones.

    Each person's local working hours are placed on the UTC clock with their
    time zone's offset on ``problem.rules.reference_date`` (so daylight saving
    time is taken as it is on that day); a day whose end is not after its start
    runs past midnight.

    Examples
    --------
    >>> from crossgen.matching.problem import Person, Problem, Role
    >>> paris = Person(id="a", role=Role.MENTOR, career_stage=1, timezone="Europe/Paris")
    >>> new_york = Person(id="b", role=Role.MENTEE, career_stage=4, timezone="America/New_York")
    >>> overlap_hours(Problem(people=(paris, new_york)), paris, new_york)
    2.0
    """
    reference = problem.rules.reference_date
    return hours_overlap(
        float(a.work_start_hour),
        float(a.work_end_hour),
        utc_offset_hours(a.timezone, reference),
        float(b.work_start_hour),
        float(b.work_end_hour),
        utc_offset_hours(b.timezone, reference),
    )


def broken_rules(problem: Problem, mentor: Person, mentee: Person) -> tuple[str, ...]:
    """The hard rules that the pair (``mentor``, ``mentee``) breaks.

    An empty tuple means the pair is feasible. The names are the constants of
    this module (``RULE_NAMES``), reported in that order. Only rules switched on
    in ``problem.rules`` are checked; the do-not-pair lists always apply. An
    unknown department ("") is never "the same" as another.

    Examples
    --------
    >>> from crossgen.matching.problem import Person, Problem, Role
    >>> boss = Person(id="boss", role=Role.MENTEE, career_stage=5)
    >>> report = Person(id="ann", role=Role.MENTOR, career_stage=1, manager_id="boss")
    >>> broken_rules(Problem(people=(boss, report)), report, boss)
    ('reporting-chain',)
    >>> peer = Person(id="bo", role=Role.MENTOR, career_stage=5)
    >>> broken_rules(Problem(people=(boss, peer)), peer, boss)
    ('reverse-rule',)
    """
    arrays = compile_problem(problem)
    rules = problem.rules
    broken: list[str] = []
    gap = mentee.career_stage - mentor.career_stage
    if gap < rules.min_stage_gap:
        broken.append(REVERSE_RULE)
    if rules.max_stage_gap is not None and gap > rules.max_stage_gap:
        broken.append(STAGE_GAP_MAX)
    if rules.forbid_reporting_chain and _in_chain(arrays, problem, mentor, mentee):
        broken.append(REPORTING_CHAIN)
    if rules.forbid_same_manager and mentor.manager_id and mentor.manager_id == mentee.manager_id:
        broken.append(SAME_MANAGER)
    if (
        rules.forbid_same_department
        and mentor.department
        and mentor.department == mentee.department
    ):
        broken.append(SAME_DEPARTMENT)
    if not overlap_ok(overlap_hours(problem, mentor, mentee), rules.min_overlap_hours):
        broken.append(WORKING_HOURS_OVERLAP)
    if mentee.id in mentor.do_not_pair or mentor.id in mentee.do_not_pair:
        broken.append(DO_NOT_PAIR)
    if rules.forbid_previous_partners and (
        mentee.id in mentor.previous_partners or mentor.id in mentee.previous_partners
    ):
        broken.append(PREVIOUS_PARTNERS)
    return tuple(broken)


def _in_chain(arrays: ProblemArrays, problem: Problem, mentor: Person, mentee: Person) -> bool:
    i, j = arrays.mentor_index.get(mentor.id), arrays.mentee_index.get(mentee.id)
    if i is not None and j is not None:
        key = np.array([i * arrays.mentees.size + j], dtype=np.int64)
        return bool(contains(arrays.chain_keys, key)[0])
    # People outside the problem's participants (e.g. a what-if pair): walk the tree.
    manager_of = {p.id: p.manager_id for p in problem.people}

    def ancestors(person: Person) -> set[str]:
        found: set[str] = set()
        boss = person.manager_id
        while boss is not None and boss not in found:
            found.add(boss)
            boss = manager_of.get(boss)
        return found

    return mentee.id in ancestors(mentor) or mentor.id in ancestors(mentee)


def class_feasible(arrays: ProblemArrays, mentor: IntArray, mentee: IntArray) -> BoolArray:
    """Rules that depend only on a person's stage, department and working hours,
    for index arrays that broadcast against each other (pairs or blocks)."""
    rules = arrays.problem.rules
    mentors, mentees = arrays.mentors, arrays.mentees
    gap = mentees.stage[mentee] - mentors.stage[mentor]
    ok: BoolArray = gap >= rules.min_stage_gap
    if rules.max_stage_gap is not None:
        ok &= gap <= rules.max_stage_gap
    if rules.forbid_same_department:
        department = mentors.department[mentor]
        ok &= (department < 0) | (department != mentees.department[mentee])
    if rules.min_overlap_hours > 0:
        shared = arrays.overlap[mentors.hours_class[mentor], mentees.hours_class[mentee]]
        ok &= shared + 1e-9 >= rules.min_overlap_hours
    return ok


def feasible_pairs(arrays: ProblemArrays, mentor: IntArray, mentee: IntArray) -> BoolArray:
    """Vectorised ``broken_rules(...) == ()`` for pairs given as index arrays.

    ``mentor`` and ``mentee`` index ``arrays.mentors`` and ``arrays.mentees``
    and broadcast against each other, so ``mentor[:, None]`` with ``mentee[None, :]``
    checks a whole block.

    Examples
    --------
    >>> import numpy as np
    >>> from crossgen.matching.arrays import compile_problem
    >>> from crossgen.matching.problem import Person, Problem, Role
    >>> people = (
    ...     Person(id="m", role=Role.MENTOR, career_stage=1),
    ...     Person(id="e", role=Role.MENTEE, career_stage=3),
    ...     Person(id="f", role=Role.MENTEE, career_stage=1),
    ... )
    >>> feasible_pairs(compile_problem(Problem(people=people)), np.array([0, 0]), np.array([0, 1]))
    array([ True, False])
    """
    mentor, mentee = np.broadcast_arrays(np.asarray(mentor), np.asarray(mentee))
    ok = class_feasible(arrays, mentor, mentee)
    if arrays.forbidden.size and ok.any():
        keys = arrays.key(mentor[ok], mentee[ok])
        hit = contains(arrays.forbidden, keys)
        if hit.any():
            where = np.flatnonzero(ok.ravel())[hit]
            ok = ok.copy()
            ok.ravel()[where] = False
    return ok
