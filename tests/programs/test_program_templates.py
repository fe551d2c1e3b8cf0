"""Creating a program from the Reverse or Reciprocal mentoring template."""

from __future__ import annotations

from datetime import date

import pytest

from crossgen.audit.models import AuditEntry
from crossgen.matching.problem import Objective, Rules, Weights
from crossgen.people.services import career_ladder_set
from crossgen.programs.models import Cohort, CohortStatus, ProgramGoal, ProgramKind
from crossgen.programs.program_settings import add_months
from crossgen.programs.services import (
    ProgramSettings,
    ProgramSettingsError,
    program_create_from_template,
    program_objective,
    program_rules,
    program_update_settings,
    program_weights,
)
from crossgen.programs.templates_catalog import RECIPROCAL, REVERSE, TEMPLATES
from tests.conftest import World

TODAY = date(2026, 1, 5)
START = date(2026, 3, 2)


def _create(world: World, template=REVERSE, *, start: date = START, name: str = "Digital 2026"):
    return program_create_from_template(
        organization=world.acme,
        actor=world.bob,
        template=template,
        name=name,
        start=start,
        today=TODAY,
    )


def test_the_catalog_offers_the_reverse_and_the_reciprocal_template() -> None:
    assert set(TEMPLATES) == {"reverse", "reciprocal"}
    assert TEMPLATES["reverse"] is REVERSE and TEMPLATES["reciprocal"] is RECIPROCAL


def test_a_reverse_program_names_the_junior_side_reverse_mentor_and_serves_four_goals(
    world: World,
) -> None:
    program = _create(world)
    assert program.kind == ProgramKind.REVERSE
    assert (program.mentor_label, program.mentee_label) == ("Reverse mentor", "Senior mentee")
    assert set(program.goals) == {goal.value for goal in ProgramGoal}
    assert (program.meeting_cadence_days, program.session_minutes) == (14, 45)
    assert program.default_mentor_capacity == 1
    assert program.created_by == world.bob


def test_the_reverse_template_puts_the_junior_half_of_the_ladder_on_the_mentor_side(
    world: World,
) -> None:
    program = _create(world)
    assert program.eligibility["mentor"]["min_stage"] == 1
    assert program.eligibility["mentor"]["max_stage"] == 3  # Senior professional
    assert program.eligibility["mentee"]["min_stage"] == 4  # Manager
    assert program.eligibility["mentee"]["max_stage"] == 6  # Executive


def test_with_an_odd_ladder_the_middle_stage_goes_to_the_senior_side(world: World) -> None:
    career_ladder_set(
        organization=world.acme,
        actor=None,
        names=["Early career", "Professional", "Manager", "Director", "Executive"],
    )
    program = _create(world)
    assert (
        program.eligibility["mentor"]["min_stage"],
        program.eligibility["mentor"]["max_stage"],
    ) == (1, 2)
    assert (
        program.eligibility["mentee"]["min_stage"],
        program.eligibility["mentee"]["max_stage"],
    ) == (3, 5)


def test_the_reverse_template_uses_the_engines_safe_defaults(world: World) -> None:
    program = _create(world)
    rules = program_rules(program)
    assert rules.min_stage_gap == 1 and rules.forbid_reporting_chain
    assert rules == Rules()
    assert program_weights(program) == Weights()
    assert program_objective(program) is Objective.MAX_PARTICIPATION


def test_the_reciprocal_template_values_both_directions_equally(world: World) -> None:
    program = _create(world, RECIPROCAL)
    weights = program_weights(program)
    assert program.kind == ProgramKind.RECIPROCAL
    assert weights.forward == weights.reciprocal == 1.0
    assert program.mentor_label != "Reverse mentor"
    assert program.eligibility["mentor"]["max_stage"] == 3


@pytest.mark.parametrize("template", [REVERSE, RECIPROCAL], ids=["reverse", "reciprocal"])
def test_the_default_charter_covers_confidentiality_candour_cadence_and_topics(
    world: World, template
) -> None:
    charter = _create(world, template).charter
    for words in (
        "Confidentiality",
        "Candour without consequences",
        "every 14 days",
        "45",
        "Topics",
    ):
        assert words in charter
    assert template.mentor_label in charter and template.mentee_label in charter
    assert not charter.endswith("\n")


def test_the_first_cohort_runs_six_months_with_enrolment_in_the_three_weeks_before(
    world: World,
) -> None:
    program = _create(world)
    cohort = Cohort.objects.for_org(world.acme).get(program=program)
    assert cohort.name == "Cohort 1" and cohort.status == CohortStatus.DRAFT
    assert cohort.starts_on == START
    assert cohort.ends_on == date(2026, 9, 2)
    assert cohort.enrolment_opens == date(2026, 2, 9)
    assert cohort.enrolment_closes == date(2026, 3, 1)


def test_a_start_in_a_few_days_opens_enrolment_today_and_closes_it_the_day_before(
    world: World,
) -> None:
    program = _create(world, start=date(2026, 1, 9))
    cohort = Cohort.objects.for_org(world.acme).get(program=program)
    assert (cohort.enrolment_opens, cohort.enrolment_closes) == (TODAY, date(2026, 1, 8))


def test_a_cohort_starting_today_has_a_one_day_window(world: World) -> None:
    program = _create(world, start=TODAY)
    cohort = Cohort.objects.for_org(world.acme).get(program=program)
    assert cohort.enrolment_opens == cohort.enrolment_closes == TODAY


def test_six_months_from_the_end_of_a_month_ends_on_the_last_day_of_a_shorter_month() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)


def test_a_start_in_the_past_is_refused_with_a_message_on_the_start_field(world: World) -> None:
    with pytest.raises(ProgramSettingsError) as error:
        _create(world, start=date(2026, 1, 4), name=" ")
    assert "cannot start in the past" in error.value.problems["start"]
    assert error.value.problems["name"] == "Give the program a name."


def test_creating_a_program_is_in_its_audit_log_with_its_first_cohort(world: World) -> None:
    program = _create(world)
    entries = AuditEntry.objects.for_org(world.acme).filter(scope=f"program:{program.pk}")
    assert sorted(entries.values_list("action", flat=True)) == ["cohort.created", "program.created"]
    created = entries.get(action="program.created")
    assert created.actor == world.bob
    assert created.details == {"template": "reverse", "name": "Digital 2026", "start": "2026-03-02"}


@pytest.mark.parametrize("template", [REVERSE, RECIPROCAL], ids=["reverse", "reciprocal"])
def test_a_new_program_passes_its_own_settings_checks(world: World, template) -> None:
    program = _create(world, template)
    program_update_settings(program=program, actor=world.bob, changes=ProgramSettings.of(program))
    # Saving unchanged settings is not a change: nothing more in the log.
    assert (
        AuditEntry.objects.for_org(world.acme).filter(action="program.settings_updated").count()
        == 0
    )
