"""Each hard rule, by name, and the vectorised check agreeing with the scalar one."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings

from crossgen.matching.arrays import compile_problem
from crossgen.matching.feasibility import (
    DO_NOT_PAIR,
    PREVIOUS_PARTNERS,
    REPORTING_CHAIN,
    REVERSE_RULE,
    RULE_NAMES,
    SAME_DEPARTMENT,
    SAME_MANAGER,
    STAGE_GAP_MAX,
    WORKING_HOURS_OVERLAP,
    broken_rules,
    feasible_pairs,
    overlap_hours,
)
from crossgen.matching.problem import Person, Problem, Role, Rules
from tests.matching.strategies import problems


def _mentor(**kw: object) -> Person:
    return Person(
        id=kw.pop("id", "m"), role=Role.MENTOR, career_stage=kw.pop("career_stage", 1), **kw
    )  # type: ignore[arg-type]


def _mentee(**kw: object) -> Person:
    return Person(
        id=kw.pop("id", "e"), role=Role.MENTEE, career_stage=kw.pop("career_stage", 4), **kw
    )  # type: ignore[arg-type]


def test_rule_names_are_stable_and_unique() -> None:
    assert RULE_NAMES == (
        "reverse-rule",
        "stage-gap-max",
        "reporting-chain",
        "same-manager",
        "same-department",
        "working-hours-overlap",
        "do-not-pair",
        "previous-partners",
    )


def test_it_demands_the_mentor_be_junior_by_the_minimum_gap() -> None:
    m, e = _mentor(career_stage=3), _mentee(career_stage=4)
    problem = Problem(people=(m, e), rules=Rules(min_stage_gap=2))
    assert broken_rules(problem, m, e) == (REVERSE_RULE,)


def test_it_caps_the_stage_gap_when_asked() -> None:
    m, e = _mentor(career_stage=0), _mentee(career_stage=5)
    problem = Problem(people=(m, e), rules=Rules(max_stage_gap=3))
    assert broken_rules(problem, m, e) == (STAGE_GAP_MAX,)


def test_it_never_pairs_inside_a_reporting_chain_at_any_depth() -> None:
    vp = _mentee(id="vp", career_stage=5)
    middle = Person(id="mid", role=None, career_stage=4, manager_id="vp")
    junior = _mentor(id="jr", manager_id="mid")
    problem = Problem(people=(vp, middle, junior))
    assert broken_rules(problem, junior, vp) == (REPORTING_CHAIN,)
    relaxed = Problem(people=problem.people, rules=Rules(forbid_reporting_chain=False))
    assert broken_rules(relaxed, junior, vp) == ()


def test_a_chain_four_levels_deep_is_refused_both_ways_in_the_engine_too() -> None:
    # ceo > vp > director > manager > junior; the seniors are the mentees.
    chain = [("ceo", None), ("vp", "ceo"), ("dir", "vp"), ("mgr", "dir"), ("jr", "mgr")]
    people = [
        Person(id=i, role=None, career_stage=9 - n, manager_id=boss)
        for n, (i, boss) in enumerate(chain)
    ]
    junior = _mentor(id="jr", manager_id="mgr", career_stage=1)
    ceo = _mentee(id="ceo", career_stage=9)
    outsider = _mentee(id="out", career_stage=9)
    people = [ceo, *people[1:4], junior, outsider]
    problem = Problem(people=tuple(people))
    assert broken_rules(problem, junior, ceo) == (REPORTING_CHAIN,)
    assert broken_rules(problem, junior, outsider) == ()
    arrays = compile_problem(problem)
    vectorised = feasible_pairs(arrays, np.array([0, 0]), np.array([0, 1]))
    assert vectorised.tolist() == [False, True]  # mentees in file order: ceo, out
    # and upside down: a senior mentor above a junior mentee in the same chain
    upside = Problem(
        people=(
            _mentor(id="boss", career_stage=1),
            Person(id="m1", role=None, career_stage=2, manager_id="boss"),
            Person(id="m2", role=None, career_stage=3, manager_id="m1"),
            Person(id="m3", role=None, career_stage=4, manager_id="m2"),
            _mentee(id="low", career_stage=5, manager_id="m3"),
        )
    )
    boss, low = upside.people[0], upside.people[-1]
    assert REPORTING_CHAIN in broken_rules(upside, boss, low)


def test_it_can_forbid_the_same_manager_and_the_same_department() -> None:
    m = _mentor(manager_id="boss", department="IT")
    e = _mentee(manager_id="boss", department="IT")
    boss = Person(id="boss", role=None, career_stage=6)
    rules = Rules(forbid_same_manager=True, forbid_same_department=True)
    assert broken_rules(Problem(people=(m, e, boss), rules=rules), m, e) == (
        SAME_MANAGER,
        SAME_DEPARTMENT,
    )
    assert broken_rules(Problem(people=(m, e, boss)), m, e) == ()


def test_it_requires_overlapping_working_hours_across_time_zones() -> None:
    m, e = _mentor(timezone="Asia/Tokyo"), _mentee(timezone="America/Los_Angeles")
    problem = Problem(people=(m, e), rules=Rules(min_overlap_hours=2))
    # 9-17 in Tokyo is 0-8 UTC; 9-17 in Los Angeles is 17-01 UTC: one hour shared.
    assert overlap_hours(problem, m, e) == 1.0
    assert broken_rules(problem, m, e) == (WORKING_HOURS_OVERLAP,)


def test_a_night_shift_overlaps_across_midnight() -> None:
    m = _mentor(work_start_hour=22.0, work_end_hour=6.0)
    e = _mentee(work_start_hour=4.0, work_end_hour=12.0)
    assert overlap_hours(Problem(people=(m, e)), m, e) == 2.0


def test_do_not_pair_lists_work_from_either_side() -> None:
    m, e = _mentor(do_not_pair=frozenset({"e"})), _mentee()
    assert broken_rules(Problem(people=(m, e)), m, e) == (DO_NOT_PAIR,)
    m2, e2 = _mentor(), _mentee(do_not_pair=frozenset({"m"}))
    assert broken_rules(Problem(people=(m2, e2)), m2, e2) == (DO_NOT_PAIR,)


def test_previous_partners_are_ruled_out_unless_allowed() -> None:
    m, e = _mentor(previous_partners=frozenset({"e"})), _mentee()
    assert broken_rules(Problem(people=(m, e)), m, e) == (PREVIOUS_PARTNERS,)
    allowed = Problem(people=(m, e), rules=Rules(forbid_previous_partners=False))
    assert broken_rules(allowed, m, e) == ()


@settings(max_examples=100, deadline=None)
@given(problems(max_mentors=5, max_mentees=6))
def test_the_vectorised_check_agrees_with_broken_rules(problem: Problem) -> None:
    arrays = compile_problem(problem)
    i, j = np.meshgrid(
        np.arange(arrays.mentors.size), np.arange(arrays.mentees.size), indexing="ij"
    )
    vector = feasible_pairs(arrays, i, j)
    for a, m in enumerate(arrays.mentors.people):
        for b, e in enumerate(arrays.mentees.people):
            assert bool(vector[a, b]) == (broken_rules(problem, m, e) == ())
