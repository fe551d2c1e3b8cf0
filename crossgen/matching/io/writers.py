"""CSV writers for match results, score audits and participants.

Every cell goes through ``neutralise``: these files are opened in spreadsheets,
and a cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR would run as a
formula there (a roster field is user-controlled text). Files are written to a
temporary name and renamed, so a failed run never leaves half a file behind.
"""

from __future__ import annotations

import contextlib
import csv
import os
import secrets
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from crossgen.matching.io.participants import ALL_COLUMNS
from crossgen.matching.io.tables import neutralise
from crossgen.matching.problem import Person
from crossgen.matching.result import MatchResult, ScoreParts

PAIRS_COLUMNS = (
    "mentor_id",
    "mentee_id",
    "score",
    "forward",
    "reciprocal",
    "diversity",
    "timezone",
    "pinned",
    "explanation",
)
UNMATCHED_COLUMNS = ("person_id", "role", "kind", "reason", "ruled_out_by", "best_alternative")
SCORES_COLUMNS = (
    "mentor_id",
    "mentee_id",
    "score",
    "forward",
    "reciprocal",
    "diversity",
    "timezone",
    "feasible",
    "broken_rules",
)


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One (mentor, mentee) pair of an audit: its score parts and the hard rules it breaks."""

    mentor_id: str
    mentee_id: str
    parts: ScoreParts
    broken_rules: tuple[str, ...]


def temporary_sibling(path: Path) -> Path:
    """Create an empty file next to ``path`` under a fresh hidden name.

    Unlike ``tempfile.mkstemp`` (always 0600), the file gets the usual
    permissions for new files (0666 less the umask), which the final file keeps.
    """
    while True:
        candidate = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return candidate


@contextlib.contextmanager
def atomic_text_file(path: Path | str) -> Iterator[TextIO]:
    """Open a temporary file next to ``path``; rename it onto ``path`` only if the
    block finishes without an exception."""
    path = Path(path)
    temporary = temporary_sibling(path)
    try:
        with temporary.open("w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


def _write_rows(path: Path | str, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with atomic_text_file(path) as handle:
        # RFC 4180 line ends; with "\r\n" as terminator the csv module also quotes
        # cells that hold a bare CR, which would otherwise split the row.
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([neutralise(cell) for cell in row] for row in rows)


def _number(value: float) -> str:
    return f"{value:.6f}"


def write_pairs_csv(path: Path | str, result: MatchResult) -> None:
    """One row per pair, best score first; ``explanation`` is empty unless the
    result went through ``explain``."""
    pairs = sorted(result.pairs, key=lambda p: (-p.score, p.mentor_id, p.mentee_id))
    _write_rows(
        path,
        PAIRS_COLUMNS,
        (
            [
                pair.mentor_id,
                pair.mentee_id,
                _number(pair.score),
                _number(pair.parts.forward),
                _number(pair.parts.reciprocal),
                _number(pair.parts.diversity),
                _number(pair.parts.timezone),
                "yes" if pair.pinned else "no",
                pair.explanation.text if pair.explanation is not None else "",
            ]
            for pair in pairs
        ),
    )


def write_unmatched_csv(path: Path | str, result: MatchResult) -> None:
    """One row per unmatched person (and mentor with capacity left), with the reason."""
    _write_rows(
        path,
        UNMATCHED_COLUMNS,
        (
            [
                person.person_id,
                person.role.value,
                person.kind.value,
                person.reason,
                ";".join(f"{rule}={count}" for rule, count in sorted(person.ruled_out_by.items())),
                person.best_alternative or "",
            ]
            for person in result.unmatched
        ),
    )


def write_scores_csv(path: Path | str, rows: Iterable[ScoreRow]) -> None:
    """The long-form audit table: every (mentor, mentee) pair, feasible or not."""
    _write_rows(
        path,
        SCORES_COLUMNS,
        (
            [
                row.mentor_id,
                row.mentee_id,
                _number(row.parts.total),
                _number(row.parts.forward),
                _number(row.parts.reciprocal),
                _number(row.parts.diversity),
                _number(row.parts.timezone),
                "no" if row.broken_rules else "yes",
                ";".join(row.broken_rules),
            ]
            for row in rows
        ),
    )


def participant_cells(person: Person) -> list[str]:
    """A person as the cells of a participants-table row, in ``ALL_COLUMNS`` order."""
    return [
        person.id,
        person.role.value if person.role is not None else "",
        str(person.career_stage),
        person.department,
        person.location,
        person.timezone,
        person.manager_id or "",
        ";".join(f"{skill}:{level}" for skill, level in sorted(person.teaches.items())),
        ";".join(f"{skill}:{level}" for skill, level in sorted(person.learns.items())),
        str(person.capacity),
        ";".join(sorted(person.do_not_pair)),
        ";".join(sorted(person.previous_partners)),
        repr(person.work_start_hour),
        repr(person.work_end_hour),
    ]


def write_participants_csv(path: Path | str, people: Iterable[Person]) -> None:
    """Write people in the participants format (reads back with ``read_participants``)."""
    _write_rows(path, ALL_COLUMNS, (participant_cells(p) for p in people))
