"""CSV records with their spreadsheet row numbers, streamed from a binary file."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from crossgen.rosterfile.issues import RosterFileError

DELIMITERS = (",", ";", "\t")
_SNIFF_CHARS = 64 * 1024
_SNIFF_RECORDS = 50


def sniff_delimiter(file: BinaryIO, codec: str) -> str:
    """Pick ``,``, ``;`` or tab: the one that splits the first records into the same
    number of cells (more than one), preferring more cells, then the order above."""
    file.seek(0)
    text = io.TextIOWrapper(file, encoding=codec, newline="")
    try:
        sample = text.read(_SNIFF_CHARS)
    finally:
        text.detach()
    if len(sample) == _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]  # drop a partial last line
    best: tuple[float, int, int] = (0.0, 1, 0)
    choice = ","
    for order, delimiter in enumerate(DELIMITERS):
        records = [r for r in _parse_leniently(sample, delimiter) if any(c.strip() for c in r)]
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        consistency = sum(1 for r in records if len(r) == width) / len(records)
        score = (consistency, width, -order)
        if score > best:
            best, choice = score, delimiter
    return choice


def _parse_leniently(sample: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) >= _SNIFF_RECORDS:
                break
    except csv.Error:
        pass  # a sample cut inside a quoted cell; judge on what was read
    return records


def csv_records(file: BinaryIO, codec: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(row number, cells)`` for every record, blank ones included.

    The row number counts records, not lines, so a quoted cell spanning two
    lines still takes one row, as in a spreadsheet.
    """
    file.seek(0)
    text = io.TextIOWrapper(file, encoding=codec, newline="")
    reader = csv.reader(text, delimiter=delimiter, strict=True)
    row = 0
    try:
        for row, record in enumerate(reader, start=1):
            yield row, record
    except csv.Error as exc:
        raise RosterFileError.single(
            f"The CSV is malformed here ({exc}); check for an unclosed or stray double quote.",
            row=row + 1,
        ) from exc
    finally:
        text.detach()
