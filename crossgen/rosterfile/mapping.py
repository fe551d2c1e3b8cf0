"""Which column of the file holds which roster field: detection from headers, or the caller's choice."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


class RosterField(StrEnum):
    """The canonical fields of a roster row."""

    EMPLOYEE_ID = "employee_id"
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    EMAIL = "email"
    CAREER_STAGE = "career_stage"
    JOB_TITLE = "job_title"
    DEPARTMENT = "department"
    LOCATION = "location"
    TIMEZONE = "timezone"
    MANAGER_ID = "manager_id"
    HIRE_DATE = "hire_date"


REQUIRED_FIELDS: tuple[RosterField, ...] = (
    RosterField.EMPLOYEE_ID,
    RosterField.FIRST_NAME,
    RosterField.LAST_NAME,
    RosterField.EMAIL,
    RosterField.CAREER_STAGE,
)

# Synonyms per field, best first, in the compact form of ``_compact``. An
# earlier synonym wins when two headers could map to the same field.
SYNONYMS: Mapping[RosterField, tuple[str, ...]] = MappingProxyType(
    {
        RosterField.EMPLOYEE_ID: (
            "employeeid", "empid", "employeenumber", "employeeno", "empno", "workerid",
            "personnelnumber", "personnelno", "personnelid", "staffid", "staffnumber",
            "personid", "id",
        ),
        RosterField.FIRST_NAME: ("firstname", "givenname", "forename", "fname", "first"),
        RosterField.LAST_NAME: ("lastname", "surname", "familyname", "lname", "last"),
        RosterField.EMAIL: (
            "email", "emailaddress", "workemail", "workemailaddress", "businessemail",
            "officeemail", "mail",
        ),
        RosterField.CAREER_STAGE: (
            "careerstage", "level", "careerlevel", "joblevel", "grade", "stage", "band",
        ),
        RosterField.JOB_TITLE: ("jobtitle", "title", "position", "positiontitle", "designation"),
        RosterField.DEPARTMENT: ("department", "dept", "departmentname", "deptname"),
        RosterField.LOCATION: ("location", "office", "worklocation", "officelocation", "site"),
        RosterField.TIMEZONE: ("timezone", "tz", "ianatimezone", "tzname"),
        RosterField.MANAGER_ID: (
            "managerid", "reportsto", "supervisorid", "manageremployeeid", "manageremployeenumber",
            "linemanagerid", "managernumber", "reportstoid",
        ),
        RosterField.HIRE_DATE: (
            "hiredate", "startdate", "dateofhire", "joiningdate", "joindate", "datejoined",
            "dateofjoining", "employmentstartdate",
        ),
    }
)  # fmt: skip

_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[\W_]+")


def normalise_header(header: str) -> str:
    """The form in which two headers count as duplicates: NFKC, case-folded, spaces collapsed."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", header))
    return _SPACES.sub(" ", text).strip().casefold()


def _compact(header: str) -> str:
    """The form matched against synonyms: letters and digits only ("E-mail" → "email")."""
    return _NOT_ALNUM.sub("", normalise_header(header))


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Canonical field → header of the column that holds it. Unmapped fields are absent.

    Examples
    --------
    >>> mapping = ColumnMapping({"employee_id": "Emp ID", "email": "E-mail"})
    >>> mapping.header_for(RosterField.EMAIL)
    'E-mail'
    >>> [str(name) for name in mapping.missing_required()]
    ['first_name', 'last_name', 'career_stage']
    """

    columns: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        checked: dict[RosterField, str] = {}
        for name, header in self.columns.items():
            try:
                key = RosterField(name)
            except ValueError:
                known = ", ".join(RosterField)
                raise ValueError(f"unknown roster field {name!r}; known fields: {known}") from None
            if not isinstance(header, str) or not header.strip():
                raise ValueError(f"the header for {key} must be a non-empty string")
            checked[key] = header
        seen: dict[str, RosterField] = {}
        for key, header in checked.items():
            other = seen.setdefault(normalise_header(header), key)
            if other is not key:
                raise ValueError(f"header {header!r} is mapped to both {other} and {key}")
        object.__setattr__(self, "columns", MappingProxyType(checked))

    def header_for(self, name: RosterField | str) -> str | None:
        return self.columns.get(RosterField(name))

    def missing_required(self) -> tuple[RosterField, ...]:
        return tuple(f for f in REQUIRED_FIELDS if f not in self.columns)

    def unmapped(self, headers: Sequence[str]) -> tuple[str, ...]:
        """Headers of ``headers`` that no field uses, in file order."""
        used = {normalise_header(h) for h in self.columns.values()}
        return tuple(h for h in headers if normalise_header(h) not in used)

    def as_dict(self) -> dict[str, str]:
        """Plain ``{"field": "header"}`` for a form or JSON."""
        return {str(k): v for k, v in self.columns.items()}


def detect_mapping(headers: Sequence[str]) -> ColumnMapping:
    """Guess which header holds which field from normalised synonyms.

    Each header is used at most once; when several headers fit a field, the
    better synonym wins, then the leftmost column. Fields with no fitting header
    are left out (see ``ColumnMapping.missing_required``).

    Examples
    --------
    >>> detect_mapping(["Worker ID", "Given name", "Surname", "Work email", "Grade", "Reports to"]).as_dict()
    ... # doctest: +NORMALIZE_WHITESPACE
    {'employee_id': 'Worker ID', 'first_name': 'Given name', 'last_name': 'Surname',
     'email': 'Work email', 'career_stage': 'Grade', 'manager_id': 'Reports to'}
    """
    candidates: list[tuple[int, int, RosterField, str]] = []
    for column, header in enumerate(headers):
        compact = _compact(header)
        for name, synonyms in SYNONYMS.items():
            if compact in synonyms:
                candidates.append((synonyms.index(compact), column, name, header))
    chosen: dict[RosterField, str] = {}
    used_columns: set[int] = set()
    for _rank, column, name, header in sorted(candidates, key=lambda c: (c[0], c[1])):
        if name not in chosen and column not in used_columns:
            chosen[name] = header
            used_columns.add(column)
    return ColumnMapping({name: chosen[name] for name in RosterField if name in chosen})
