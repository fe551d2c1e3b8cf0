"""The participants table: one row per person, parsed into ``Person`` objects.

Every row is checked on its own (levels, numbers, time zones), then the rows
are checked together (duplicate ids, unknown managers, manager cycles, an
empty side). All problems are collected before anything is raised.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from crossgen.matching.checks import MAX_CAREER_STAGE
from crossgen.matching.io.errors import InputProblem, MatchingInputError
from crossgen.matching.io.tables import RawTable, read_table
from crossgen.matching.problem import Person, Role

REQUIRED_COLUMNS = (
    "employee_id",
    "role",
    "career_stage",
    "department",
    "location",
    "timezone",
    "manager_id",
    "teaches",
    "learns",
)
OPTIONAL_COLUMNS = ("capacity", "do_not_pair", "previous_partners", "work_start", "work_end")
ALL_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

MAX_PROFICIENCY = 4  # teaches: 1 = can show the basics ... 4 = expert
MAX_INTEREST = 3  # learns: 1 = curious ... 3 = a priority
MAX_MENTOR_CAPACITY = 3  # more mentees than this and a junior mentor burns out
DEFAULT_WORK_START = 9.0
DEFAULT_WORK_END = 17.0

_INTEGER = re.compile(r"[+-]?\d+(\.0*)?")
_DIGITS = re.compile(r"[0-9]{1,3}")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


@functools.cache
def _known_timezones() -> frozenset[str]:
    # A fixed set, not ZoneInfo(name): ZoneInfo would also accept odd keys and
    # reads files named by user input.
    return frozenset(zoneinfo.available_timezones())


class _RowErrors:
    """Collects the problems of one row; ``field`` names the column."""

    def __init__(self, row: int, source: str) -> None:
        self.row = row
        self.source = source
        self.problems: list[InputProblem] = []

    def add(self, field: str, message: str) -> None:
        self.problems.append(InputProblem(self.row, field, message, self.source))


@dataclass(frozen=True, slots=True)
class ParsedParticipants:
    people: tuple[Person, ...]
    problems: list[InputProblem]
    role_by_id: Mapping[str, Role | None]  # every id in the file, even on rows with errors


def read_participants(path: Path | str) -> tuple[Person, ...]:
    """Read a participants CSV or XLSX file.

    Raises
    ------
    MatchingInputError
        With every problem in the file, each with its row and column.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> header = "employee_id,role,career_stage,department,location,timezone,manager_id"
    >>> _ = (folder / "people.csv").write_text(
    ...     header + ",teaches,learns\\n"
    ...     "E1,mentee,5,Sales,Paris,Europe/Paris,,strategy:4,generative-ai:3\\n"
    ...     "E2,mentor,1,IT,Lyon,Europe/Paris,E1,generative-ai:4,strategy:2\\n"
    ... )
    >>> [(p.id, p.role.value, dict(p.teaches)) for p in read_participants(folder / "people.csv")]
    [('E1', 'mentee', {'strategy': 4}), ('E2', 'mentor', {'generative-ai': 4})]
    """
    path = Path(path)
    parsed = parse_participants(path, source=path.name)
    if parsed.problems:
        raise MatchingInputError(parsed.problems)
    return parsed.people


def parse_participants(path: Path, *, source: str) -> ParsedParticipants:
    table, problems = read_table(path, source=source)
    if table is None:
        return ParsedParticipants((), problems, {})
    parsed = parse_table(table, source=source)
    if not problems:
        return parsed
    # A cell the reader could not read is reported once, by the reader.
    unread = {(p.row, p.field) for p in problems}
    problems.extend(p for p in parsed.problems if (p.row, p.field) not in unread)
    return ParsedParticipants(parsed.people, problems, parsed.role_by_id)


def parse_table(table: RawTable, *, source: str) -> ParsedParticipants:
    columns, problems = _check_header(table.header, source)
    if columns is None:
        return ParsedParticipants((), problems, {})

    records: list[tuple[int, dict[str, str]]] = []
    for number, cells in table.rows:
        record = {name: cells[i] if i < len(cells) else "" for name, i in columns.items()}
        if any(cells[len(table.header) :]):
            problems.append(
                InputProblem(number, "", "a value stands in a column without a header", source)
            )
        records.append((number, record))

    role_by_id, row_of_id, problems_by_ids = _index_ids(records, source)
    problems.extend(problems_by_ids)
    known = frozenset(role_by_id)

    people: list[Person] = []
    for number, record in records:
        errors = _RowErrors(number, source)
        person = _parse_row(record, errors, known)
        problems.extend(errors.problems)
        # A duplicated id keeps only its first row, so one typo does not
        # produce two people competing for the same partner.
        if person is not None and row_of_id.get(person.id) == number:
            people.append(person)

    problems.extend(_manager_cycles(records, row_of_id, source))
    problems.extend(_empty_sides(role_by_id, source))
    problems.sort(key=lambda p: (p.row is not None, p.row or 0))
    return ParsedParticipants(tuple(people), problems, role_by_id)


def _check_header(
    header: tuple[str, ...], source: str
) -> tuple[dict[str, int] | None, list[InputProblem]]:
    problems: list[InputProblem] = []
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = "_".join(raw.lower().split())
        if not name:
            continue
        if name not in ALL_COLUMNS:
            problems.append(
                InputProblem(
                    1, raw, f"unknown column (known columns: {', '.join(ALL_COLUMNS)})", source
                )
            )
        elif name in columns:
            problems.append(InputProblem(1, raw, "the column appears twice", source))
        else:
            columns[name] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    problems.extend(InputProblem(1, name, "required column is missing", source) for name in missing)
    if "employee_id" not in columns:
        return None, problems  # without ids, no row can be checked against another
    return columns, problems


def _index_ids(
    records: list[tuple[int, dict[str, str]]], source: str
) -> tuple[dict[str, Role | None], dict[str, int], list[InputProblem]]:
    role_by_id: dict[str, Role | None] = {}
    row_of_id: dict[str, int] = {}
    problems: list[InputProblem] = []
    for number, record in records:
        person_id = record["employee_id"]
        if not person_id:
            continue  # reported by the row parser
        if person_id in row_of_id:
            problems.append(
                InputProblem(
                    number,
                    "employee_id",
                    f"duplicate id {person_id!r} (first on row {row_of_id[person_id]})",
                    source,
                )
            )
            continue
        row_of_id[person_id] = number
        role_by_id[person_id] = _ROLES.get(record.get("role", "").lower())
    return role_by_id, row_of_id, problems


_ROLES: dict[str, Role | None] = {"": None, "mentor": Role.MENTOR, "mentee": Role.MENTEE}


def _parse_row(record: dict[str, str], errors: _RowErrors, known: frozenset[str]) -> Person | None:
    person_id = record["employee_id"]
    if not person_id:
        errors.add("employee_id", "every row needs an employee_id")
    elif ";" in person_id:
        errors.add("employee_id", "an id cannot contain ';' (it separates ids in lists)")

    role_text = record.get("role", "").lower()
    if role_text not in _ROLES:
        errors.add(
            "role", f"{record['role']!r} is not a role: write mentor, mentee, or leave empty"
        )
    role = _ROLES.get(role_text)
    participant = role is not None

    career_stage = _career_stage(record.get("career_stage", ""), errors, required=participant)
    timezone = _timezone(record.get("timezone", ""), errors, required=participant)
    manager_id = record.get("manager_id", "") or None
    if manager_id is not None and manager_id not in known:
        errors.add("manager_id", f"unknown manager {manager_id!r}: add a row for them")
    teaches = _levels(record.get("teaches", ""), "teaches", MAX_PROFICIENCY, errors)
    learns = _levels(record.get("learns", ""), "learns", MAX_INTEREST, errors)
    capacity = _capacity(record.get("capacity", ""), role, errors)
    do_not_pair = _ids(record.get("do_not_pair", ""), "do_not_pair", person_id, errors, known)
    # Previous partners may have left the company, so unknown ids are fine there.
    previous = _ids(record.get("previous_partners", ""), "previous_partners", person_id, errors)
    start = _hours(record.get("work_start", ""), "work_start", DEFAULT_WORK_START, errors)
    end = _hours(record.get("work_end", ""), "work_end", DEFAULT_WORK_END, errors)
    if start is not None and end is not None and start >= end:
        errors.add("work_end", f"work_end ({end:g}) must be later than work_start ({start:g})")

    if errors.problems or career_stage is None or timezone is None:
        return None
    if start is None or end is None:
        return None
    return Person(
        id=person_id,
        role=role,
        career_stage=career_stage,
        department=record.get("department", ""),
        location=record.get("location", ""),
        timezone=timezone,
        manager_id=manager_id,
        teaches=teaches,
        learns=learns,
        capacity=capacity,
        do_not_pair=do_not_pair,
        previous_partners=previous,
        work_start_hour=start,
        work_end_hour=end,
    )


def _career_stage(text: str, errors: _RowErrors, *, required: bool) -> int | None:
    if not text:
        if required:
            errors.add("career_stage", "mentors and mentees need a career stage (a whole number)")
            return None
        return 0  # a manager present only for the reporting chain is never compared by stage
    if not _INTEGER.fullmatch(text):
        errors.add("career_stage", f"{text!r} is not a whole number")
        return None
    stage = int(float(text))
    if abs(stage) > MAX_CAREER_STAGE:
        errors.add("career_stage", f"{text!r} is not a rank on a career ladder (too large)")
        return None
    return stage


def _timezone(text: str, errors: _RowErrors, *, required: bool) -> str | None:
    if not text:
        if required:
            errors.add("timezone", "mentors and mentees need a time zone, e.g. Europe/Paris")
            return None
        return "UTC"
    if text not in _known_timezones():
        errors.add("timezone", f"unknown time zone {text!r}: use an IANA name like Europe/Paris")
        return None
    return text


def normalise_skill(text: str) -> str:
    """``"Generative AI"`` and ``"generative-ai"`` name the same skill."""
    return "-".join(text.replace("_", " ").lower().split())


def _levels(text: str, field: str, top: int, errors: _RowErrors) -> dict[str, int]:
    levels: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in text.split(";"))):
        name, colon, level_text = item.rpartition(":")
        skill = normalise_skill(name)
        if not colon or not skill:
            errors.add(field, f"{item!r} needs the form skill:level, e.g. generative-ai:{top}")
            continue
        level_text = level_text.strip()
        if not _DIGITS.fullmatch(level_text) or not 1 <= int(level_text) <= top:
            errors.add(field, f"level of {skill!r} must be a whole number from 1 to {top}")
            continue
        if skill in levels:
            errors.add(field, f"{skill!r} is listed twice")
            continue
        levels[skill] = int(level_text)
    return levels


def _capacity(text: str, role: Role | None, errors: _RowErrors) -> int:
    if role is Role.MENTOR:
        if not text:
            return 1
        if not _INTEGER.fullmatch(text) or not 1 <= int(float(text)) <= MAX_MENTOR_CAPACITY:
            errors.add(
                "capacity",
                f"a mentor's capacity must be a whole number from 1 to {MAX_MENTOR_CAPACITY}, "
                f"not {text!r}",
            )
            return 1
        return int(float(text))
    if role is Role.MENTEE and text and text not in ("1", "1.0"):
        errors.add("capacity", "a mentee has exactly one mentor: leave capacity empty or 1")
    return 1


def _ids(
    text: str,
    field: str,
    person_id: str,
    errors: _RowErrors,
    known: frozenset[str] | None = None,
) -> frozenset[str]:
    ids = frozenset(filter(None, (part.strip() for part in text.split(";"))))
    if person_id in ids:
        errors.add(field, "lists the person themselves")
    if known is not None:
        for unknown in sorted(ids - known):
            errors.add(field, f"unknown id {unknown!r}")
    return ids - {person_id}


def _hours(text: str, field: str, default: float, errors: _RowErrors) -> float | None:
    if not text:
        return default
    clock = _CLOCK.fullmatch(text)
    try:
        hours = int(clock[1]) + int(clock[2]) / 60 if clock else float(text)
    except ValueError:
        hours = float("nan")
    if not 0 <= hours <= 24:  # also false for nan
        errors.add(field, f"{text!r} is not an hour of the day (0-24, or HH:MM)")
        return None
    return hours


def _manager_cycles(
    records: list[tuple[int, dict[str, str]]], row_of_id: Mapping[str, int], source: str
) -> list[InputProblem]:
    manager_of = {
        r["employee_id"]: r.get("manager_id", "")
        for number, r in records
        if r["employee_id"] and row_of_id.get(r["employee_id"]) == number
    }
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = finished
    problems: list[InputProblem] = []
    for start in manager_of:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node in manager_of and state.get(node) is None:
            state[node] = 1
            walk.append(node)
            node = manager_of[node] or None
        if node is not None and state.get(node) == 1:
            cycle = walk[walk.index(node) :]
            first = min(cycle, key=row_of_id.__getitem__)
            turn = cycle.index(first)
            path = [*cycle[turn:], *cycle[:turn], first]
            problems.append(
                InputProblem(
                    row_of_id[first],
                    "manager_id",
                    "reporting chain goes round in a cycle: " + " → ".join(path),
                    source,
                )
            )
        for visited in walk:
            state[visited] = 2
    return problems


def _empty_sides(role_by_id: Mapping[str, Role | None], source: str) -> list[InputProblem]:
    # Counted over every id, not only the rows that parsed: a side whose rows
    # all have typos is reported by those rows, not as "empty" on top.
    roles = set(role_by_id.values())
    problems: list[InputProblem] = []
    for role, plural in ((Role.MENTOR, "mentors"), (Role.MENTEE, "mentees")):
        if role not in roles:
            problems.append(
                InputProblem(None, "role", f"no {plural}: a program needs both sides", source)
            )
    return problems
