"""``read_table``: a roster file's header row, then its rows streamed on demand."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Self

from crossgen.rosterfile.csvfile import count_lines, csv_records, sniff_delimiter
from crossgen.rosterfile.encoding import detect_encoding
from crossgen.rosterfile.issues import RosterFileError, RowIssue
from crossgen.rosterfile.mapping import normalise_header
from crossgen.rosterfile.source import FileFormat, Source, open_source, sniff_format
from crossgen.rosterfile.xlsxfile import RawCell, XlsxSheet, check_archive

DEFAULT_MAX_BYTES = 50_000_000
DEFAULT_MAX_ROWS = 200_000

Records = Callable[[], Iterator[tuple[int, Sequence[RawCell]]]]
RowEstimate = Callable[[], int | None]


@dataclass(frozen=True, slots=True)
class RawRow:
    """One non-blank data row: its spreadsheet row number and its cells as read."""

    row: int
    cells: tuple[RawCell, ...]


class RosterTable:
    """An open roster file: its headers, and its data rows streamed by ``rows()``.

    Use it as a context manager, or call ``close()``. ``rows()`` reads the file
    again each time it is called; do not interleave two iterations.
    """

    def __init__(
        self,
        *,
        filename: str,
        file_format: FileFormat,
        headers: tuple[str, ...],
        header_row: int,
        max_rows: int,
        records: Records,
        closers: Sequence[Callable[[], None]],
        encoding: str | None = None,
        delimiter: str | None = None,
        warnings: Sequence[RowIssue] = (),
        estimate: RowEstimate | None = None,
    ) -> None:
        self.filename = filename
        self.format = file_format
        self.headers = headers
        """Header cells, trimmed, without trailing empty cells."""
        self.header_row = header_row
        self.max_rows = max_rows
        self.encoding = encoding
        """How CSV bytes were decoded (``"UTF-8"``, ``"Windows-1252"``...); ``None`` for XLSX."""
        self.delimiter = delimiter
        self.warnings = tuple(warnings)
        """Things to show a person before importing: a legacy encoding, extra sheets."""
        self._records = records
        self._closers = tuple(closers)
        self._estimate = estimate

    def estimated_rows(self) -> int | None:
        """About how many data rows the file holds, for a progress bar; ``None``
        if that is not known without reading it.

        For CSV it counts line breaks (one more pass over the bytes), so blank
        lines and cells spanning lines make it a little high; for XLSX it is
        the size the workbook declares, which ``rows()`` does not rely on.
        """
        if self._estimate is None:
            return None
        lines = self._estimate()
        return None if lines is None else max(lines - self.header_row, 0)

    def rows(self) -> Iterator[RawRow]:
        """Yield the non-blank rows below the header, in file order.

        Raises ``RosterFileError`` on the first row past ``max_rows``, or if the
        file turns out to be malformed further down.
        """
        width = len(self.headers)
        pad = self.format is FileFormat.XLSX  # a spreadsheet omits trailing empty cells
        count = 0
        for row, cells in self._records():
            if row <= self.header_row or _is_blank(cells):
                continue
            count += 1
            if count > self.max_rows:
                raise RosterFileError.single(
                    f"The file has more than {self.max_rows:,} data rows, the limit; "
                    "split it into smaller files.",
                    row=row,
                )
            values = tuple(cells)
            if pad and len(values) < width:
                values += ("",) * (width - len(values))
            yield RawRow(row, values)

    def close(self) -> None:
        for close in self._closers:
            close()
        self._closers = ()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def read_table(
    source: bytes | BinaryIO | Path,
    *,
    filename: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> RosterTable:
    """Open a CSV or XLSX roster and read its header row.

    ``filename`` is the name the person uploaded (used for the file type and in
    messages). Files over ``max_bytes`` are refused before they are read.

    Raises ``RosterFileError`` listing every problem with the file as a whole:
    size, type, encoding, a missing, empty or duplicated header.

    Examples
    --------
    >>> with read_table(b"Employee ID;E-mail\\n7;ann@example.com\\n", filename="r.csv") as table:
    ...     table.headers, table.delimiter, [r.cells for r in table.rows()]
    (('Employee ID', 'E-mail'), ';', [('7', 'ann@example.com')])
    """
    _check_limits(max_bytes=max_bytes, max_rows=max_rows)
    opened = open_source(source, max_bytes=max_bytes)
    closers: list[Callable[[], None]] = [opened.close]
    try:
        return _open_table(
            opened, closers, filename=filename, max_bytes=max_bytes, max_rows=max_rows
        )
    except BaseException:
        for close in reversed(closers):
            close()
        raise


def _check_limits(*, max_bytes: int, max_rows: int) -> None:
    for name, value in (("max_bytes", max_bytes), ("max_rows", max_rows)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a positive integer, not {value!r}")


def _open_table(
    opened: Source,
    closers: list[Callable[[], None]],
    *,
    filename: str,
    max_bytes: int,
    max_rows: int,
) -> RosterTable:
    file_format = sniff_format(opened.rewind().read(8), filename=filename)
    warnings: list[RowIssue] = []
    encoding = delimiter = None
    records: Records
    if file_format is FileFormat.XLSX:
        check_archive(opened.file, max_bytes=max_bytes)
        sheet = XlsxSheet(opened.file)
        closers.insert(0, sheet.close)
        records = sheet.records
        declared_rows = sheet.declared_rows
        estimate: RowEstimate = lambda: declared_rows  # noqa: E731
        if len(sheet.sheet_names) > 1:
            warnings.append(_extra_sheets_warning(sheet.sheet_names, sheet.sheet.title))
    else:
        found = detect_encoding(opened.file)
        encoding = found.label
        delimiter = sniff_delimiter(opened.file, found.codec)
        records = partial(csv_records, opened.file, found.codec, delimiter)
        estimate = partial(count_lines, opened.file, found.codec)
        if found.codec == "cp1252":
            warnings.append(_legacy_encoding_warning(found.samples))
    header_row, headers = _read_header(records())
    return RosterTable(
        filename=filename,
        file_format=file_format,
        headers=headers,
        header_row=header_row,
        max_rows=max_rows,
        records=records,
        closers=closers,
        encoding=encoding,
        delimiter=delimiter,
        warnings=warnings,
        estimate=estimate,
    )


def _read_header(records: Iterator[tuple[int, Sequence[RawCell]]]) -> tuple[int, tuple[str, ...]]:
    try:
        for row, cells in records:
            if not _is_blank(cells):
                return row, _check_headers(row, cells)
    finally:
        close = getattr(records, "close", None)
        if close is not None:
            close()
    raise RosterFileError.single(
        "The file has no header row: it is empty or holds only blank rows."
    )


def _check_headers(row: int, cells: Sequence[RawCell]) -> tuple[str, ...]:
    headers = [_text(cell).strip() for cell in cells]
    while headers and not headers[-1]:
        headers.pop()
    issues: list[RowIssue] = []
    first_seen: dict[str, int] = {}
    for index, header in enumerate(headers):
        letter = column_letter(index)
        if not normalise_header(header):
            issues.append(
                RowIssue(
                    row,
                    f"column {letter}",
                    "The header cell is empty; name the column or delete it.",
                )
            )
            continue
        first = first_seen.setdefault(normalise_header(header), index)
        if first != index:
            issues.append(
                RowIssue(
                    row,
                    header,
                    f"The header appears twice (columns {column_letter(first)} and {letter}); "
                    "rename or delete one of the columns.",
                )
            )
    if issues:
        raise RosterFileError(issues)
    return tuple(headers)


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _text(cell: RawCell) -> str:
    return cell if isinstance(cell, str) else cell.isoformat()


def _is_blank(cells: Iterable[RawCell]) -> bool:
    for cell in cells:  # noqa: SIM110 - a plain loop: this runs for every row
        if not isinstance(cell, str) or cell.strip():
            return False
    return True


def _extra_sheets_warning(names: Sequence[str], read: str) -> RowIssue:
    return RowIssue(
        None,
        None,
        f"The workbook has {len(names)} sheets; only the first worksheet, {read!r}, was read.",
    )


def _legacy_encoding_warning(samples: tuple[str, ...]) -> RowIssue:
    shown = f" They read: {', '.join(samples)}." if samples else ""
    return RowIssue(
        None,
        None,
        "The file is not UTF-8; it was read as Windows-1252 (Western European). "
        f"Check that accented names look right before importing.{shown} If any look "
        "garbled, save the file as UTF-8 and upload it again.",
    )
