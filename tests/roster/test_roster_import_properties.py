"""Properties of the import over generated rosters: a valid roster round-trips
into the database, and a file with any defect leaves the database exactly as
it was."""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Callable
from datetime import date

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossgen.people.models import Employee
from crossgen.roster.services import roster_import
from crossgen.tenancy.scoping import TenantOwned
from tests.factories import LADDER, OrganizationFactory
from tests.roster.builders import HEADER, roster_csv

TODAY = date(2026, 11, 25)
ZONES = ("Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "UTC")
_word = st.text(
    alphabet=st.characters(categories=("L",), exclude_characters="\u0130\u0131"),
    min_size=1,
    max_size=12,
)
# Names as people have them: accents, several words, apostrophes and hyphens
# ("Zoë O'Brien-Díaz", "Jean-Luc", "de la Cruz").
name_text = st.lists(_word, min_size=1, max_size=3).flatmap(
    lambda words: st.lists(
        st.sampled_from([" ", "-", "'", "\u2019"]),
        min_size=len(words) - 1,
        max_size=len(words) - 1,
    ).map(lambda separators: "".join(w + s for w, s in zip(words, [*separators, ""], strict=True)))
)
# Free text such as "Head of Data & AI (EMEA)" or "São Paulo / Zürich": any
# letters, digits, punctuation, symbols and spaces; trimmed, as the import does.
free_text = st.one_of(
    st.just(""),
    st.text(
        alphabet=st.characters(categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=40
    ).map(str.strip),
)
# Local parts the validator accepts, ASCII and not; each address also holds
# the person's index, so that addresses are distinct ignoring case and form.
local_prefix = st.sampled_from(["", "José.", "zoë-", "山田.", "o'brien.", "Ann+", "ÅSA_"])
domains = st.sampled_from(["example.com", "Example.ORG", "exämple.de", "mail.example.co.uk"])
hire_dates = st.one_of(st.just(""), st.dates(date(1950, 1, 1), TODAY).map(date.isoformat))


@st.composite
def rosters(draw: st.DrawFn) -> list[tuple[str, ...]]:
    size = draw(st.integers(min_value=1, max_value=12))
    rows = []
    for index in range(size):
        manager = "" if index == 0 else f"P{draw(st.integers(min_value=0, max_value=index - 1))}"
        suffix = draw(st.text(string.ascii_letters, min_size=1, max_size=6))
        email = f"{draw(local_prefix)}person{index}.{suffix}@{draw(domains)}"
        rows.append(
            (
                f"P{index}",
                draw(name_text),
                draw(name_text),
                email,
                draw(free_text),
                draw(free_text),
                draw(free_text),
                draw(st.sampled_from(ZONES)),
                manager,
                draw(hire_dates),
                draw(st.sampled_from(LADDER)),
            )
        )
    return rows


def _state() -> dict[str, list[tuple[object, ...]]]:
    return {
        model.__name__: list(model.unscoped.order_by("pk").values_list())
        for model in apps.get_models()
        if issubclass(model, TenantOwned)
    }


def _set(row: tuple[str, ...], **cells: str) -> tuple[str, ...]:
    values = dict(zip(HEADER, row, strict=True)) | cells
    return tuple(values[name] for name in HEADER)


def _newcomer(row: tuple[str, ...], **cells: str) -> tuple[str, ...]:
    """Another person like ``row``, with a fresh id and address unless given."""
    return _set(row, **({"employee_id": "NEW1", "email": "newcomer@example.com"} | cells))


def _manager_cycle(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    if len(rows) == 1:  # a second person, and the two manage each other
        return [_set(rows[0], manager_id="NEW1"), _newcomer(rows[0], manager_id=rows[0][0])]
    # Everyone's chain leads up to the first person; they now report to the last.
    return [_set(rows[0], manager_id=rows[-1][0]), *rows[1:]]


def _other_unicode_form(address: str) -> str:
    """The same address to the importer: decomposed accents, or a full-width letter."""
    decomposed = unicodedata.normalize("NFD", address)
    if decomposed != address:
        return decomposed
    at = next(i for i, char in enumerate(address) if char in string.ascii_lowercase)
    return address[:at] + chr(ord(address[at]) + 0xFEE0) + address[at + 1 :]


Rows = list[tuple[str, ...]]
# Each defect, and the field an error must name (None: a problem with the file).
DEFECTS: dict[str, tuple[Callable[[Rows], Rows], str | None]] = {
    "duplicate id": (lambda rows: [*rows, _newcomer(rows[-1], employee_id=rows[0][0])], "employee_id"),
    "unknown manager": (lambda rows: [_set(rows[-1], manager_id="NOBODY"), *rows[:-1]], "manager_id"),
    "bad email": (lambda rows: [_set(rows[0], email="no-at-sign"), *rows[1:]], "email"),
    "unknown stage": (lambda rows: [_set(rows[0], career_stage="Wizard"), *rows[1:]], "career_stage"),
    "unknown zone": (lambda rows: [_set(rows[0], timezone="Mars/Base"), *rows[1:]], "timezone"),
    "control character": (lambda rows: [_set(rows[0], first_name="Ann\x07"), *rows[1:]], "first_name"),
    "NUL character": (lambda rows: [_set(rows[0], location="Lon\x00don"), *rows[1:]], None),
    "ragged row": (lambda rows: [(*rows[0], "extra"), *rows[1:]], None),
    "manager cycle": (_manager_cycle, "manager_id"),
    "self-management": (lambda rows: [*rows[:-1], _set(rows[-1], manager_id=rows[-1][0])], "manager_id"),
    "duplicate email in another case": (
        lambda rows: [*rows, _newcomer(rows[-1], email=rows[0][3].swapcase())], "email"),
    "duplicate email in another Unicode form": (
        lambda rows: [*rows, _newcomer(rows[-1], email=_other_unicode_form(rows[0][3]))], "email"),
    "over-long name": (lambda rows: [_set(rows[0], last_name="x" * 151), *rows[1:]], "last_name"),
    "over-long job title": (lambda rows: [*rows[:-1], _set(rows[-1], job_title="y" * 121)], "job_title"),
}  # fmt: skip


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=rosters())
def test_any_valid_roster_round_trips_into_the_database(rows: list[tuple[str, ...]]) -> None:
    organization = OrganizationFactory()
    plan = roster_import(
        organization=organization,
        actor=None,
        source=roster_csv(rows),
        filename="r.csv",
        today=TODAY,
    )
    assert plan.ok, plan.errors
    stored = {
        e.external_id: e
        for e in Employee.objects.for_org(organization).select_related("manager", "career_stage")
    }
    assert set(stored) == {row[0] for row in rows}
    for row in rows:
        person = stored[row[0]]
        cells = dict(zip(HEADER, row, strict=True))
        assert {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "job_title": person.job_title,
            "department": person.department,
            "location": person.location,
            "timezone": person.timezone,
            "manager_id": person.manager.external_id if person.manager else "",
            "hire_date": person.hire_date.isoformat() if person.hire_date else "",
            "career_stage": person.career_stage.name,
        } == {name: value for name, value in cells.items() if name != "employee_id"}
        assert person.is_active
    again = roster_import(
        organization=organization,
        actor=None,
        source=roster_csv(rows),
        filename="r.csv",
        today=TODAY,
    )
    assert again.counts()["unchanged"] == len(rows)


@pytest.mark.django_db
@pytest.mark.parametrize("defect", sorted(DEFECTS))
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=rosters(), next_rows=rosters())
def test_any_failing_file_leaves_the_database_exactly_as_it_was(
    rows: list[tuple[str, ...]], next_rows: list[tuple[str, ...]], defect: str
) -> None:
    organization = OrganizationFactory()
    roster_import(
        organization=organization,
        actor=None,
        source=roster_csv(rows),
        filename="r.csv",
        today=TODAY,
    )
    before = _state()
    spoil, field = DEFECTS[defect]
    broken = spoil(next_rows)
    plan = roster_import(
        organization=organization,
        actor=None,
        source=roster_csv(broken),
        filename="r.csv",
        today=TODAY,
    )
    assert not plan.ok, defect
    assert all(issue.message for issue in plan.errors)
    assert field is None or field in {issue.field for issue in plan.errors}, plan.errors
    assert _state() == before
