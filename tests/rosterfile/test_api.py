"""The package's contract: options checked, issue text, export helper, doctests.

(That it never imports Django is tests/test_architecture.py's job, for every pure library.)
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from datetime import date, datetime
from typing import Any

import pytest

import crossgen.rosterfile
from crossgen.rosterfile import (
    RosterFileError,
    RowIssue,
    detect_mapping,
    neutralise_for_export,
    read_table,
    validate_roster,
)
from crossgen.rosterfile.issues import IssueLog, excerpt

from .helpers import chain, csv_bytes, table_rows


def run(**options: Any) -> object:
    with read_table(csv_bytes(table_rows(chain(2))), filename="r.csv") as table:
        defaults: dict[str, Any] = {
            "mapping": detect_mapping(table.headers),
            "career_stages": ["Junior"],
            "default_timezone": "UTC",
            "today": date(2025, 1, 1),
        }
        return validate_roster(table, **{**defaults, **options})


@pytest.mark.parametrize(
    ("options", "complaint"),
    [
        ({"career_stages": "Junior"}, "career_stages must be a sequence of stage names"),
        ({"career_stages": ["Junior", " junior"]}, "names ' junior' twice"),
        ({"career_stages": ["Junior", ""]}, "empty or non-text name"),
        ({"default_timezone": "Mars/Olympus"}, "default_timezone must be an IANA"),
        ({"today": datetime(2025, 1, 1)}, "today must be a date"),
        ({"existing_employee_ids": "E1"}, "existing_employee_ids must be a collection"),
        ({"max_issues": 0}, "max_issues must be a positive integer"),
    ],
)
def test_it_rejects_bad_options_naming_them(options: dict[str, Any], complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        run(**options)


def test_an_organisation_without_a_ladder_gets_an_error_not_a_crash() -> None:
    result = run(career_stages=[])
    assert [(e.row, e.field) for e in result.errors] == [(None, "career_stage")]  # type: ignore[attr-defined]
    assert "no career stages yet" in result.errors[0].message  # type: ignore[attr-defined]


def test_a_valid_roster_is_ok_with_records_in_file_order() -> None:
    result = run()
    assert result.ok  # type: ignore[attr-defined]
    assert [r.employee_id for r in result.records] == ["E1", "E2"]  # type: ignore[attr-defined]


def test_an_issue_reads_as_a_sentence_placing_the_problem() -> None:
    assert (
        str(RowIssue(4, "email", "Is not valid.", "ann@"))
        == "Row 4, email: Is not valid. Value: 'ann@'"
    )
    assert str(RowIssue(None, None, "The file is empty.")) == "The file is empty."


def test_an_excerpt_is_short_and_shows_control_characters() -> None:
    assert excerpt("a\x00b\u202ec") == "a\\x00b\\u202ec"
    assert excerpt("x" * 100) == "x" * 59 + "…"


def test_the_issue_log_keeps_the_first_issues_and_counts_the_rest() -> None:
    log = IssueLog(limit=2)
    log.extend([RowIssue(3, None, "c"), RowIssue(None, None, "file"), RowIssue(1, None, "x")])
    log.add(2, "email", "b", "x")
    assert [(i.row, i.message) for i in log.issues()] == [(None, "file"), (3, "c")]
    assert (len(log), log.omitted) == (4, 2)
    with pytest.raises(ValueError, match="at least one issue"):
        RosterFileError([])


def test_a_file_error_carries_every_issue() -> None:
    with pytest.raises(RosterFileError) as caught:
        read_table(b",Email,,email\n", filename="r.csv")
    assert len(caught.value.issues) == 3


@pytest.mark.parametrize(
    ("value", "exported"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23 45", "'+33 1 23 45"),
        ("-", "'-"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\uff1dSUM(A1)", "'\uff1dSUM(A1)"),
        ("Ann-Marie", "Ann-Marie"),
        ("O'Neil", "O'Neil"),
        ("", ""),
    ],
)
def test_neutralise_for_export_prefixes_a_quote_to_formula_starts_only(
    value: str, exported: str
) -> None:
    assert neutralise_for_export(value) == exported


def test_the_docstring_examples_run() -> None:
    failures = attempted = 0
    for info in pkgutil.iter_modules(crossgen.rosterfile.__path__, "crossgen.rosterfile."):
        result = doctest.testmod(importlib.import_module(info.name), optionflags=doctest.ELLIPSIS)
        failures += result.failed
        attempted += result.attempted
    assert failures == 0
    assert attempted >= 8
