"""Explanations: what each pair gets from the other, and why each unmatched
person is unmatched, checked against the scalar ``broken_rules``/``score_parts``."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import HealthCheck, given, settings

from crossgen.matching import broken_rules, score_parts, solve
from crossgen.matching.arrays import compile_problem
from crossgen.matching.explain import explain, rule_masks
from crossgen.matching.problem import Person, Problem, Role, Rules
from crossgen.matching.result import SkillFlow, UnmatchedKind
from crossgen.matching.stable import solve_stable
from tests.matching.strategies import problems

FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ANA = Person(
    id="ana", role=Role.MENTOR, career_stage=1, department="IT", location="Lyon",
    timezone="Europe/Paris", teaches={"ai-tools": 4, "video": 2, "data": 3},
    learns={"strategy": 2, "finance": 1},
)  # fmt: skip
CHO = Person(
    id="cho", role=Role.MENTEE, career_stage=4, department="Sales", location="London",
    timezone="Europe/London", teaches={"finance": 3, "strategy": 4},
    learns={"ai-tools": 3, "video": 3, "data": 1},
)  # fmt: skip


def test_a_pair_explanation_names_the_skills_each_way_strongest_first() -> None:
    problem = Problem(people=(ANA, CHO))
    explanation = explain(problem, solve(problem)).pairs[0].explanation
    assert explanation is not None
    assert explanation.forward_skills == (
        SkillFlow(skill="ai-tools", proficiency=4, interest=3),
        SkillFlow(skill="video", proficiency=2, interest=3),
        SkillFlow(skill="data", proficiency=3, interest=1),
    )
    assert explanation.reciprocal_skills == (
        SkillFlow(skill="strategy", proficiency=4, interest=2),
        SkillFlow(skill="finance", proficiency=3, interest=1),
    )
    assert explanation.text.startswith(
        "ana can teach cho ai-tools (proficiency 4/4, interest 3/3), video (2/4, 3/3) and "
        "data (3/4, 1/3); cho can share strategy (4/4, 2/3) and finance (3/4, 1/3) in return."
    )


def test_it_states_the_diversity_facts_and_the_shared_hours() -> None:
    problem = Problem(people=(ANA, CHO))
    explanation = explain(problem, solve(problem)).pairs[0].explanation
    assert explanation is not None
    assert explanation.diversity_facts == (
        "different departments (IT / Sales)",
        "different locations (Lyon / London)",
        "3 career stages between them",
    )
    # 9-17 in Paris and 9-17 in London share 7 hours in January.
    assert explanation.overlap_hours == 7.0
    assert explanation.text.endswith("with 7 shared working hours a day.")


def test_a_pinned_pair_that_breaks_a_rule_says_so() -> None:
    boss = Person(id="cho", role=Role.MENTEE, career_stage=4, learns={"ai-tools": 1})
    report = Person(id="ana", role=Role.MENTOR, career_stage=1, manager_id="cho")
    problem = Problem(people=(report, boss), rules=Rules(pinned=(("ana", "cho"),)))
    explanation = explain(problem, solve(problem)).pairs[0].explanation
    assert explanation is not None
    assert explanation.text.startswith(
        "Pinned by the program manager although it breaks reporting-chain. "
        "ana teaches none of cho's listed goals."
    )


def test_a_mentee_no_rule_allows_is_told_which_rules_and_how_many() -> None:
    people = (
        Person(id="m1", role=Role.MENTOR, career_stage=4),  # too senior
        Person(id="m2", role=Role.MENTOR, career_stage=1, manager_id="e1"),  # reports to e1
        Person(id="m3", role=Role.MENTOR, career_stage=5, manager_id="e1"),  # both
        Person(id="e1", role=Role.MENTEE, career_stage=4),
    )
    problem = Problem(people=people)
    [mentee] = [u for u in explain(problem, solve(problem)).unmatched if u.role is Role.MENTEE]
    assert mentee.kind is UnmatchedKind.NO_FEASIBLE_PARTNER
    assert dict(mentee.ruled_out_by) == {"reverse-rule": 2, "reporting-chain": 2}
    assert mentee.reason == (
        "No mentor passes the hard rules: 2 not far enough apart in career stage "
        "(the mentor must be junior), 2 in the same reporting chain."
    )


def test_a_mentee_who_lost_out_is_told_the_best_alternative_and_who_has_them() -> None:
    people = (
        Person(id="m1", role=Role.MENTOR, career_stage=1, teaches={"ai": 4}),
        Person(id="e1", role=Role.MENTEE, career_stage=5, learns={"ai": 3}),
        Person(id="e2", role=Role.MENTEE, career_stage=5, learns={"ai": 1, "video": 3}),
    )
    problem = Problem(people=people)
    [mentee] = [u for u in explain(problem, solve(problem)).unmatched if u.role is Role.MENTEE]
    assert (mentee.person_id, mentee.kind, mentee.best_alternative) == (
        "e2",
        UnmatchedKind.PARTNERS_USED_ELSEWHERE,
        "m1",
    )
    assert "is full with e1" in mentee.reason


def test_a_mentor_with_places_left_is_told_how_many() -> None:
    people = (
        Person(id="m1", role=Role.MENTOR, career_stage=1, capacity=3),
        Person(id="e1", role=Role.MENTEE, career_stage=5),
    )
    problem = Problem(people=people)
    [mentor] = explain(problem, solve(problem)).unmatched
    assert mentor.kind is UnmatchedKind.CAPACITY_LEFT
    assert mentor.reason.startswith("2 of 3 places left")


@FAST
@given(problems(max_mentors=4, max_mentees=5))
def test_rule_masks_agree_with_broken_rules_for_every_pair(problem: Problem) -> None:
    arrays = compile_problem(problem)
    masks = rule_masks(
        arrays, np.arange(arrays.mentors.size)[:, None], np.arange(arrays.mentees.size)[None, :]
    )
    for i, mentor in enumerate(arrays.mentors.people):
        for j, mentee in enumerate(arrays.mentees.people):
            from_masks = tuple(name for name, mask in masks.items() if mask[i, j])
            assert from_masks == broken_rules(problem, mentor, mentee)


@FAST
@given(problems(max_mentors=4, max_mentees=5))
def test_every_unmatched_reason_agrees_with_the_scalar_reference(problem: Problem) -> None:
    result = explain(problem, solve_stable(problem))
    mentors, mentees = problem.mentors, problem.mentees
    by_id = {p.id: p for p in problem.people}
    placed = {p.mentee_id for p in result.pairs}
    load = Counter(p.mentor_id for p in result.pairs)
    assert {u.person_id for u in result.unmatched} == {
        p.id for p in mentees if p.id not in placed
    } | {p.id for p in mentors if load[p.id] < p.capacity}

    for person in result.unmatched:
        me = by_id[person.person_id]
        others = mentors if person.role is Role.MENTEE else mentees

        def rules_with(other: Person, me: Person = me, role: Role = person.role) -> tuple[str, ...]:
            pair = (me, other) if role is Role.MENTOR else (other, me)
            return broken_rules(problem, *pair)

        feasible = [o for o in others if not rules_with(o)]
        if person.kind is UnmatchedKind.NO_FEASIBLE_PARTNER:
            assert feasible == []
            assert dict(person.ruled_out_by) == dict(
                Counter(rule for o in others for rule in rules_with(o))
            )
        else:
            assert feasible or person.kind is UnmatchedKind.CAPACITY_LEFT
        if person.kind is UnmatchedKind.PARTNERS_USED_ELSEWHERE:

            def score(other: Person, me: Person = me, role: Role = person.role) -> float:
                pair = (me, other) if role is Role.MENTOR else (other, me)
                return score_parts(problem, *pair).total

            best = max(feasible, key=lambda o: (score(o), -others.index(o)))
            assert person.best_alternative == best.id


@FAST
@given(problems(max_mentors=4, max_mentees=5))
def test_explain_only_adds_explanations(problem: Problem) -> None:
    result = solve_stable(problem)
    explained = explain(problem, result)
    strip = [(p.mentor_id, p.mentee_id, p.score, p.parts, p.pinned) for p in result.pairs]
    assert [
        (p.mentor_id, p.mentee_id, p.score, p.parts, p.pinned) for p in explained.pairs
    ] == strip
    assert all(p.explanation is not None and p.explanation.text for p in explained.pairs)
    assert (explained.certificate, explained.objective) == (result.certificate, result.objective)


def test_an_idle_mentor_whose_best_fit_was_pinned_elsewhere_is_told_so() -> None:
    bea = Person(
        id="bea", role=Role.MENTOR, career_stage=1, timezone="Europe/Paris",
        teaches={"ai-tools": 4, "video": 4},
    )  # fmt: skip
    problem = Problem(people=(ANA, bea, CHO), rules=Rules(pinned=(("ana", "cho"),)))
    result = explain(problem, solve(problem))
    (idle,) = [u for u in result.unmatched if u.person_id == "bea"]
    assert idle.kind is UnmatchedKind.PARTNERS_USED_ELSEWHERE
    assert "cho" in idle.reason and "pinned to ana by hand" in idle.reason
    assert idle.best_alternative == "cho"
