"""A cohort's enrolments become the engine's problem."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crossgen.matching import broken_rules
from crossgen.matching.problem import Objective, Role
from crossgen.matchmaking.models import Decision, MatchRun, PairDecision, Relationship
from crossgen.matchmaking.problem_builder import MANAGER_PREFIX, cohort_problem
from crossgen.programs.models import Cohort
from tests.conftest import World
from tests.matchmaking.factories import CohortFactory, mentee, mentor, person


def test_only_enrolled_people_take_part_with_their_questionnaire_and_roster_facts(
    world: World, cohort: Cohort
) -> None:
    ana = mentor(
        cohort,
        teaches={"ai-tools": 4, "bogus": 9},
        timezone="America/New_York",
        work_start_hour=8,
        work_end_hour=16,
        capacity=2,
        employee_fields={"department": "IT", "location": "New York"},
    )
    carol = mentee(cohort, employee=world.carol_employee)
    mentee(cohort, status="waitlisted")
    mentor(cohort, status="withdrawn")

    problem, enrolments = cohort_problem(cohort)

    participants = {p.id: p for p in problem.people if p.role is not None}
    assert set(participants) == {str(ana.pk), str(carol.pk)}
    assert enrolments[str(ana.pk)] == ana
    person_ana = participants[str(ana.pk)]
    assert person_ana.role is Role.MENTOR and person_ana.career_stage == 1
    assert (person_ana.department, person_ana.location) == ("IT", "New York")
    assert person_ana.timezone == "America/New_York"
    assert (person_ana.work_start_hour, person_ana.work_end_hour, person_ana.capacity) == (8, 16, 2)
    assert dict(person_ana.teaches) == {"ai-tools": 4}  # a level outside 1-4 is left out
    assert participants[str(carol.pk)].career_stage == 5  # Director


def test_the_program_sets_rules_weights_and_objective_with_time_zones_of_the_cohort_start(
    cohort: Cohort,
) -> None:
    cohort.program.matching_rules = {"min_stage_gap": 2, "min_overlap_hours": 1.5}
    cohort.program.matching_weights = {
        "forward": 2.0,
        "reciprocal": 0,
        "diversity": 0,
        "timezone": 0,
    }
    cohort.program.objective = "fair"
    cohort.program.save()
    mentor(cohort)
    mentee(cohort)

    problem, _ = cohort_problem(cohort)

    assert problem.rules.min_stage_gap == 2 and problem.rules.min_overlap_hours == 1.5
    assert problem.weights.forward == 2.0 and problem.weights.reciprocal == 0
    assert problem.objective is Objective.FAIR
    assert problem.rules.reference_date == cohort.starts_on.isoformat()


def test_managers_up_the_chain_complete_the_reporting_chain(world: World, cohort: Cohort) -> None:
    ceo = person(world.acme, "Executive")
    director = person(world.acme, "Director", manager=ceo)  # not taking part
    boss = mentee(cohort, employee=ceo)  # the CEO takes part as a mentee
    junior = mentor(cohort, manager=director)

    problem, _ = cohort_problem(cohort)

    people = {p.id: p for p in problem.people}
    middle = people[f"{MANAGER_PREFIX}{director.pk}"]
    assert middle.role is None and middle.manager_id == str(boss.pk)
    assert people[str(junior.pk)].manager_id == middle.id
    assert broken_rules(problem, people[str(junior.pk)], people[str(boss.pk)]) == (
        "reporting-chain",
    )


def test_the_whole_cohort_loads_in_a_fixed_number_of_queries(world: World, cohort: Cohort) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            cohort_problem(
                Cohort.objects.for_org(world.acme).select_related("program").get(pk=cohort.pk)
            )
        return len(captured)

    boss = person(world.acme, "Executive")
    mentor(cohort, manager=boss)
    mentee(cohort)
    few = queries()
    for _ in range(10):
        mentor(cohort, manager=person(world.acme, "Manager", manager=boss))
        mentee(cohort, manager=boss)
    assert queries() == few


def test_earlier_partners_are_previous_partners(world: World, cohort: Cohort) -> None:
    ana, carol = mentor(cohort), mentee(cohort, employee=world.carol_employee)
    earlier = CohortFactory.create(program=cohort.program, name="Autumn 2025")
    old_ana = mentor(earlier, employee=ana.employee)
    old_carol = mentee(earlier, employee=carol.employee)
    run = MatchRun.objects.create(
        organization=world.acme, cohort=earlier, number=1, objective="fair"
    )
    Relationship.objects.create(
        organization=world.acme,
        cohort=earlier,
        run=run,
        mentor=old_ana,
        mentee=old_carol,
        score=1.0,
        published_at=timezone.now(),
    )

    problem, _ = cohort_problem(cohort)

    people = {p.id: p for p in problem.people}
    assert people[str(ana.pk)].previous_partners == {str(carol.pk)}
    assert broken_rules(problem, people[str(ana.pk)], people[str(carol.pk)]) == (
        "previous-partners",
    )


def test_pins_and_pairs_set_by_hand_are_pinned_and_broken_pairs_are_never_proposed(
    world: World, cohort: Cohort
) -> None:
    ana, ben, cai = mentor(cohort), mentor(cohort), mentor(cohort)
    dee, eve, fay = mentee(cohort), mentee(cohort), mentee(cohort)
    gone = mentee(cohort, status="withdrawn")
    for a, b, kind in (
        (ana, dee, Decision.PIN),
        (ben, eve, Decision.MANUAL),
        (cai, fay, Decision.FORBID),
        (cai, gone, Decision.PIN),  # about someone who left: ignored
    ):
        PairDecision.objects.create(
            organization=world.acme, cohort=cohort, mentor=a, mentee=b, decision=kind
        )

    problem, _ = cohort_problem(cohort)

    assert set(problem.rules.pinned) == {(str(ana.pk), str(dee.pk)), (str(ben.pk), str(eve.pk))}
    people = {p.id: p for p in problem.people}
    assert str(fay.pk) in people[str(cai.pk)].do_not_pair
