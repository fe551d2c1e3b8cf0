"""read_table: file type, size and row caps, delimiters, headers, XLSX specifics."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import BinaryIO, cast

import openpyxl
import pytest

from crossgen.rosterfile import RosterFileError, read_table

from .helpers import HEADER, chain, csv_bytes, person, table_rows, validate, xlsx_bytes


def rows_of(
    data: bytes, filename: str = "roster.csv", **limits: int
) -> list[tuple[int, tuple[object, ...]]]:
    with read_table(data, filename=filename, **limits) as table:
        return [(r.row, r.cells) for r in table.rows()]


def refusal(data: bytes, filename: str = "roster.csv", **limits: int) -> str:
    with pytest.raises(RosterFileError) as caught:
        rows_of(data, filename, **limits)
    return str(caught.value)


# --- size and row caps ---------------------------------------------------------


def test_it_refuses_a_file_over_the_byte_cap_before_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"a" * 2_000)

    class Unreadable(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise AssertionError("the content was read")

    with pytest.raises(RosterFileError, match="larger than the limit"):
        read_table(path, filename="big.csv", max_bytes=1_000)
    with pytest.raises(RosterFileError, match="larger than the limit"):
        read_table(Unreadable(b"a" * 2_000), filename="big.csv", max_bytes=1_000)


def test_it_stops_copying_an_unseekable_stream_once_past_the_byte_cap() -> None:
    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self.served = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            n = len(buffer)
            buffer[:n] = b"x" * n
            self.served += n
            return n

    pipe = Pipe()
    with pytest.raises(RosterFileError, match="larger than the limit"):
        read_table(cast(BinaryIO, pipe), filename="r.csv", max_bytes=3_000_000)
    assert pipe.served < 5_000_000  # an endless stream, abandoned just past the cap


class OneWay(io.RawIOBase):
    """A stream that cannot seek, like a pipe or a socket."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        return self._data.readinto(buffer)


def test_it_reads_a_stream_that_cannot_seek_or_does_not_start_at_zero() -> None:
    data = csv_bytes(table_rows(chain(3)))
    with read_table(cast(BinaryIO, OneWay(data)), filename="r.csv") as table:
        assert [r.row for r in table.rows()] == [2, 3, 4]
    stream = io.BytesIO(b"ignored prefix" + data)
    stream.seek(len(b"ignored prefix"))
    with read_table(stream, filename="r.csv") as table:
        assert [r.cells[0] for r in table.rows()] == ["E1", "E2", "E3"]


def test_it_enforces_the_row_cap_while_streaming() -> None:
    data = csv_bytes(table_rows(chain(6)))
    assert len(rows_of(data, max_rows=6)) == 6
    with read_table(data, filename="r.csv", max_rows=5) as table:
        rows = table.rows()
        for _ in range(5):
            next(rows)
        with pytest.raises(RosterFileError, match="more than 5 data rows") as caught:
            next(rows)
    assert caught.value.issues[0].row == 7


def test_it_refuses_an_empty_file() -> None:
    assert "empty" in refusal(b"")
    with pytest.raises(RosterFileError, match="empty"):
        read_table(cast(BinaryIO, io.BufferedReader(io.BytesIO(b""))), filename="r.csv")


def test_it_refuses_a_path_that_cannot_be_opened(tmp_path: Path) -> None:
    with pytest.raises(RosterFileError, match="cannot be opened"):
        read_table(tmp_path / "missing.csv", filename="missing.csv")


def test_it_refuses_a_file_of_blank_lines_as_having_no_header() -> None:
    assert "no header row" in refusal(b"\r\n  \r\n,,\r\n")


def test_it_rejects_options_that_are_not_positive_integers() -> None:
    with pytest.raises(ValueError, match="max_rows"):
        read_table(b"a,b\n", filename="r.csv", max_rows=0)


def test_it_reads_a_path_and_leaves_a_caller_stream_open(tmp_path: Path) -> None:
    data = csv_bytes(table_rows(chain(2)))
    path = tmp_path / "r.csv"
    path.write_bytes(data)
    assert len(rows_of(path.read_bytes())) == 2
    with read_table(path, filename="r.csv") as table:
        assert len(list(table.rows())) == 2
    stream = io.BytesIO(data)
    with read_table(stream, filename="r.csv") as table:
        assert len(list(table.rows())) == 2
    assert not stream.closed


# --- file types ------------------------------------------------------------------


def test_it_refuses_an_old_xls_or_password_protected_workbook() -> None:
    assert ".xls" in refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "r.xls")


def test_it_refuses_an_unsupported_file_type() -> None:
    assert "'.pdf' are not supported" in refusal(b"%PDF-1.7", "r.pdf")


def test_it_refuses_a_file_named_xlsx_that_is_not_a_workbook() -> None:
    assert "not an Excel workbook" in refusal(b"a,b\n1,2\n", "r.xlsx")


def test_it_refuses_a_zip_that_is_not_a_workbook() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    assert "OpenDocument" in refusal(out.getvalue(), "r.ods")


def test_it_refuses_a_workbook_that_would_inflate_past_the_limit() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", " " * 2_000_000)
    data = out.getvalue()
    assert len(data) < 100_000
    assert "expands to more data" in refusal(data, "r.xlsx", max_bytes=100_000)


def test_it_refuses_a_damaged_workbook() -> None:
    data = xlsx_bytes(table_rows(chain(2)))
    assert "damaged" in refusal(data[: len(data) // 2], "r.xlsx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook><sheets>")  # not well-formed
    assert "damaged" in refusal(out.getvalue(), "r.xlsx")


# --- delimiters ------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_sniffs_the_delimiter(delimiter: str) -> None:
    people = [person("E1", job_title="Director, Sales; EMEA"), person("E2", "E1")]
    data = csv_bytes(table_rows(people), delimiter=delimiter)
    with read_table(data, filename="r.txt") as table:
        assert table.delimiter == delimiter
        assert table.headers == HEADER
        assert [r.cells[5] for r in table.rows()] == ["Director, Sales; EMEA", "Engineer"]


def test_a_single_column_file_reads_as_one_column() -> None:
    with read_table(b"employee_id\nE1\n", filename="r.csv") as table:
        assert table.headers == ("employee_id",)


def test_it_reports_malformed_quoting_with_the_row() -> None:
    data = b'employee_id,first_name\r\nE1,Ann\r\nE2,"Bo"x\r\n'
    with read_table(data, filename="r.csv") as table, pytest.raises(RosterFileError) as caught:
        list(table.rows())
    assert caught.value.issues[0].row == 3
    assert "double quote" in caught.value.issues[0].message


# --- header problems -------------------------------------------------------------


def test_it_refuses_duplicate_headers_after_normalisation() -> None:
    with pytest.raises(RosterFileError) as caught:
        read_table(b"Email,first name,EMAIL ,First  Name\n", filename="r.csv")
    assert [(i.row, i.field) for i in caught.value.issues] == [(1, "EMAIL"), (1, "First  Name")]
    assert "columns A and C" in caught.value.issues[0].message


def test_it_refuses_empty_header_cells_but_ignores_trailing_ones() -> None:
    with pytest.raises(RosterFileError) as caught:
        read_table(b"employee_id,,email,,\n", filename="r.csv")
    assert [(i.row, i.field) for i in caught.value.issues] == [(1, "column B")]
    with read_table(b"employee_id,email,,\n", filename="r.csv") as table:
        assert table.headers == ("employee_id", "email")


def test_the_header_is_the_first_non_blank_row_and_row_numbers_stay_as_in_the_sheet() -> None:
    data = b"\r\n,,\r\nemployee_id,email\r\nE1,a@example.com\r\n\r\nE2,b@example.com\r\n"
    with read_table(data, filename="r.csv") as table:
        assert table.header_row == 3
        assert [r.row for r in table.rows()] == [4, 6]


def test_a_quoted_cell_spanning_lines_counts_as_one_row() -> None:
    data = b'employee_id,first_name\r\nE1,"Ann\r\nMarie"\r\nE2,Bo\r\n'
    assert [row for row, _ in rows_of(data)] == [2, 3]


def test_it_reports_a_file_with_no_data_rows() -> None:
    result = validate(csv_bytes([HEADER]))
    assert [(e.row, e.field, e.message) for e in result.errors] == [
        (None, None, "The file has a header row but no data rows.")
    ]


# --- XLSX ------------------------------------------------------------------------


def test_it_reads_an_xlsx_formula_cell_as_its_formula_text() -> None:
    rows = [["employee_id", "first_name"], ["E1", '=HYPERLINK("http://x","y")'], ["E2", "=1+1"]]
    assert [cells[1] for _, cells in rows_of(xlsx_bytes(rows), "r.xlsx")] == [
        '=HYPERLINK("http://x","y")',
        "=1+1",
    ]


def test_it_converts_xlsx_numbers_and_keeps_dates() -> None:
    rows: list[list[object]] = [
        ["employee_id", "n", "hire_date", "flag", "at"],
        [1001, 2.5, datetime(2020, 3, 4), True, time(9, 30)],
        [1002.0, 7, date(2021, 1, 2), False],
    ]
    assert rows_of(xlsx_bytes(rows), "r.xlsx") == [
        (2, ("1001", "2.5", datetime(2020, 3, 4), "TRUE", "09:30:00")),
        (3, ("1002", "7", datetime(2021, 1, 2), "FALSE", "")),
    ]


def test_xlsx_rows_keep_their_sheet_row_numbers_and_short_rows_are_padded() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A2"], sheet["B2"], sheet["C2"] = "employee_id", "first_name", "last_name"
    sheet["A3"] = "E1"
    sheet["A6"], sheet["B6"] = "E2", "Bo"
    out = io.BytesIO()
    book.save(out)
    with read_table(out.getvalue(), filename="r.xlsx") as table:
        assert table.header_row == 2
        assert [(r.row, r.cells) for r in table.rows()] == [
            (3, ("E1", "", "")),
            (6, ("E2", "Bo", "")),
        ]


def test_it_warns_that_only_the_first_sheet_is_read() -> None:
    data = xlsx_bytes(table_rows(chain(1)), extra_sheets=["Notes"])
    with read_table(data, filename="r.xlsx") as table:
        assert [w.message for w in table.warnings] == [
            "The workbook has 2 sheets; only the first worksheet, 'Roster', was read."
        ]
