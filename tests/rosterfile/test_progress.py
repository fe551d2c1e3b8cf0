"""Progress while checking: a long file reports rows checked every few
thousand rows, against the number of rows expected when that is known."""

from __future__ import annotations

import codecs
from datetime import date

import pytest

from crossgen.rosterfile import detect_mapping, read_table, validate_roster

from .helpers import chain, csv_bytes, table_rows, validate, xlsx_bytes


def test_checking_reports_increasing_row_counts_against_the_expected_total() -> None:
    calls: list[tuple[int, int | None]] = []
    result = validate(
        csv_bytes(table_rows(chain(12_000))),
        progress=lambda done, total: calls.append((done, total)),
    )
    assert result.ok
    assert calls == [(5_000, 12_000), (10_000, 12_000), (12_000, 12_000)]


def test_progress_comes_as_often_as_asked() -> None:
    calls: list[int] = []
    validate(
        csv_bytes(table_rows(chain(10))),
        progress=lambda done, total: calls.append(done),
        progress_every=3,
    )
    assert calls == [3, 6, 9, 10]


def test_a_file_longer_than_expected_reports_no_total_once_past_it() -> None:
    data = csv_bytes(table_rows(chain(7)))
    with read_table(data, filename="r.csv") as table:
        table._estimate = lambda: 4  # an estimate that turns out low
        calls: list[tuple[int, int | None]] = []
        validate_roster(
            table,
            mapping=detect_mapping(table.headers),
            career_stages=["Junior"],
            default_timezone="UTC",
            today=date(2025, 1, 1),
            progress=lambda done, total: calls.append((done, total)),
            progress_every=2,
        )
    assert calls == [(2, 3), (4, None), (6, None), (7, 7)]


@pytest.mark.parametrize(
    ("encoding", "bom", "terminator"),
    [("utf-8", b"", "\r\n"), ("utf-8", codecs.BOM_UTF8, "\n"), ("utf-16-le", codecs.BOM_UTF16_LE, "\r\n"),
     ("cp1252", b"", "\r")],
)  # fmt: skip
def test_a_csv_file_expects_one_row_per_line_below_the_header(
    encoding: str, bom: bytes, terminator: str
) -> None:
    text = "employee_id,first_name\n" + "\n".join(f"E{i},Jos\u00e9" for i in range(25))
    for ending in ("\n", ""):  # with and without a line break after the last row
        data = bom + (text + ending).replace("\n", terminator).encode(encoding)
        with read_table(data, filename="r.csv") as table:
            assert table.estimated_rows() == 25


def test_a_workbook_expects_the_rows_it_declares() -> None:
    with read_table(xlsx_bytes(table_rows(chain(30))), filename="r.xlsx") as table:
        assert table.estimated_rows() == 30
        assert sum(1 for _ in table.rows()) == 30


def test_the_interval_must_be_a_positive_integer() -> None:
    with pytest.raises(ValueError, match="progress_every"):
        validate(csv_bytes(table_rows(chain(2))), progress_every=0)
