"""Shared steps of the matching tests."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from crossgen.accounts.models import User
from crossgen.matchmaking.models import MatchRun
from crossgen.matchmaking.services import match_run_start
from crossgen.programs.models import Cohort

type Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


def run_matching(cohort: Cohort, actor: User, capture: Capture) -> MatchRun:
    """Start a run and let its job run, as it does once the transaction commits."""
    with capture(execute=True):
        run = match_run_start(cohort=cohort, actor=actor)
    run.refresh_from_db()
    return run


def pairable_cohort(cohort: Cohort, pairs: int, *, department: str = "Sales") -> None:
    """``pairs`` mentors and ``pairs`` mentees who can all be paired (any with any)."""
    from tests.matchmaking.factories import mentee, mentor

    for k in range(pairs):
        mentor(
            cohort,
            teaches={"ai-tools": 1 + k % 4, "social-media": 2},
            employee_fields={"department": "IT", "first_name": f"Mentor{k:03d}"},
        )
        mentee(
            cohort,
            learns={"ai-tools": 1 + k % 3},
            employee_fields={"department": department, "first_name": f"Mentee{k:03d}"},
        )
