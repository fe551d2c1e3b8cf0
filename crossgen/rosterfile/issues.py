"""Problems found in a roster file, and the capped list that collects them."""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_MAX_ISSUES = 1_000
"""How many errors (and, separately, warnings) are kept; the rest are only counted."""

_EXCERPT_CHARS = 60
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, slots=True)
class RowIssue:
    """One error or warning, placed where a person looks for it in a spreadsheet.

    ``row`` is the row number a spreadsheet shows (the header is usually row 1),
    or ``None`` for a problem with the whole file. ``field`` is the canonical
    field name (``"email"``), a column header for header problems, or ``None``.
    ``value`` is a short, printable excerpt of the offending cell, if any.
    """

    row: int | None
    field: str | None
    message: str
    value: str | None = None

    def __str__(self) -> str:
        where = [f"Row {self.row}"] if self.row is not None else []
        if self.field:
            where.append(self.field)
        text = ", ".join(where)
        text = f"{text}: {self.message}" if text else self.message
        return f"{text} Value: {self.value!r}" if self.value is not None else text


def excerpt(value: object) -> str:
    """A printable excerpt of ``value``: control characters shown as escapes, long text cut."""
    text = value if isinstance(value, str) else str(value)
    if len(text) > _EXCERPT_CHARS:
        text = text[: _EXCERPT_CHARS - 1] + "…"
    return _INVISIBLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class RosterFileError(Exception):
    """The file cannot be read as a roster at all (size, encoding, format, header).

    ``issues`` lists every problem found; nothing from the file should be used.
    """

    def __init__(self, issues: list[RowIssue] | tuple[RowIssue, ...]) -> None:
        if not issues:
            raise ValueError("RosterFileError needs at least one issue")
        self.issues: tuple[RowIssue, ...] = tuple(issues)
        super().__init__("; ".join(str(issue) for issue in self.issues))

    @classmethod
    def single(
        cls, message: str, *, row: int | None = None, field: str | None = None
    ) -> RosterFileError:
        return cls([RowIssue(row, field, message)])


class IssueLog:
    """Collects issues in order, keeping the first ``limit`` and counting the rest."""

    __slots__ = ("_issues", "limit", "omitted")

    def __init__(self, limit: int = DEFAULT_MAX_ISSUES) -> None:
        self.limit = limit
        self._issues: list[RowIssue] = []
        self.omitted = 0

    def add(self, row: int | None, field: str | None, message: str, value: object = None) -> None:
        if len(self._issues) >= self.limit:
            self.omitted += 1
            return
        shown = None if value is None else excerpt(value)
        name = None if field is None else str(field)  # a RosterField becomes its plain name
        self._issues.append(RowIssue(row, name, message, shown))

    def extend(self, issues: tuple[RowIssue, ...] | list[RowIssue]) -> None:
        for issue in issues:
            if len(self._issues) >= self.limit:
                self.omitted += 1
            else:
                self._issues.append(issue)

    def __len__(self) -> int:
        return len(self._issues) + self.omitted

    def issues(self) -> tuple[RowIssue, ...]:
        """The kept issues, ordered by row (file-level issues first), stable otherwise."""
        return tuple(sorted(self._issues, key=lambda i: -1 if i.row is None else i.row))
