"""What validation hands back: one record per valid row, and the issues found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crossgen.rosterfile.issues import RowIssue


@dataclass(frozen=True, slots=True, kw_only=True)
class RosterRecord:
    """One person, as the file describes them, cleaned and checked.

    Text is trimmed and otherwise stored as given: a name such as ``"=Ann"`` is
    kept as that text (see ``neutralise_for_export``). Empty optional text is
    ``""``; an empty ``manager_id`` or ``hire_date`` is ``None``.
    """

    row: int
    """The spreadsheet row number the record came from."""
    employee_id: str
    first_name: str
    last_name: str
    email: str
    """The address as typed, trimmed: what to display and send mail to."""
    email_key: str
    """The address after NFKC and case folding: what uniqueness is checked on."""
    career_stage: str
    """The canonical name from the organisation's ladder."""
    job_title: str = ""
    department: str = ""
    location: str = ""
    timezone: str
    """An IANA name, spelled as in the time zone database; the default if the cell was empty."""
    manager_id: str | None = None
    """``None`` for a person at the top of the organisation."""
    hire_date: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RosterValidation:
    """The outcome of ``validate_roster``.

    ``records`` holds, in file order, every row that passed all checks; when
    ``ok`` is false it is for preview only and nothing should be written.
    ``errors`` and ``warnings`` are capped lists ordered by row (file-level
    issues first); ``errors_omitted`` and ``warnings_omitted`` count the rest,
    for an "and N more" line.
    """

    records: tuple[RosterRecord, ...]
    errors: tuple[RowIssue, ...]
    warnings: tuple[RowIssue, ...]
    errors_omitted: int = 0
    warnings_omitted: int = 0
    rows_read: int = 0
    """Non-blank data rows read from the file."""

    @property
    def ok(self) -> bool:
        """True when there is no error at all: the records may be imported."""
        return not self.errors and not self.errors_omitted

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.errors_omitted

    @property
    def warning_count(self) -> int:
        return len(self.warnings) + self.warnings_omitted
