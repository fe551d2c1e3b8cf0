"""Rules for one cell: text, email, time zone, career stage. Each raises ``CellError``."""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import cache
from types import MappingProxyType

from email_validator import EmailNotValidError, validate_email

from crossgen.rosterfile.mapping import RosterField
from crossgen.rosterfile.xlsxfile import RawCell

MAX_LENGTHS: Mapping[RosterField, int] = MappingProxyType(
    {
        RosterField.EMPLOYEE_ID: 64,
        RosterField.MANAGER_ID: 64,
        RosterField.FIRST_NAME: 150,
        RosterField.LAST_NAME: 150,
        RosterField.EMAIL: 254,
        RosterField.JOB_TITLE: 120,
        RosterField.DEPARTMENT: 120,
        RosterField.LOCATION: 120,
        RosterField.CAREER_STAGE: 150,
        RosterField.TIMEZONE: 64,
    }
)

# C0 and C1 controls (tab, line breaks and NUL included), the Unicode line and
# paragraph separators, and the bidirectional overrides and isolates, which
# can make a name display as something else ("Trojan Source").
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_FORBIDDEN_NAMES = {
    "\x00": "a NUL character",
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a line break",
    "\u2028": "a line break",
    "\u2029": "a line break",
}

# A subset of the addresses email-validator accepts, checked without it: it
# takes about 90 µs an address, too slow for 200,000 rows. Anything else is
# left to email-validator, which also explains what is wrong.
_SIMPLE_EMAIL = re.compile(
    r"(?=[^@]{1,64}@)"  # at most 64 characters before the @
    r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@"
    r"(?:(?![A-Za-z0-9]{2}--)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}"  # no "xn--"
    r"(?!(?i:arpa|invalid|local|localhost|onion|test)\Z)[A-Za-z]{2,63}"  # no special-use TLD
)
_SPACES = re.compile(r"\s+")


class CellError(Exception):
    """What is wrong with a cell, in words for the person who typed it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def clean_text(cell: RawCell, limit: int | None) -> str:
    """The cell as trimmed text; refuses control characters and over-long values.

    Trimming happens first, so a trailing tab or line break is dropped; one
    inside the text is refused.
    """
    text = cell.strip() if isinstance(cell, str) else _date_text(cell)
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        char = bad.group()
        name = _FORBIDDEN_NAMES.get(char) or f"the invisible control character U+{ord(char):04X}"
        raise CellError(f"Contains {name}; remove it.")
    if limit is not None and len(text) > limit:
        raise CellError(f"Is {len(text)} characters long; the limit is {limit}.")
    return text


def has_forbidden(text: str) -> bool:
    """Whether ``text`` holds a character ``clean_text`` refuses (before trimming)."""
    return _FORBIDDEN.search(text) is not None


def trim_text(cell: str, limit: int | None) -> str:
    """``clean_text`` for a cell of a row in which ``has_forbidden`` found nothing."""
    text = cell.strip()
    if limit is not None and len(text) > limit:
        raise CellError(f"Is {len(text)} characters long; the limit is {limit}.")
    return text


def _date_text(value: date) -> str:
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()
    return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()


def email_key(address: str) -> str:
    """The form under which two addresses count as the same: NFKC, then case-folded."""
    return unicodedata.normalize("NFKC", address).casefold()


def check_email(address: str) -> None:
    """Refuse an address email-validator would refuse (syntax only, no DNS)."""
    if _is_simple_email(address):
        return
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        raise CellError(f"Is not a valid email address: {exc}") from None


def _is_simple_email(address: str) -> bool:
    return _SIMPLE_EMAIL.fullmatch(address) is not None


@cache
def _zone_names() -> Mapping[str, str]:
    """Case-folded IANA name → its spelling in the time zone database."""
    return MappingProxyType({name.casefold(): name for name in zoneinfo.available_timezones()})


def canonical_timezone(name: str) -> str | None:
    """The IANA spelling of ``name`` (matched ignoring case), or None if it is not a zone."""
    return _zone_names().get(name.casefold())


def check_timezone(name: str) -> str:
    canonical = canonical_timezone(name)
    if canonical is None:
        raise CellError(
            "Is not a time zone name from the IANA database; "
            "use a name such as Europe/Paris, America/New_York or UTC."
        )
    return canonical


def stage_key(name: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip().casefold()


def stage_ladder(names: Sequence[str]) -> Mapping[str, str]:
    """Matching key → canonical name of each career stage; raises ``ValueError`` on a bad ladder.

    An empty ladder is not the caller's mistake but the organisation's set-up;
    ``validate_roster`` reports it as an error.
    """
    if isinstance(names, str):
        raise ValueError("career_stages must be a sequence of stage names, not a string")
    ladder: dict[str, str] = {}
    for name in names:
        if not isinstance(name, str) or not stage_key(name):
            raise ValueError(f"career_stages holds an empty or non-text name: {name!r}")
        key = stage_key(name)
        if key in ladder:
            raise ValueError(f"career_stages names {name!r} twice (ignoring case and spacing)")
        ladder[key] = name
    return MappingProxyType(ladder)


def check_stage(text: str, ladder: Mapping[str, str]) -> str:
    canonical = ladder.get(stage_key(text))
    if canonical is None:
        names = list(ladder.values())
        shown = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
        raise CellError(f"Is not one of the organisation's career stages: {shown}.")
    return canonical
