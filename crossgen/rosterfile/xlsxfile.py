"""XLSX rows with their row numbers, streamed with openpyxl's read-only mode.

Formula cells are read as their formula text (``"=A1+B1"``), never as the
value Excel cached when it last calculated: the workbook is opened with
``data_only=False``. A roster holds names and ids, not calculations, and a
formula's text is what a person typed into the cell. The text is stored like
any other text, and must go through ``neutralise_for_export`` on the way out.

Before openpyxl sees the file, the ZIP directory is checked: the declared
uncompressed sizes must stay within a multiple of the byte cap, so a small
"ZIP bomb" cannot expand into gigabytes (Python's ``zipfile`` never inflates an
entry past its declared size).
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterator
from datetime import date, time
from typing import Any, BinaryIO

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from crossgen.rosterfile.issues import RosterFileError

RawCell = str | date
"""A cell as read: text, or a date (``datetime`` included) from a date-formatted XLSX cell."""

EXPANSION_LIMIT = 10
"""The uncompressed parts of a workbook may total at most this many times the byte cap."""


def check_archive(file: BinaryIO, *, max_bytes: int) -> None:
    """Refuse ZIP files that are not workbooks, or that would inflate past the limit."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise RosterFileError.single(
            f"The workbook is damaged and cannot be opened ({exc})."
        ) from exc
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        kind = "an OpenDocument spreadsheet" if "content.xml" in names else "not an Excel workbook"
        raise RosterFileError.single(
            f"This ZIP file is {kind}; save the roster as .xlsx or as CSV UTF-8."
        )
    inflated = sum(entry.file_size for entry in entries)
    if inflated > EXPANSION_LIMIT * max_bytes:
        raise RosterFileError.single(
            "The workbook expands to more data than the size limit allows; "
            "remove unused sheets or save the roster as CSV."
        )


class XlsxSheet:
    """The first worksheet of a workbook opened read-only; the roster is read from it."""

    __slots__ = ("book", "declared_rows", "sheet", "sheet_names")

    def __init__(self, file: BinaryIO) -> None:
        file.seek(0)
        try:
            with warnings.catch_warnings():
                # openpyxl warns about features it drops (data validation, styles):
                # none of them matter for reading values.
                warnings.simplefilter("ignore", UserWarning)
                book: Workbook = openpyxl.load_workbook(
                    file, read_only=True, data_only=False, keep_links=False
                )
        except Exception as exc:  # openpyxl raises many types for damaged files
            raise RosterFileError.single(
                f"The workbook is damaged and cannot be opened ({exc})."
            ) from exc
        self.book = book
        self.sheet_names: tuple[str, ...] = tuple(book.sheetnames)
        if not book.worksheets:  # only chart sheets
            book.close()
            raise RosterFileError.single("The workbook has no worksheet.")
        sheet = book.worksheets[0]  # chart sheets are not listed
        if not isinstance(sheet, ReadOnlyWorksheet):  # pragma: no cover - openpyxl guarantees it
            book.close()
            raise RosterFileError.single("The first worksheet cannot be read as a table.")
        # The stored dimension is only a hint (for a progress bar); every row is read.
        self.declared_rows: int | None = sheet.max_row
        sheet.reset_dimensions()
        self.sheet = sheet

    def records(self) -> Iterator[tuple[int, list[RawCell]]]:
        """Yield ``(row number, cells)`` for every row, with trailing empty cells dropped."""
        try:
            for row, values in enumerate(self.sheet.iter_rows(values_only=True), start=1):
                cells = [_cell(v) for v in values]
                while cells and cells[-1] == "":
                    cells.pop()
                yield row, cells
        except Exception as exc:  # a damaged sheet is only discovered while streaming
            raise RosterFileError.single(f"The workbook is damaged ({exc}).") from exc

    def close(self) -> None:
        self.book.close()


def _cell(value: Any) -> RawCell:
    if value is None:
        return ""
    if isinstance(value, str | date):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, time):
        return value.isoformat()
    return str(value)
