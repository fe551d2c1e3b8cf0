"""Hypothesis strategies: valid rosters (a random manager tree, Unicode names, unique
emails) with the records validation must give back, and the files that hold them."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from hypothesis import strategies as st

from crossgen.rosterfile import RosterRecord
from crossgen.rosterfile.cells import email_key

from .helpers import DEFAULT_TZ, HEADER, STAGES, csv_bytes, xlsx_bytes

# Characters validation refuses (controls, line/paragraph separators, bidi
# controls), plus unassigned code points and noncharacters XLSX cannot hold.
_REFUSED = "".join(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_CELL_CHARS = st.characters(
    exclude_categories=("Cc", "Cs", "Zl", "Zp", "Cn"), exclude_characters=_REFUSED
)


def _text(max_size: int) -> st.SearchStrategy[str]:
    return st.text(_CELL_CHARS, min_size=1, max_size=max_size).map(str.strip).filter(bool)


_NAMES = _text(30)
_OPTIONAL = st.one_of(st.just(""), _text(20))
_IDS = _text(12)
_LOCAL_PARTS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,14}[A-Za-z0-9]", fullmatch=True).filter(
    lambda s: ".." not in s
) | st.sampled_from(["josé", "zoë.o", "山田", "ÅSA"])
_DOMAINS = st.sampled_from(["example.com", "Example.ORG", "exämple.de", "mail.example.co.uk"])
_ZONES = st.sampled_from([("", DEFAULT_TZ), ("UTC", "UTC"), ("europe/london", "Europe/London"),
                          ("Asia/Kolkata", "Asia/Kolkata"), ("AMERICA/New_York", "America/New_York")])  # fmt: skip
_STAGES = st.sampled_from(STAGES).flatmap(
    lambda s: st.tuples(st.sampled_from([s, s.upper(), s.lower(), f" {s} "]), st.just(s))
)


@dataclass(frozen=True)
class Roster:
    """Rows as written (field → cell) and the records validation must return, in file order."""

    rows: tuple[dict[str, object], ...]
    expected: tuple[RosterRecord, ...]

    def with_row(self, index: int, **cells: object) -> Roster:
        rows = list(self.rows)
        rows[index] = {**rows[index], **cells}
        return replace(self, rows=tuple(rows))

    def grid(self) -> list[list[object]]:
        return [list(HEADER), *([row[h] for h in HEADER] for row in self.rows)]


@st.composite
def rosters(draw: st.DrawFn, min_size: int = 1, max_size: int = 20) -> Roster:
    size = draw(st.integers(min_size, max_size))
    ids = draw(st.lists(_IDS, min_size=size, max_size=size, unique=True))
    emails = draw(
        st.lists(
            st.builds("{}@{}".format, _LOCAL_PARTS, _DOMAINS),
            min_size=size,
            max_size=size,
            unique_by=email_key,
        )
    )
    managers = [None] + [ids[draw(st.integers(0, i - 1))] for i in range(1, size)]
    order = draw(st.permutations(range(size)))
    rows: list[dict[str, object]] = []
    expected: list[RosterRecord] = []
    for position, person in enumerate(order):
        (stage, canonical_stage), (zone_cell, zone) = draw(_STAGES), draw(_ZONES)
        hired = draw(st.none() | st.dates(date(1950, 1, 1), date(2024, 12, 31)))
        first, last = draw(_NAMES), draw(_NAMES)
        title, department, location = draw(_OPTIONAL), draw(_OPTIONAL), draw(_OPTIONAL)
        rows.append(
            {"employee_id": ids[person], "first_name": first, "last_name": last, "email": emails[person],
             "career_stage": stage, "job_title": title, "department": department, "location": location,
             "timezone": zone_cell, "manager_id": managers[person] or "", "hire_date": hired or ""}
        )  # fmt: skip
        expected.append(
            RosterRecord(
                row=position + 2, employee_id=ids[person], first_name=first, last_name=last,
                email=emails[person], email_key=email_key(emails[person]), career_stage=canonical_stage,
                job_title=title, department=department, location=location, timezone=zone,
                manager_id=managers[person], hire_date=hired,
            )
        )  # fmt: skip
    return Roster(tuple(rows), tuple(expected))


def _as_text(grid: list[list[object]]) -> list[list[str]]:
    return [[c.isoformat() if isinstance(c, date) else str(c) for c in row] for row in grid]


def _csv(
    encoding: str, bom: bytes = b"", delimiter: str = ","
) -> Callable[[list[list[object]]], bytes]:
    return lambda grid: bom + csv_bytes(_as_text(grid), encoding=encoding, delimiter=delimiter)


WRITERS: dict[str, tuple[str, Callable[[list[list[object]]], bytes]]] = {
    "utf-8": ("r.csv", _csv("utf-8")),
    "utf-8-bom": ("r.csv", _csv("utf-8", codecs.BOM_UTF8)),
    "utf-8-semicolon": ("r.csv", _csv("utf-8", delimiter=";")),
    "utf-16-le-tab": ("r.txt", _csv("utf-16-le", codecs.BOM_UTF16_LE, "\t")),
    "utf-16-be": ("r.csv", _csv("utf-16-be", codecs.BOM_UTF16_BE)),
    "xlsx": ("r.xlsx", lambda grid: xlsx_bytes(grid)),
}
