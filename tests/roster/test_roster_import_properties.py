"""Properties of the import over generated rosters: a valid roster round-trips
into the database, and a file with any defect leaves the database exactly as
it was."""

from __future__ import annotations

import string
from datetime import date

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossgen.people.models import Employee
from crossgen.roster.services import roster_import
from crossgen.tenancy.scoping import TenantOwned
from tests.factories import LADDER, OrganizationFactory
from tests.roster.builders import roster_csv

TODAY = date(2026, 11, 25)
ZONES = ("Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "UTC")
name_text = st.text(
    alphabet=st.characters(categories=("L",), exclude_characters="\u0130\u0131"),
    min_size=1,
    max_size=12,
)


@st.composite
def rosters(draw: st.DrawFn) -> list[tuple[str, ...]]:
    size = draw(st.integers(min_value=1, max_value=12))
    rows = []
    for index in range(size):
        manager = "" if index == 0 else f"P{draw(st.integers(min_value=0, max_value=index - 1))}"
        rows.append(
            (
                f"P{index}",
                draw(name_text),
                draw(name_text),
                f"person{index}.{draw(st.text(string.ascii_lowercase, min_size=1, max_size=6))}@example.com",
                draw(st.sampled_from(["", "Analyst", "Director of Ops"])),
                draw(st.sampled_from(["", "Sales", "Data & AI"])),
                draw(st.sampled_from(["", "London", "Pune"])),
                draw(st.sampled_from(ZONES)),
                manager,
                draw(st.sampled_from(["", "2019-03-04", "2024-12-31"])),
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


DEFECTS = {
    "duplicate id": lambda rows: [
        *rows,
        (rows[0][0], *rows[-1][1:3], "fresh@example.com", *rows[-1][4:]),
    ],
    "unknown manager": lambda rows: [(*rows[-1][:8], "NOBODY", *rows[-1][9:]), *rows[:-1]],
    "bad email": lambda rows: [(*rows[0][:3], "no-at-sign", *rows[0][4:]), *rows[1:]],
    "unknown stage": lambda rows: [(*rows[0][:10], "Wizard"), *rows[1:]],
    "unknown zone": lambda rows: [(*rows[0][:7], "Mars/Base", *rows[0][8:]), *rows[1:]],
    "control character": lambda rows: [(rows[0][0], "Ann\x07", *rows[0][2:]), *rows[1:]],
    "ragged row": lambda rows: [(*rows[0], "extra"), *rows[1:]],
}


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
        assert (person.first_name, person.last_name, person.email) == (row[1], row[2], row[3])
        assert (person.manager.external_id if person.manager else "") == row[8]
        assert person.career_stage.name == row[10]
        assert person.timezone == row[7]
    again = roster_import(
        organization=organization,
        actor=None,
        source=roster_csv(rows),
        filename="r.csv",
        today=TODAY,
    )
    assert again.counts()["unchanged"] == len(rows)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=rosters(), next_rows=rosters(), defect=st.sampled_from(sorted(DEFECTS)))
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
    broken = DEFECTS[defect](next_rows)
    plan = roster_import(
        organization=organization,
        actor=None,
        source=roster_csv(broken),
        filename="r.csv",
        today=TODAY,
    )
    assert not plan.ok, defect
    assert all(issue.message for issue in plan.errors)
    assert _state() == before
