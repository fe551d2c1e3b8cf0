"""CSV records with their spreadsheet row numbers, streamed from a binary file."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from crossgen.rosterfile.issues import RosterFileError

DELIMITERS = (",", ";", "\t")
_SNIFF_CHARS = 64 * 1024
_SNIFF_RECORDS = 50
_COUNT_CHUNK = 1024 * 1024


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


def count_lines(file: BinaryIO, codec: str) -> int:
    """How many lines the text holds (a last line without a line break counts).

    One pass over the bytes, a chunk at a time: bytes are counted directly in
    encodings where a newline is one ``\\n`` byte, decoded otherwise (UTF-16).
    A file of old Mac line breaks (``\\r`` alone) is counted by those.
    """
    file.seek(0)
    newlines = returns = 0
    last = ""
    if codecs.lookup(codec).name in {"utf-8", "utf-8-sig", "cp1252"}:
        while chunk := file.read(_COUNT_CHUNK):
            newlines += chunk.count(b"\n")
            returns += chunk.count(b"\r")
            last = chunk[-1:].decode("latin-1")
    else:
        decoder = codecs.getincrementaldecoder(codec)(errors="replace")
        while chunk := file.read(_COUNT_CHUNK):
            text = decoder.decode(chunk)
            newlines += text.count("\n")
            returns += text.count("\r")
            last = text[-1:] or last
    breaks = newlines or returns
    return breaks + (1 if last and last not in "\r\n" else 0)
