"""``program_update_settings``: every setting checked, every problem reported
at once with a message on its field, nothing saved unless all is well, and
every change in the program's audit log. Also ``rules_from_form``, which the
settings page and the live preview share."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from crossgen.audit.models import AuditEntry
from crossgen.matching.problem import Objective, Rules, Weights
from crossgen.programs.eligibility import Eligibility, RoleRule
from crossgen.programs.models import Program, ProgramKind
from crossgen.programs.services import (
    CohortDates,
    ProgramSettings,
    ProgramSettingsError,
    program_rules,
    program_update_settings,
    program_weights,
    rules_from_form,
)
from tests.conftest import World
from tests.factories import EmployeeFactory
from tests.programs.factories import CohortFactory, ProgramFactory

JUNIOR = RoleRule(min_stage=1, max_stage=3)
SENIOR = RoleRule(min_stage=4, max_stage=6)


@pytest.fixture
def program(world: World) -> Program:
    EmployeeFactory.create(organization=world.acme, department="Sales", location="Paris")
    return ProgramFactory.create(organization=world.acme)


def _changes(program: Program, **overrides: Any) -> ProgramSettings:
    return dataclasses.replace(ProgramSettings.of(program), **overrides)


def _problems(world: World, program: Program, **overrides: Any) -> dict[str, str]:
    with pytest.raises(ProgramSettingsError) as error:
        program_update_settings(
            program=program, actor=world.bob, changes=_changes(program, **overrides)
        )
    return error.value.problems


def _eligibility(mentor: RoleRule = JUNIOR, mentee: RoleRule = SENIOR) -> Eligibility:
    return Eligibility({"mentor": mentor, "mentee": mentee})


# -- Eligibility ---------------------------------------------------------------------------


def test_an_empty_eligibility_rule_is_refused_because_it_would_let_anyone_in(
    world: World, program: Program
) -> None:
    problems = _problems(world, program, eligibility=_eligibility(mentee=RoleRule()))
    assert problems == {
        "mentee_min_stage": "Senior mentee: say who may join this side, at least with a "
        "career-stage range. An empty rule would let anyone in."
    }


def test_a_rule_with_only_a_department_is_not_empty(world: World, program: Program) -> None:
    program_update_settings(
        program=program,
        actor=world.bob,
        changes=_changes(
            program, eligibility=_eligibility(mentor=RoleRule(departments=("Sales",)))
        ),
    )
    program.refresh_from_db()
    assert program.eligibility["mentor"]["departments"] == ["Sales"]
    assert program.eligibility["mentor"]["min_stage"] is None


def test_a_lowest_stage_above_the_highest_is_refused(world: World, program: Program) -> None:
    problems = _problems(
        world, program, eligibility=_eligibility(mentee=RoleRule(min_stage=6, max_stage=4))
    )
    assert problems == {
        "mentee_max_stage": "Senior mentee: the highest stage (Manager) is below the lowest "
        "(Executive)."
    }


def test_a_stage_that_is_not_on_the_ladder_is_refused(world: World, program: Program) -> None:
    problems = _problems(
        world, program, eligibility=_eligibility(mentee=RoleRule(min_stage=4, max_stage=9))
    )
    assert problems["mentee_max_stage"] == (
        "Senior mentee: stage 9 is not on the career ladder (it has 6 stages)."
    )


def test_departments_and_locations_must_be_on_the_roster(world: World, program: Program) -> None:
    rule = RoleRule(
        min_stage=1, max_stage=3, departments=("Sales", "Astrology"), locations=("Atlantis",)
    )
    problems = _problems(world, program, eligibility=_eligibility(mentor=rule))
    assert problems == {
        "mentor_departments": "Reverse mentor: not a department on the roster: Astrology.",
        "mentor_locations": "Reverse mentor: not a location on the roster: Atlantis.",
    }


def test_a_negative_minimum_tenure_is_refused(world: World, program: Program) -> None:
    rule = RoleRule(min_stage=1, max_stage=3, min_tenure_months=-1)
    problems = _problems(world, program, eligibility=_eligibility(mentor=rule))
    assert problems == {
        "mentor_min_tenure_months": "Reverse mentor: minimum tenure runs from 0 to 600 months."
    }


def test_ranges_that_leave_no_mentor_junior_enough_to_any_mentee_are_refused(
    world: World, program: Program
) -> None:
    problems = _problems(
        world,
        program,
        eligibility=_eligibility(
            mentor=RoleRule(min_stage=4, max_stage=6), mentee=RoleRule(min_stage=1, max_stage=4)
        ),
    )
    assert problems == {
        "min_stage_gap": "With these career-stage ranges no Reverse mentor is 1 stage below "
        "any Senior mentee: no pair could be made."
    }


# -- Matching rules and weights ------------------------------------------------------------


def test_a_minimum_gap_larger_than_the_ladder_is_refused(world: World, program: Program) -> None:
    problems = _problems(world, program, rules=Rules(min_stage_gap=6))
    assert problems == {
        "min_stage_gap": "Minimum career-stage gap is 6, but the career ladder has 6 stages, "
        "so the largest possible gap is 5: no one could be matched."
    }


def test_a_gap_as_large_as_the_ladder_allows_is_accepted(world: World, program: Program) -> None:
    program_update_settings(
        program=program,
        actor=world.bob,
        changes=_changes(
            program,
            rules=Rules(min_stage_gap=5),
            eligibility=_eligibility(RoleRule(min_stage=1, max_stage=1), RoleRule(min_stage=6)),
        ),
    )
    assert program_rules(program).min_stage_gap == 5


def test_reverse_mentoring_needs_the_mentor_to_be_junior(world: World, program: Program) -> None:
    problems = _problems(world, program, rules=Rules(min_stage_gap=0))
    assert problems == {
        "min_stage_gap": "In reverse mentoring the mentor is junior to the mentee: "
        "the minimum gap is at least 1."
    }


def test_a_reciprocal_program_may_pair_people_of_the_same_stage(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme, kind=ProgramKind.RECIPROCAL)
    program_update_settings(
        program=program, actor=world.bob, changes=_changes(program, rules=Rules(min_stage_gap=0))
    )
    assert program_rules(program).min_stage_gap == 0


def test_a_maximum_gap_below_the_minimum_is_refused(world: World, program: Program) -> None:
    problems = _problems(world, program, rules=Rules(min_stage_gap=2, max_stage_gap=1))
    assert problems == {
        "max_stage_gap": "Maximum career-stage gap must be at least the minimum gap (2), "
        "or empty for no limit."
    }


def test_shared_working_hours_beyond_a_day_are_refused(world: World, program: Program) -> None:
    problems = _problems(world, program, rules=Rules(min_overlap_hours=25))
    assert problems == {
        "min_overlap_hours": "Minimum shared working hours must be between 0 (no rule) and 24."
    }


def test_a_negative_weight_is_refused(world: World, program: Program) -> None:
    problems = _problems(world, program, weights=Weights(diversity=-0.5))
    assert problems == {
        "weight_diversity": "Diversity of the pair cannot be negative: use 0 to ignore this part."
    }


def test_all_weights_at_zero_are_refused(world: World, program: Program) -> None:
    zero = Weights(forward=0, reciprocal=0, diversity=0, timezone=0)
    problems = _problems(world, program, weights=zero)
    assert problems == {
        "weights": "At least one weight must be above zero: with every weight at zero all "
        "pairs score the same and matching cannot prefer a better pair."
    }


def test_an_unknown_objective_is_refused(world: World, program: Program) -> None:
    problems = _problems(world, program, objective="random")
    assert problems["objective"].startswith("Choose one of the objectives")


# -- The rest of the program --------------------------------------------------------------


@pytest.mark.parametrize("capacity", [0, 4])
def test_a_mentor_takes_one_to_three_mentees(world: World, program: Program, capacity: int) -> None:
    problems = _problems(world, program, default_mentor_capacity=capacity)
    assert problems == {
        "default_mentor_capacity": f"A mentor takes 1 to 3 mentees (got {capacity})."
    }


def test_role_names_cannot_be_empty(world: World, program: Program) -> None:
    problems = _problems(world, program, mentor_label=" ", mentee_label="")
    assert problems == {
        "mentor_label": "Name the junior side, for example “Reverse mentor”.",
        "mentee_label": "Name the senior side, for example “Senior mentee”.",
    }


def test_the_two_sides_need_different_names(world: World, program: Program) -> None:
    problems = _problems(world, program, mentor_label="Co-mentor", mentee_label="co-mentor")
    assert problems == {"mentee_label": "The two sides need different names."}


def test_the_name_cadence_session_and_goals_are_checked(world: World, program: Program) -> None:
    problems = _problems(
        world, program, name="", meeting_cadence_days=0, session_minutes=600, goals=()
    )
    assert problems == {
        "name": "Give the program a name.",
        "meeting_cadence_days": "Suggest a meeting every 1 to 90 days.",
        "session_minutes": "A session lasts 15 to 240 minutes.",
        "goals": "Choose at least one goal the program serves.",
    }


def test_the_cohort_window_must_not_end_before_it_starts(world: World, program: Program) -> None:
    cohort = CohortFactory.create(program=program)
    dates = CohortDates(
        enrolment_opens=date(2026, 2, 10),
        enrolment_closes=date(2026, 2, 1),
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 1),
    )
    with pytest.raises(ProgramSettingsError) as error:
        program_update_settings(
            program=program,
            actor=world.bob,
            changes=ProgramSettings.of(program),
            cohort=cohort,
            dates=dates,
        )
    assert error.value.problems == {
        "enrolment_closes": "The enrolment window ends before it starts: it opens on "
        "10 February 2026, so it must close on that day or later.",
        "ends_on": "The cohort ends before it starts: it starts on 2 March 2026, so it must "
        "end after that day.",
    }


def test_every_problem_is_reported_at_once_and_nothing_is_saved(
    world: World, program: Program
) -> None:
    before = Program.objects.for_org(world.acme).values().get(pk=program.pk)
    problems = _problems(
        world,
        program,
        name="Renamed",
        mentor_label="",
        default_mentor_capacity=9,
        eligibility=_eligibility(mentor=RoleRule()),
        rules=Rules(min_stage_gap=8),
        weights=Weights(forward=-1),
    )
    assert set(problems) == {
        "mentor_label",
        "default_mentor_capacity",
        "mentor_min_stage",
        "min_stage_gap",
        "weight_forward",
    }
    assert Program.objects.for_org(world.acme).values().get(pk=program.pk) == before
    assert not AuditEntry.objects.for_org(world.acme).exists()


def test_a_valid_change_is_saved_and_audited_with_what_changed(
    world: World, program: Program
) -> None:
    cohort = CohortFactory.create(program=program)
    dates = dataclasses.replace(CohortDates.of(cohort), ends_on=date(2026, 10, 1))
    program_update_settings(
        program=program,
        actor=world.bob,
        changes=_changes(
            program,
            mentee_label="Executive learner",
            default_mentor_capacity=2,
            rules=Rules(forbid_same_department=True),
            weights=Weights(diversity=0.6),
        ),
        cohort=cohort,
        dates=dates,
    )
    program.refresh_from_db()
    cohort.refresh_from_db()
    assert program.mentee_label == "Executive learner"
    assert program.default_mentor_capacity == 2
    assert program_rules(program).forbid_same_department is True
    assert program_weights(program).diversity == 0.6
    assert cohort.ends_on == date(2026, 10, 1)
    entry = AuditEntry.objects.for_org(world.acme).get()
    assert entry.action == "program.settings_updated"
    assert entry.scope == f"program:{program.pk}"
    assert entry.actor == world.bob
    assert entry.details["changed"] == {
        "mentee_label": {"from": "Senior mentee", "to": "Executive learner"},
        "default_mentor_capacity": {"from": 1, "to": 2},
        "rules.forbid_same_department": {"from": False, "to": True},
        "weights.diversity": {"from": 0.3, "to": 0.6},
        "cohort.ends_on": {"from": "2026-09-02", "to": "2026-10-01"},
    }


def test_line_ends_from_a_browser_do_not_count_as_a_change(world: World, program: Program) -> None:
    charter = ProgramSettings.of(program).charter.replace("\n", "\r\n") + "\r\n"
    program_update_settings(
        program=program, actor=world.bob, changes=_changes(program, charter=charter)
    )
    assert not AuditEntry.objects.for_org(world.acme).exists()


def test_a_cohort_of_another_program_cannot_be_changed_through_this_one(
    world: World, program: Program
) -> None:
    other = CohortFactory.create(program=ProgramFactory.create(organization=world.acme))
    with pytest.raises(ValueError, match="another program"):
        program_update_settings(
            program=program,
            actor=world.bob,
            changes=ProgramSettings.of(program),
            cohort=other,
            dates=CohortDates.of(other),
        )


# -- What the engine and the preview read --------------------------------------------------


def test_program_rules_evaluate_time_zones_on_the_cohort_start(
    world: World, program: Program
) -> None:
    cohort = CohortFactory.create(
        program=program, starts_on=date(2026, 7, 1), ends_on=date(2027, 1, 1)
    )
    assert program_rules(program, cohort=cohort).reference_date == "2026-07-01"
    assert program_rules(program).pinned == ()


def test_rules_from_form_reads_the_settings_form_fields() -> None:
    rules, weights, objective = rules_from_form(
        {
            "min_stage_gap": "2",
            "max_stage_gap": "",
            "forbid_reporting_chain": "on",
            "forbid_same_department": "on",
            "min_overlap_hours": "1.5",
            "weight_forward": "1",
            "weight_reciprocal": "0.8",
            "weight_diversity": "0",
            "weight_timezone": "0.25",
            "objective": "fair",
            "name": "fields of the rest of the form are ignored",
        }
    )
    assert rules == Rules(
        min_stage_gap=2,
        max_stage_gap=None,
        forbid_reporting_chain=True,
        forbid_same_manager=False,  # an unticked box is absent from the data
        forbid_same_department=True,
        min_overlap_hours=1.5,
        forbid_previous_partners=False,
    )
    assert weights == Weights(forward=1, reciprocal=0.8, diversity=0, timezone=0.25)
    assert objective is Objective.FAIR


def test_rules_from_form_names_every_bad_field() -> None:
    with pytest.raises(ProgramSettingsError) as error:
        rules_from_form(
            {
                "min_stage_gap": "two",
                "max_stage_gap": "0",
                "min_overlap_hours": "30",
                "weight_forward": "-1",
                "weight_reciprocal": "",
                "weight_diversity": "0",
                "weight_timezone": "0",
                "objective": "lottery",
            },
            stage_count=6,
        )
    assert error.value.problems == {
        "min_stage_gap": "“Minimum career-stage gap” must be a whole number.",
        "weight_reciprocal": "Enter a value for “Insight back to the mentor (reciprocal)”.",
        "objective": "Choose one of the objectives listed.",
        "min_overlap_hours": "Minimum shared working hours must be between 0 (no rule) and 24.",
        "weight_forward": "Skills the mentor can teach (forward) cannot be negative: use 0 to "
        "ignore this part.",
    }


def test_rules_from_form_checks_the_gap_against_the_ladder_when_told_its_length() -> None:
    data = {
        "min_stage_gap": "6",
        "min_overlap_hours": "2",
        "weight_forward": "1",
        "weight_reciprocal": "1",
        "weight_diversity": "1",
        "weight_timezone": "1",
        "objective": "max-total",
    }
    assert rules_from_form(data)[0].min_stage_gap == 6
    with pytest.raises(ProgramSettingsError) as error:
        rules_from_form(data, stage_count=6)
    assert set(error.value.problems) == {"min_stage_gap"}
