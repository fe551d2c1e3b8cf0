"""One row at a time: cells → a ``RosterRecord``, or errors naming the row and field."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple, cast

from crossgen.rosterfile.cells import (
    MAX_LENGTHS,
    CellError,
    check_email,
    check_stage,
    check_timezone,
    clean_text,
    email_key,
    has_forbidden,
    trim_text,
)
from crossgen.rosterfile.dates import parse_hire_date
from crossgen.rosterfile.issues import IssueLog
from crossgen.rosterfile.mapping import REQUIRED_FIELDS, RosterField
from crossgen.rosterfile.records import RosterRecord
from crossgen.rosterfile.table import RawRow
from crossgen.rosterfile.xlsxfile import RawCell

F = RosterField
_SHARED_FIELDS = (F.JOB_TITLE, F.DEPARTMENT, F.LOCATION)  # many rows repeat the same value
_FIELD_NAMES = tuple(str(f) for f in RosterField)
_SLOTS = {field: slot for slot, field in enumerate(RosterField)}
_REQUIRED_SLOTS = tuple(_SLOTS[f] for f in REQUIRED_FIELDS)
_ID, _FIRST, _LAST, _EMAIL, _STAGE, _TITLE, _DEPARTMENT, _LOCATION, _ZONE, _MANAGER, _HIRED = (
    _SLOTS[f] for f in (
        F.EMPLOYEE_ID, F.FIRST_NAME, F.LAST_NAME, F.EMAIL, F.CAREER_STAGE, F.JOB_TITLE,
        F.DEPARTMENT, F.LOCATION, F.TIMEZONE, F.MANAGER_ID, F.HIRE_DATE,
    )
)  # fmt: skip
_EMPTY: list[Any] = [None if f is F.HIRE_DATE else "" for f in RosterField]

Step = Callable[[Any], Any]
"""Turns one cell into the value stored for its field; raises ``CellError``."""
TextRule = Callable[[Any, "int | None"], str]


class ParsedRow(NamedTuple):
    """A row's record if every cell passed, and its id and email key if those did."""

    record: RosterRecord | None
    employee_id: str | None
    email: str | None
    email_key: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RowContext:
    columns: Mapping[RosterField, int]
    """Field → index of its column."""
    width: int
    """Number of header cells."""
    text_only: bool
    """Every cell is text (CSV), so a row can be searched for control characters at once."""
    ladder: Mapping[str, str]
    default_timezone: str
    today: date


class RowParser:
    """Parses rows against one context, reporting problems to ``errors`` and ``warnings``.

    The per-field work is planned once: each mapped column gets a step that
    turns its cell into the value stored in a slot of ``RosterRecord`` order.
    """

    __slots__ = ("_careful", "_ctx", "_errors", "_quick", "_shared", "_warnings")

    def __init__(self, ctx: RowContext, *, errors: IssueLog, warnings: IssueLog) -> None:
        self._ctx = ctx
        self._errors = errors
        self._warnings = warnings
        self._shared: dict[str, str] = {}
        self._careful = self._plan(clean_text)
        self._quick = self._plan(trim_text)
        """For rows with no control character anywhere: trimming and lengths only."""

    def _plan(self, text_rule: TextRule) -> tuple[tuple[int, str, int, Step], ...]:
        return tuple(
            (_SLOTS[field], str(field), index, self._step_for(field, text_rule))
            for field, index in self._ctx.columns.items()
        )

    def parse(self, raw: RawRow) -> ParsedRow:
        cells = raw.cells
        if len(cells) != self._ctx.width and not self._has_right_shape(raw):
            return ParsedRow(None, self._id_of_misshapen(raw), None, None)
        plan = self._careful
        if self._ctx.text_only and not has_forbidden("".join(cast(tuple[str, ...], cells))):
            plan = self._quick
        values = _EMPTY.copy()
        failed = False
        for slot, name, index, step in plan:
            try:
                values[slot] = step(cells[index])
            except CellError as problem:
                self._errors.add(raw.row, name, problem.message, cells[index])
                values[slot] = None
                failed = True
        for slot in _REQUIRED_SLOTS:
            if values[slot] == "":
                self._errors.add(raw.row, _FIELD_NAMES[slot], "Is empty; every person needs one.")
                failed = True
        employee_id, address = values[_ID] or None, values[_EMAIL] or None
        key = None if address is None else email_key(address)
        if failed:
            return ParsedRow(None, employee_id, address, key)
        hire_date = values[_HIRED]
        if hire_date is not None and hire_date > self._ctx.today:
            self._warnings.add(raw.row, F.HIRE_DATE, "Is in the future.", hire_date.isoformat())
        record = RosterRecord(
            row=raw.row,
            employee_id=values[_ID],
            first_name=values[_FIRST],
            last_name=values[_LAST],
            email=values[_EMAIL],
            email_key=key or "",  # set: email is required and passed
            career_stage=values[_STAGE],
            job_title=values[_TITLE],
            department=values[_DEPARTMENT],
            location=values[_LOCATION],
            timezone=values[_ZONE] or self._ctx.default_timezone,
            manager_id=values[_MANAGER] or None,
            hire_date=hire_date,
        )
        return ParsedRow(record, employee_id, address, key)

    def _step_for(self, field: RosterField, text_rule: TextRule) -> Step:
        """The step for a cell of ``field``, trimming and checking text with ``text_rule``."""
        limit = MAX_LENGTHS.get(field)
        ladder, shared = self._ctx.ladder, self._shared

        def text(cell: RawCell) -> str:
            return text_rule(cell, limit)

        def email(cell: RawCell) -> str:
            value = text_rule(cell, limit)
            if value:
                check_email(value)
            return value

        known_stages: dict[str, str] = {}  # as typed → canonical, for the few spellings used

        def stage(cell: RawCell) -> str:
            value = text_rule(cell, limit)
            if not value:
                return ""
            canonical = known_stages.get(value)
            if canonical is None:
                canonical = known_stages[value] = check_stage(value, ladder)
            return canonical

        def zone(cell: RawCell) -> str:
            value = text_rule(cell, limit)
            return check_timezone(value) if value else ""

        def repeated(cell: RawCell) -> str:
            value = text_rule(cell, limit)
            return shared.setdefault(value, value)

        special: dict[RosterField, Step] = {
            F.EMAIL: email,
            F.CAREER_STAGE: stage,
            F.TIMEZONE: zone,
            F.HIRE_DATE: parse_hire_date,
        }
        return special.get(field) or (repeated if field in _SHARED_FIELDS else text)

    def _has_right_shape(self, raw: RawRow) -> bool:
        cells, width = raw.cells, self._ctx.width
        if len(cells) < width:
            self._errors.add(
                raw.row,
                None,
                f"The row has {len(cells)} cells but the header has {width}; "
                "a cell or a separator is missing.",
            )
            return False
        extra = next((c for c in cells[width:] if not isinstance(c, str) or c.strip()), None)
        if extra is not None:
            self._errors.add(
                raw.row,
                None,
                f"The row has more cells than the header's {width}; a cell may hold "
                "an unquoted separator, or a column has no header.",
                extra,
            )
            return False
        return True

    def _id_of_misshapen(self, raw: RawRow) -> str | None:
        """The id cell of a misshapen row, if readable, so references to it still resolve."""
        index = self._ctx.columns.get(F.EMPLOYEE_ID)
        if index is None or index >= len(raw.cells):
            return None
        try:
            return clean_text(raw.cells[index], MAX_LENGTHS[F.EMPLOYEE_ID]) or None
        except CellError:
            return None
