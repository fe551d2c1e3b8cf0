"""Properties over generated rosters: valid files round-trip exactly; one injected
defect is reported on the right row and field, and nothing else is."""

from __future__ import annotations

import os
from typing import Any

from email_validator import validate_email
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from crossgen.rosterfile.cells import _is_simple_email

from .helpers import validate, where
from .strategies import WRITERS, Roster, rosters

EXAMPLES = int(os.environ.get("ROSTERFILE_EXAMPLES", "30"))  # raise for a longer search
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPERTY
@given(roster=rosters(), writer=st.sampled_from(sorted(WRITERS)))
def test_any_valid_roster_reads_back_as_exactly_the_records_written(
    roster: Roster, writer: str
) -> None:
    filename, write = WRITERS[writer]
    result = validate(write(roster.grid()), filename=filename)
    assert [str(e) for e in result.errors] == []
    assert result.records == roster.expected


def _leaf_positions(roster: Roster) -> list[int]:
    managers = {r.manager_id for r in roster.expected}
    return [i for i, r in enumerate(roster.expected) if r.employee_id not in managers]


def _cycle_head_row(roster: Roster, root: int, other: int) -> int:
    """The smallest row on the cycle made by giving the root ``other`` as its manager."""
    by_id = {r.employee_id: r for r in roster.expected}
    rows, node = [roster.expected[root].row], roster.expected[other]
    while node.manager_id is not None:
        rows.append(node.row)
        node = by_id[node.manager_id]
    return min(rows)


@st.composite
def defective(draw: st.DrawFn) -> tuple[Roster, tuple[int | None, str | None]]:
    """A valid roster with one defect, and where the error must be reported."""
    roster = draw(rosters(min_size=2, max_size=12))
    n = len(roster.rows)
    i = draw(st.integers(0, n - 1))
    row = i + 2
    root = next(p for p, r in enumerate(roster.expected) if r.manager_id is None)
    kind = draw(st.sampled_from(
        ["duplicate id", "unknown manager", "cycle", "self", "bad email", "duplicate email", "bad stage",
         "bad zone", "control char", "bidi control", "too long", "ambiguous date", "second root", "ragged"]
    ))  # fmt: skip
    if kind == "duplicate id":
        later = [p for p in _leaf_positions(roster) if p > 0]
        assume(later)
        j = draw(st.sampled_from(later))
        first = draw(st.integers(0, j - 1))
        return roster.with_row(j, employee_id=roster.rows[first]["employee_id"]), (
            j + 2,
            "employee_id",
        )
    if kind == "unknown manager":
        ids = {r.employee_id for r in roster.expected}
        return roster.with_row(i, manager_id="".join(sorted(ids)) + "?"), (row, "manager_id")
    if kind == "cycle":
        other = draw(st.sampled_from([p for p in range(n) if p != root]))
        head = _cycle_head_row(roster, root, other)
        return roster.with_row(root, manager_id=roster.expected[other].employee_id), (
            head,
            "manager_id",
        )
    if kind == "self":
        return roster.with_row(i, manager_id=roster.expected[i].employee_id), (row, "manager_id")
    if kind == "duplicate email":
        j = draw(st.integers(1, n - 1))
        first = draw(st.integers(0, j - 1))
        return roster.with_row(j, email=str(roster.rows[first]["email"]).upper()), (j + 2, "email")
    if kind == "second root":
        other = draw(st.sampled_from([p for p in range(n) if p != root]))
        return roster.with_row(other, manager_id=""), (max(root, other) + 2, "manager_id")
    if kind == "ragged":
        return roster.with_row(i, extra="x"), (row, None)
    field, value = {
        "bad email": ("email", "no-at-sign.example.com"),
        "bad stage": ("career_stage", "Wizard"),
        "bad zone": ("timezone", "Mars/Olympus"),
        "control char": ("first_name", "Ann\tLee"),  # XLSX cannot hold NUL; see test_cells
        "bidi control": ("job_title", "Head\u202eof"),
        "too long": ("last_name", "x" * 151),
        "ambiguous date": ("hire_date", "03/04/2020"),
    }[kind]
    return roster.with_row(i, **{field: value}), (row, field)


def _grid_with_extras(roster: Roster) -> list[list[Any]]:
    grid = roster.grid()
    for position, row in enumerate(roster.rows):
        if "extra" in row:
            grid[position + 1].append(row["extra"])
    return grid


@PROPERTY
@given(case=defective(), writer=st.sampled_from(["utf-8", "utf-16-le-tab", "xlsx"]))
def test_one_injected_defect_is_reported_on_its_row_and_field(
    case: tuple[Roster, tuple[int | None, str | None]], writer: str
) -> None:
    roster, expected = case
    filename, write = WRITERS[writer]
    result = validate(write(_grid_with_extras(roster)), filename=filename)
    assert where(result) == [expected], [str(e) for e in result.errors]


_NEAR_SIMPLE = (
    r"[A-Za-z0-9_%+.-]{1,70}@(?:[A-Za-z0-9-]{1,12}\.){1,4}"
    r"(?:[A-Za-z]{2,6}|test|TEST|local|onion|arpa|invalid|localhost)"
)


@settings(max_examples=EXAMPLES * 3, deadline=None, database=None)
@given(address=st.from_regex(_NEAR_SIMPLE, fullmatch=True))
def test_the_fast_email_check_accepts_only_what_email_validator_accepts(address: str) -> None:
    """The fast path may leave addresses to email-validator, never accept one it refuses."""
    if not _is_simple_email(address):
        return
    validate_email(address, check_deliverability=False)


def test_the_fast_email_check_takes_the_common_case_and_leaves_the_rest() -> None:
    assert _is_simple_email("ann.lee+roster@mail.example.co.uk")
    for address in ["ann@example.test", "ann@xn--bcher-kva.de", "ann@ab--cd.com",
                    "a..b@example.com", "x" * 65 + "@example.com", "josé@example.com"]:  # fmt: skip
        assert not _is_simple_email(address), address
