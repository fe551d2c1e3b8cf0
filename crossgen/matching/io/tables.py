"""Reading a participants table (CSV or XLSX) into raw text cells.

This layer knows about files, encodings and spreadsheet cell types; it knows
nothing about what the columns mean. Every cell comes out as stripped text so
that the parser sees one shape whatever the file format.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from crossgen.matching.io.errors import InputProblem
from crossgen.rosterfile.encoding import detect_encoding
from crossgen.rosterfile.issues import RosterFileError

# A leading quote that a writer added to stop spreadsheet formula injection
# (see ``neutralise``) is taken off again, so our own exports read back as written.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with a single quote.

    A cell that already starts with a quote gets one more, so that ``unneutralise``
    can take exactly one off and every string survives the round trip.
    """
    if cell.startswith((*_FORMULA_STARTS, "'")):
        return "'" + cell
    return cell


def unneutralise(cell: str) -> str:
    if len(cell) >= 2 and cell[0] == "'" and cell[1] in (*_FORMULA_STARTS, "'"):
        return cell[1:]
    return cell


@dataclass(frozen=True, slots=True)
class RawTable:
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (spreadsheet row number, cells)


UNKNOWN_ENCODING = (
    "the file is not UTF-8 and its encoding cannot be recognised with confidence: "
    "save it as UTF-8 (in Excel: Save As, 'CSV UTF-8')"
)


def read_table(path: Path, *, source: str) -> tuple[RawTable | None, list[InputProblem]]:
    """Read a CSV or XLSX file; blank rows are skipped but keep their numbers."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path, source=source)
        data = path.read_bytes()
    except OSError as error:
        return None, [InputProblem(None, "", f"cannot read the file: {error.strerror}", source)]
    except Exception as error:  # openpyxl raises many types for corrupt workbooks
        return None, [InputProblem(None, "", f"not a readable XLSX workbook ({error})", source)]
    text = _decode(data)
    if text is None:
        return None, [InputProblem(None, "", UNKNOWN_ENCODING, source)]
    try:
        return _read_csv(text), []
    except csv.Error as error:
        return None, [InputProblem(None, "", f"not a readable CSV file ({error})", source)]


def _decode(data: bytes) -> str | None:
    # The roster importer's rules, so both readers agree on every file: BOMs,
    # UTF-16, UTF-8, then Windows-1252 only where it reads as plausible text;
    # anything else is refused rather than guessed into mojibake.
    try:
        found = detect_encoding(io.BytesIO(data))
    except RosterFileError:
        return None
    return data.decode(found.codec)


def _sniff_delimiter(text: str) -> str:
    # European Excel saves CSV with ';'. The header has no quoted cells in
    # practice, so the delimiter that splits it into the most fields wins.
    first_line = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first_line.count)


def _read_csv(text: str) -> RawTable:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    records = iter(reader)
    header = tuple(cell.strip() for cell in next(records, []))
    rows = tuple(
        (number, cells)
        for number, cells in _numbered(records, first=2)
        if any(cells)  # a blank spreadsheet row is not a person
    )
    return RawTable(header=header, rows=rows)


def _numbered(records: Iterator[list[str]], *, first: int) -> Iterator[tuple[int, tuple[str, ...]]]:
    for number, record in enumerate(records, start=first):
        yield number, tuple(unneutralise(cell.strip()) for cell in record)


UNCALCULATED_FORMULA = (
    "a formula whose result was never saved (the file was written by a program, "
    "not by a spreadsheet): open and save it in a spreadsheet program, or paste values"
)


def _read_xlsx(path: Path, *, source: str) -> tuple[RawTable, list[InputProblem]]:
    import openpyxl  # imported here: CSV users should not pay for loading it

    # read_only streams rows (a 10k-row roster stays small in memory). Cells
    # come with their type, so formulas are found; a value is what a person
    # sees, so a formula's saved result is read in a second pass, only when
    # the sheet has formulas at all.
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    formulas: set[tuple[int, int]] = set()
    try:
        sheet = workbook.worksheets[0]
        table: list[list[object]] = []
        for r, cells in enumerate(sheet.iter_rows()):
            row: list[object] = []
            for c, cell in enumerate(cells):
                if cell.data_type == "f":
                    formulas.add((r, c))
                row.append(cell.value)
            table.append(row)
    finally:
        workbook.close()
    problems: list[InputProblem] = []
    if formulas:
        problems = _saved_results(path, table, formulas, source)
    header = tuple(_cell_text(v) for v in (table[0] if table else ()))
    rows = []
    for r, values in enumerate(table[1:], start=1):
        texts = tuple(unneutralise(_cell_text(v)) for v in values)
        if any(texts):
            rows.append((r + 1, texts))
    while header and not header[-1]:  # trailing formatted-but-empty columns
        header = header[:-1]
    return RawTable(header=header, rows=tuple(rows)), problems


def _saved_results(
    path: Path, table: list[list[object]], formulas: set[tuple[int, int]], source: str
) -> list[InputProblem]:
    """Put each formula's saved result in ``table``; a formula without one is a problem."""
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for r, record in enumerate(workbook.worksheets[0].iter_rows(values_only=True)):
            for c, value in enumerate(record):
                if (r, c) in formulas:
                    table[r][c] = value
    finally:
        workbook.close()
    header = table[0]
    return [
        InputProblem(r + 1, _field(header, c) if r else "", UNCALCULATED_FORMULA, source)
        for (r, c) in sorted(formulas)
        if table[r][c] is None
    ]


def _field(header: list[object], column: int) -> str:
    return _cell_text(header[column]) if column < len(header) else ""


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores every number as a float: 1001.0 is id "1001"
    if isinstance(value, dt.time):
        return repr(value.hour + value.minute / 60 + value.second / 3600)  # 09:30 -> 9.5 hours
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()
