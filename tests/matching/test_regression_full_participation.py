"""Regression: when every mentor can take every mentee, everyone is paired.

Found through the web app's review-page test: an engine revision returned 32
pairs for 55 mentors and 55 mentees who could all be paired one to one."""

from __future__ import annotations

import pytest

from crossgen.matching import solve
from crossgen.matching.problem import Objective, Person, Problem, Role


@pytest.mark.parametrize("objective", [Objective.MAX_TOTAL, Objective.MAX_PARTICIPATION])
def test_a_market_where_anyone_fits_anyone_is_matched_completely(objective: Objective) -> None:
    people = []
    for k in range(55):
        people.append(
            Person(
                id=f"mentor{k}", role=Role.MENTOR, career_stage=1, department="IT",
                teaches={"ai-tools": 1 + k % 4, "social-media": 2}, learns={"strategy": 2},
            )
        )  # fmt: skip
        people.append(
            Person(
                id=f"mentee{k}", role=Role.MENTEE, career_stage=5, department="Sales",
                teaches={"strategy": 4}, learns={"ai-tools": 1 + k % 3},
            )
        )  # fmt: skip
    result = solve(Problem(people=tuple(people), objective=objective))
    assert len(result.pairs) == 55
    assert len({p.mentor_id for p in result.pairs}) == 55
