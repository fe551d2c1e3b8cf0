"""``cohort_create`` and ``cohort_update``: dates checked, changes audited."""

from __future__ import annotations

from datetime import date

import pytest

from crossgen.audit.models import AuditEntry
from crossgen.programs.models import CohortStatus
from crossgen.programs.services import (
    CohortDates,
    ProgramSettingsError,
    cohort_create,
    cohort_update,
)
from tests.conftest import World
from tests.programs.factories import CohortFactory, ProgramFactory

AUTUMN = CohortDates(
    enrolment_opens=date(2026, 8, 10),
    enrolment_closes=date(2026, 8, 31),
    starts_on=date(2026, 9, 1),
    ends_on=date(2027, 3, 1),
)


def test_a_new_cohort_is_created_and_audited_in_the_programs_log(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme)
    cohort = cohort_create(program=program, actor=world.bob, name=" Autumn 2026 ", dates=AUTUMN)
    assert cohort.name == "Autumn 2026" and cohort.status == CohortStatus.DRAFT
    entry = AuditEntry.objects.for_org(world.acme).get()
    assert (entry.action, entry.scope, entry.actor) == (
        "cohort.created",
        f"program:{program.pk}",
        world.bob,
    )
    assert entry.details["starts_on"] == "2026-09-01"


def test_a_cohort_needs_a_name_and_ordered_dates(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme)
    bad = CohortDates(
        enrolment_opens=date(2026, 8, 31),
        enrolment_closes=date(2026, 8, 10),
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 9, 1),
    )
    with pytest.raises(ProgramSettingsError) as error:
        cohort_create(program=program, actor=world.bob, name="", dates=bad)
    assert set(error.value.problems) == {"name", "enrolment_closes", "ends_on"}
    assert "ends before it starts" in error.value.problems["enrolment_closes"]
    assert "ends before it starts" in error.value.problems["ends_on"]


def test_enrolment_must_close_before_the_cohort_ends(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme)
    late = CohortDates(
        enrolment_opens=date(2026, 8, 10),
        enrolment_closes=date(2027, 4, 1),
        starts_on=date(2026, 9, 1),
        ends_on=date(2027, 3, 1),
    )
    with pytest.raises(ProgramSettingsError) as error:
        cohort_create(program=program, actor=world.bob, name="Late", dates=late)
    assert error.value.problems == {
        "enrolment_closes": "Enrolment must close before the cohort ends (1 March 2027)."
    }


def test_moving_a_cohort_records_what_moved(world: World) -> None:
    cohort = CohortFactory.create(
        program=ProgramFactory.create(organization=world.acme), name="Spring"
    )
    cohort_update(cohort=cohort, actor=world.alice, name="Spring 2026", dates=AUTUMN)
    cohort.refresh_from_db()
    assert (cohort.name, cohort.starts_on) == ("Spring 2026", date(2026, 9, 1))
    entry = AuditEntry.objects.for_org(world.acme).get()
    assert entry.action == "cohort.updated"
    assert entry.scope == f"program:{cohort.program_id}"
    assert entry.details["changed"]["name"] == {"from": "Spring", "to": "Spring 2026"}
    assert entry.details["changed"]["starts_on"] == {"from": "2026-03-02", "to": "2026-09-01"}


def test_saving_a_cohort_unchanged_writes_nothing_to_the_log(world: World) -> None:
    cohort = CohortFactory.create(program=ProgramFactory.create(organization=world.acme))
    cohort_update(cohort=cohort, actor=world.bob, name=cohort.name, dates=CohortDates.of(cohort))
    assert not AuditEntry.objects.for_org(world.acme).exists()


def test_a_closed_cohort_keeps_its_dates(world: World) -> None:
    cohort = CohortFactory.create(
        program=ProgramFactory.create(organization=world.acme), status=CohortStatus.CLOSED
    )
    with pytest.raises(ProgramSettingsError) as error:
        cohort_update(cohort=cohort, actor=world.bob, name=cohort.name, dates=AUTUMN)
    assert error.value.problems == {
        "starts_on": "This cohort is closed: its dates can no longer change."
    }
