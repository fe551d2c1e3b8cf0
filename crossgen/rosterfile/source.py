"""Turn the caller's bytes, path or stream into a seekable binary file, within the byte cap.

The size is checked before the content is read: a path by ``stat``, a seekable
stream by seeking to its end, bytes by their length. A stream that cannot seek
is copied in chunks to a spooled temporary file, stopping one byte past the cap.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from crossgen.rosterfile.issues import RosterFileError

_CHUNK = 1 << 20
_SPOOL_IN_MEMORY = 8 << 20
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ""})
_XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


@dataclass(frozen=True, slots=True)
class Source:
    """A seekable binary file holding the roster, and whether this package must close it."""

    file: BinaryIO
    size: int
    owned: bool

    def rewind(self) -> BinaryIO:
        self.file.seek(0)
        return self.file

    def close(self) -> None:
        if self.owned:
            self.file.close()


def open_source(source: bytes | BinaryIO | Path, *, max_bytes: int) -> Source:
    """Check the size of ``source`` against ``max_bytes``, then give it a seekable file.

    A stream the caller passed in is read but never closed.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        _check_size(len(data), max_bytes)
        return Source(io.BytesIO(data), len(data), owned=True)
    if isinstance(source, Path):
        try:
            _check_size(source.stat().st_size, max_bytes)
            file = source.open("rb")
        except OSError as exc:
            raise RosterFileError.single(f"The file cannot be opened: {exc.strerror}.") from exc
        return Source(file, source.stat().st_size, owned=True)
    return _open_stream(source, max_bytes=max_bytes)


def _open_stream(stream: BinaryIO, *, max_bytes: int) -> Source:
    if stream.seekable() and stream.tell() == 0:
        size = stream.seek(0, os.SEEK_END)
        stream.seek(0)
        _check_size(size, max_bytes)
        return Source(stream, size, owned=False)
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)  # noqa: SIM115
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            spool.close()
            _check_size(size, max_bytes)
        spool.write(chunk)
    _check_size(size, max_bytes)
    spool.seek(0)
    return Source(spool, size, owned=True)  # type: ignore[arg-type]


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise RosterFileError.single(
            f"The file is larger than the limit of {_megabytes(max_bytes)}; "
            "split it, or remove columns that are not needed."
        )
    if size == 0:
        raise RosterFileError.single("The file is empty.")


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:g} MB" if n >= 1_000_000 else f"{n:,} bytes"


def sniff_format(head: bytes, *, filename: str) -> FileFormat:
    """Decide CSV or XLSX from the first bytes, using the file name only to explain refusals."""
    suffix = Path(filename).suffix.lower()
    if head.startswith(_ZIP_MAGIC):
        return FileFormat.XLSX
    if head.startswith(_OLE_MAGIC):
        raise RosterFileError.single(
            "This is an old-style Excel (.xls) file or a password-protected workbook; "
            "save it as .xlsx without a password, or as CSV UTF-8."
        )
    if suffix in _XLSX_SUFFIXES:
        raise RosterFileError.single(
            f"The file is named {filename!r} but is not an Excel workbook; "
            "it may be damaged, or be a CSV file with the wrong name."
        )
    if suffix not in _TEXT_SUFFIXES:
        raise RosterFileError.single(
            f"Files of type {suffix!r} are not supported; upload a CSV (.csv, .tsv, .txt) "
            "or an Excel workbook (.xlsx)."
        )
    return FileFormat.CSV
