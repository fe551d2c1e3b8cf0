"""``validate_roster``: every row and the manager tree checked, every problem reported."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, datetime

from crossgen.rosterfile.cells import canonical_timezone, stage_ladder
from crossgen.rosterfile.hierarchy import DEFAULT_ROOTS_HINT, check_hierarchy
from crossgen.rosterfile.issues import DEFAULT_MAX_ISSUES, IssueLog
from crossgen.rosterfile.mapping import ColumnMapping, RosterField, normalise_header
from crossgen.rosterfile.records import RosterRecord, RosterValidation
from crossgen.rosterfile.rows import ParsedRow, RowContext, RowParser
from crossgen.rosterfile.source import FileFormat
from crossgen.rosterfile.table import RosterTable

type RowProgress = Callable[[int, int | None], None]
"""Called as ``progress(rows checked, rows expected or None)``."""

PROGRESS_EVERY = 5_000
"""Rows between two calls of the progress callback."""


def validate_roster(
    table: RosterTable,
    *,
    mapping: ColumnMapping,
    career_stages: Sequence[str],
    default_timezone: str,
    today: date,
    allow_multiple_roots: bool = False,
    roots_hint: str = DEFAULT_ROOTS_HINT,
    existing_employee_ids: Collection[str] = (),
    max_issues: int = DEFAULT_MAX_ISSUES,
    progress: RowProgress | None = None,
    progress_every: int = PROGRESS_EVERY,
) -> RosterValidation:
    """Check every row of ``table`` and the manager tree they form.

    Parameters
    ----------
    mapping
        Which header holds which field; ``detect_mapping(table.headers)`` or a
        person's correction of it.
    career_stages
        The organisation's ladder, matched ignoring case; records hold these spellings.
    default_timezone
        The IANA zone for people whose time zone cell is empty.
    today
        The organisation's date today; later hire dates give a warning.
    allow_multiple_roots
        Accept several people without a manager.
    roots_hint
        How a person allows several people at the top, e.g. where the setting
        is; it ends the error reported when ``allow_multiple_roots`` is false.
    existing_employee_ids
        Employees already in the organisation and not in this file (a partial
        import); managers may be among them.
    max_issues
        How many errors, and how many warnings, to keep; the rest are counted.
    progress
        Called every ``progress_every`` rows with the number of rows checked
        and the number expected (``RosterTable.estimated_rows()``, or ``None``
        when unknown or already passed), and once at the end with the final
        count as both.

    Raises ``ValueError`` for a bad option (the caller's mistake), and
    ``RosterFileError`` if the file turns out unreadable further down (more
    rows than the cap, malformed CSV quoting).

    Examples
    --------
    >>> from crossgen.rosterfile import detect_mapping, read_table
    >>> data = b"Employee ID,First name,Last name,Email,Level,Manager ID\\n1,Ann,Lee,ann@example.com,Senior,\\n2,Bo,Kim,BO@example.com,junior,1\\n"
    >>> with read_table(data, filename="roster.csv") as table:
    ...     result = validate_roster(table, mapping=detect_mapping(table.headers),
    ...         career_stages=["Junior", "Senior"], default_timezone="Europe/Paris",
    ...         today=date(2025, 1, 1))
    >>> result.ok, [(r.employee_id, r.career_stage, r.manager_id) for r in result.records]
    (True, [('1', 'Senior', None), ('2', 'Junior', '1')])
    """
    ladder = stage_ladder(career_stages)
    zone = _check_options(
        default_timezone=default_timezone, today=today,
        existing_employee_ids=existing_employee_ids, max_issues=max_issues,
        progress_every=progress_every,
    )  # fmt: skip
    errors, warnings = IssueLog(max_issues), IssueLog(max_issues)
    warnings.extend(table.warnings)
    _check_setup(table, mapping=mapping, ladder=ladder, errors=errors, warnings=warnings)
    if errors:
        return _result((), errors, warnings, rows_read=0)
    ctx = RowContext(
        columns=_column_indexes(table.headers, mapping),
        width=len(table.headers),
        text_only=table.format is FileFormat.CSV,
        ladder=ladder,
        default_timezone=zone,
        today=today,
    )
    records, known_ids, rows_read = _read_rows(
        table,
        RowParser(ctx, errors=errors, warnings=warnings),
        errors,
        progress=progress,
        every=progress_every,
    )
    if rows_read == 0:
        errors.add(None, None, "The file has a header row but no data rows.")
    check_hierarchy(
        records,
        known_ids=known_ids,
        existing_ids=frozenset(existing_employee_ids),
        allow_multiple_roots=allow_multiple_roots,
        errors=errors,
        roots_hint=roots_hint,
    )
    if progress is not None:
        progress(rows_read, rows_read)
    return _result(records, errors, warnings, rows_read=rows_read)


def _check_setup(
    table: RosterTable,
    *,
    mapping: ColumnMapping,
    ladder: Mapping[str, str],
    errors: IssueLog,
    warnings: IssueLog,
) -> None:
    """Problems a person fixes before any row can be checked: the mapping, the ladder."""
    present = {normalise_header(h) for h in table.headers}
    for field, header in mapping.columns.items():
        if normalise_header(header) not in present:
            shown = ", ".join(repr(h) for h in table.headers[:20])
            errors.add(
                table.header_row,
                field,
                f"Is mapped to the column {header!r}, which is not in the file; "
                f"its columns are {shown}.",
            )
    for field in mapping.missing_required():
        errors.add(table.header_row, field, "No column is mapped to this required field.")
    if not ladder:
        errors.add(
            None,
            RosterField.CAREER_STAGE,
            "The organisation has no career stages yet; set up its ladder before importing.",
        )
    for header in mapping.unmapped(table.headers):
        warnings.add(
            table.header_row, header, "This column is not mapped to a roster field and is ignored."
        )


def _read_rows(
    table: RosterTable,
    parser: RowParser,
    errors: IssueLog,
    *,
    progress: RowProgress | None,
    every: int,
) -> tuple[list[RosterRecord], set[str], int]:
    """Parse every row, checking ids and emails for duplicates as they stream past."""
    records: list[RosterRecord] = []
    id_rows: dict[str, int] = {}
    email_rows: dict[str, int] = {}
    rows_read = 0
    expected = table.estimated_rows() if progress is not None else None
    for raw in table.rows():
        rows_read += 1
        parsed = parser.parse(raw)
        unique = _check_unique(raw.row, parsed, id_rows, email_rows, errors)
        if parsed.record is not None and unique:
            records.append(parsed.record)
        if progress is not None and rows_read % every == 0:
            progress(rows_read, expected if expected is not None and expected > rows_read else None)
    return records, set(id_rows), rows_read


def _check_unique(
    row: int,
    parsed: ParsedRow,
    id_rows: dict[str, int],
    email_rows: dict[str, int],
    errors: IssueLog,
) -> bool:
    unique = True
    if parsed.employee_id is not None:
        first = id_rows.setdefault(parsed.employee_id, row)
        if first != row:
            errors.add(
                row, RosterField.EMPLOYEE_ID, f"Is already used on row {first}.", parsed.employee_id
            )
            unique = False
    if parsed.email_key is not None:
        first = email_rows.setdefault(parsed.email_key, row)
        if first != row:
            errors.add(
                row,
                RosterField.EMAIL,
                f"Is the same address as on row {first} (ignoring case and Unicode variants).",
                parsed.email,
            )
            unique = False
    return unique


def _check_options(
    *,
    default_timezone: str,
    today: date,
    existing_employee_ids: Collection[str],
    max_issues: int,
    progress_every: int,
) -> str:
    """Raise ``ValueError`` naming the bad option; return the canonical default time zone."""
    zone = canonical_timezone(default_timezone) if isinstance(default_timezone, str) else None
    if zone is None:
        raise ValueError(
            f"default_timezone must be an IANA time zone name, not {default_timezone!r}"
        )
    if isinstance(today, datetime) or not isinstance(today, date):
        raise ValueError(f"today must be a date (not a datetime), not {today!r}")
    if isinstance(existing_employee_ids, str):
        raise ValueError("existing_employee_ids must be a collection of ids, not a string")
    if not isinstance(max_issues, int) or max_issues < 1:
        raise ValueError(f"max_issues must be a positive integer, not {max_issues!r}")
    if not isinstance(progress_every, int) or progress_every < 1:
        raise ValueError(f"progress_every must be a positive integer, not {progress_every!r}")
    return zone


def _column_indexes(headers: Sequence[str], mapping: ColumnMapping) -> Mapping[RosterField, int]:
    index_of = {normalise_header(h): i for i, h in enumerate(headers)}
    return {RosterField(f): index_of[normalise_header(h)] for f, h in mapping.columns.items()}


def _result(
    records: Sequence[RosterRecord], errors: IssueLog, warnings: IssueLog, *, rows_read: int
) -> RosterValidation:
    return RosterValidation(
        records=tuple(records),
        errors=errors.issues(),
        warnings=warnings.issues(),
        errors_omitted=errors.omitted,
        warnings_omitted=warnings.omitted,
        rows_read=rows_read,
    )
