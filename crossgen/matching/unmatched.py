"""The short reason each unmatched person gets from a solver.

``crossgen.matching.explain`` replaces these with detailed reasons; both
solvers (``solve`` and ``stable``) build the short ones here, so that the
kinds mean the same thing whichever objective ran.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import numpy.typing as npt

from crossgen.matching.arrays import ProblemArrays
from crossgen.matching.problem import Role
from crossgen.matching.result import Unmatched, UnmatchedKind

Reason = Callable[[int], str]
"""Words for "every feasible partner went elsewhere", given how many there are."""


def short_reasons(
    arrays: ProblemArrays,
    *,
    mentees: Iterable[int],
    mentee_degree: npt.NDArray[np.int64],
    mentors: Iterable[int],
    load: npt.NDArray[np.int64],
    mentor_degree: npt.NDArray[np.int64],
    mentee_elsewhere: Reason,
    idle_mentor_elsewhere: Reason | None,
) -> tuple[Unmatched, ...]:
    """One ``Unmatched`` per listed mentee without a mentor, then per listed
    mentor below capacity, in the order given.

    ``*_degree`` counts each person's feasible partners. A mentor with no
    mentee although some pass the rules gets ``idle_mentor_elsewhere``'s words,
    or is reported as having places left when that is None.
    """
    out: list[Unmatched] = []
    for j in mentees:
        if mentee_degree[j] == 0:
            kind, reason = UnmatchedKind.NO_FEASIBLE_PARTNER, "no mentor passes the hard rules"
        else:
            kind, reason = (
                UnmatchedKind.PARTNERS_USED_ELSEWHERE,
                mentee_elsewhere(int(mentee_degree[j])),
            )
        out.append(
            Unmatched(person_id=arrays.mentees.ids[j], role=Role.MENTEE, kind=kind, reason=reason)
        )
    capacity = arrays.mentors.capacity
    for i in mentors:
        if load[i] == 0 and mentor_degree[i] == 0:
            kind, reason = UnmatchedKind.NO_FEASIBLE_PARTNER, "no mentee passes the hard rules"
        elif load[i] == 0 and idle_mentor_elsewhere is not None:
            kind = UnmatchedKind.PARTNERS_USED_ELSEWHERE
            reason = idle_mentor_elsewhere(int(mentor_degree[i]))
        else:
            kind = UnmatchedKind.CAPACITY_LEFT
            reason = f"{int(capacity[i] - load[i])} of {int(capacity[i])} places left"
        out.append(
            Unmatched(person_id=arrays.mentors.ids[i], role=Role.MENTOR, kind=kind, reason=reason)
        )
    return tuple(out)
