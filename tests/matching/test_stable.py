"""The stable objective on random programs: no blocking pair, the rules, the
pins, and the same matching as the `matching` package; checked against a
brute-force reference built from the scalar ``score_parts`` and ``broken_rules``."""

from __future__ import annotations

import dataclasses
import warnings

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matching.games import HospitalResident

from crossgen.matching import broken_rules, score_parts, solve
from crossgen.matching.problem import Objective, Person, Problem, Role
from crossgen.matching.result import CertificateStatus, MatchResult, Pair, ScoreParts
from crossgen.matching.scoring import SCALE
from crossgen.matching.stable import blocking_pairs, solve_stable
from tests.matching.strategies import problems

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
stable_problems = problems(max_mentors=5, max_mentees=6, objective=Objective.STABLE)


Values = dict[tuple[str, str], int]


def preferences(problem: Problem) -> tuple[Values, Values, dict[str, int]]:
    """(mentee value, mentor value) of every feasible pair, from the scalar functions."""
    mentors = [p for p in problem.people if p.role is Role.MENTOR]
    mentees = [p for p in problem.people if p.role is Role.MENTEE]
    mentee_value, mentor_value = {}, {}
    for mentor in mentors:
        for mentee in mentees:
            if broken_rules(problem, mentor, mentee):
                continue
            parts = score_parts(problem, mentor, mentee)
            key = (mentor.id, mentee.id)
            mentee_value[key] = round(parts.forward * SCALE) + round(parts.timezone * SCALE)
            mentor_value[key] = round(parts.reciprocal * SCALE) + round(parts.diversity * SCALE)
    return mentee_value, mentor_value, {m.id: m.capacity for m in mentors}


def reference_blocking_pairs(problem: Problem, result: MatchResult) -> list[tuple[str, str]]:
    """The definition of a blocking pair, pair by pair (ties by id: a lower id wins)."""
    mentee_value, mentor_value, capacity = preferences(problem)
    pinned_mentees = {e for _, e in problem.rules.pinned}
    mentor_of = {p.mentee_id: p.mentor_id for p in result.pairs}
    held: dict[str, list[str]] = {}
    for pair in result.pairs:
        held.setdefault(pair.mentor_id, []).append(pair.mentee_id)
    found = []
    for mentor_id, mentee_id in mentee_value:
        if mentee_id in pinned_mentees or mentor_of.get(mentee_id) == mentor_id:
            continue
        current = mentor_of.get(mentee_id)
        mine = (mentee_value[(mentor_id, mentee_id)], _neg(mentor_id))
        # A partner against the rules is unacceptable: worse than none (key missing).
        if (
            current is not None
            and (current, mentee_id) in mentee_value
            and mine
            <= (
                mentee_value[(current, mentee_id)],
                _neg(current),
            )
        ):
            continue
        theirs = held.get(mentor_id, [])
        if len(theirs) < capacity[mentor_id]:
            found.append((mentor_id, mentee_id))
            continue
        movable = [e for e in theirs if e not in pinned_mentees]
        offer = (mentor_value[(mentor_id, mentee_id)], _neg(mentee_id))
        if any(
            (mentor_id, e) not in mentor_value or offer > (mentor_value[(mentor_id, e)], _neg(e))
            for e in movable
        ):
            found.append((mentor_id, mentee_id))
    return sorted(found)


def _neg(person_id: str) -> tuple[int, ...]:
    # Ids compare as strings; negating the code points makes "lower id wins" a max.
    return (*(-ord(c) for c in person_id), 1)


@FAST
@given(stable_problems)
def test_it_leaves_no_blocking_pair(problem: Problem) -> None:
    result = solve_stable(problem)
    assert reference_blocking_pairs(problem, result) == []
    assert blocking_pairs(problem, result) == []


@st.composite
def any_matching(draw: st.DrawFn) -> tuple[Problem, MatchResult]:
    """A problem and an arbitrary matching of it (pins kept, capacities held,
    rules ignored): usually far from stable."""
    problem = draw(stable_problems)
    result = solve_stable(problem)
    room = {p.id: p.capacity for p in problem.mentors}
    pairs = [p for p in result.pairs if p.pinned]
    for pair in pairs:
        room[pair.mentor_id] -= 1
    pinned_mentees = {p.mentee_id for p in pairs}
    parts = ScoreParts(forward=0.0, reciprocal=0.0, diversity=0.0, timezone=0.0)
    for mentee in problem.mentees:
        open_mentors = sorted(m for m, r in room.items() if r > 0)
        if mentee.id in pinned_mentees or not open_mentors:
            continue
        mentor_id = draw(st.none() | st.sampled_from(open_mentors))
        if mentor_id is not None:
            room[mentor_id] -= 1
            pairs.append(Pair(mentor_id=mentor_id, mentee_id=mentee.id, score=0.0, parts=parts))
    return problem, dataclasses.replace(result, pairs=tuple(pairs))


@FAST
@given(any_matching())
def test_the_blocking_pair_checker_agrees_with_the_definition_on_any_matching(
    case: tuple[Problem, MatchResult],
) -> None:
    problem, result = case
    assert blocking_pairs(problem, result) == reference_blocking_pairs(problem, result)


@FAST
@given(stable_problems)
def test_it_keeps_the_hard_rules_the_capacities_and_the_pins(problem: Problem) -> None:
    result = solve_stable(problem)
    people = {p.id: p for p in problem.people}
    assert {(p.mentor_id, p.mentee_id) for p in result.pairs if p.pinned} == set(
        problem.rules.pinned
    )
    for pair in result.pairs:
        if not pair.pinned:
            assert broken_rules(problem, people[pair.mentor_id], people[pair.mentee_id]) == ()
        assert (
            pair.score == score_parts(problem, people[pair.mentor_id], people[pair.mentee_id]).total
        )
    load: dict[str, int] = {}
    for pair in result.pairs:
        load[pair.mentor_id] = load.get(pair.mentor_id, 0) + 1
    assert all(load[m] <= people[m].capacity for m in load)
    mentees = [p.mentee_id for p in result.pairs]
    assert len(mentees) == len(set(mentees))
    assert result.certificate.status is CertificateStatus.NOT_APPLICABLE


@FAST
@given(stable_problems)
def test_it_finds_the_same_matching_as_the_matching_package(problem: Problem) -> None:
    mentee_value, mentor_value, capacity = preferences(problem)
    pinned = set(problem.rules.pinned)
    pinned_mentees = {e for _, e in pinned}
    room = dict(capacity)
    for mentor_id, _ in pinned:
        room[mentor_id] -= 1
    acceptable = [k for k in mentee_value if k[1] not in pinned_mentees and room[k[0]] > 0]
    residents: dict[str, list[str]] = {}
    for mentor_id, mentee_id in sorted(acceptable, key=lambda k: (-mentee_value[k], k[0])):
        residents.setdefault(mentee_id, []).append(mentor_id)
    hospitals: dict[str, list[str]] = {m: [] for m, _ in acceptable}
    for mentor_id, mentee_id in sorted(acceptable, key=lambda k: (-mentor_value[k], k[1])):
        hospitals[mentor_id].append(mentee_id)
    expected = set(pinned)
    if residents:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            game = HospitalResident.create_from_dictionaries(
                residents, hospitals, {m: room[m] for m in hospitals}
            )
            for hospital, matched in game.solve(optimal="resident").items():
                expected |= {(hospital.name, resident.name) for resident in matched}
    ours = {(p.mentor_id, p.mentee_id) for p in solve_stable(problem).pairs}
    assert ours == expected


@FAST
@given(stable_problems, st.integers(1, 3))
def test_the_list_length_changes_the_work_not_the_matching(problem: Problem, length: int) -> None:
    def pairs(result: MatchResult) -> set[tuple[str, str]]:
        return {(p.mentor_id, p.mentee_id) for p in result.pairs}

    assert pairs(solve_stable(problem, list_length=length)) == pairs(solve_stable(problem))


@FAST
@given(stable_problems)
def test_it_accounts_for_every_mentee_and_every_mentor_with_places_left(problem: Problem) -> None:
    result = solve_stable(problem)
    placed = {p.mentee_id for p in result.pairs}
    load: dict[str, int] = {}
    for pair in result.pairs:
        load[pair.mentor_id] = load.get(pair.mentor_id, 0) + 1
    expected = {p.id for p in problem.mentees if p.id not in placed} | {
        p.id for p in problem.mentors if load.get(p.id, 0) < p.capacity
    }
    assert {u.person_id for u in result.unmatched} == expected


def test_solve_hands_the_stable_objective_to_solve_stable() -> None:
    people = (
        Person(id="ana", role=Role.MENTOR, career_stage=1, teaches={"ai": 4}),
        Person(id="cho", role=Role.MENTEE, career_stage=5, learns={"ai": 3}),
    )
    result = solve(Problem(people=people, objective=Objective.STABLE))
    assert result.objective is Objective.STABLE
    assert [(p.mentor_id, p.mentee_id) for p in result.pairs] == [("ana", "cho")]
    assert result.certificate.status is CertificateStatus.NOT_APPLICABLE


def test_a_contested_mentor_takes_the_mentee_they_gain_most_from() -> None:
    # Both mentees want ana (she teaches ai best); ana learns strategy, which
    # only dee can teach, so ana takes dee and cho falls back to ben.
    people = (
        Person(id="ana", role=Role.MENTOR, career_stage=1, teaches={"ai": 4},
               learns={"strategy": 3}),
        Person(id="ben", role=Role.MENTOR, career_stage=1, teaches={"ai": 2}),
        Person(id="cho", role=Role.MENTEE, career_stage=5, learns={"ai": 3}),
        Person(id="dee", role=Role.MENTEE, career_stage=5, learns={"ai": 3},
               teaches={"strategy": 4}),
    )  # fmt: skip
    result = solve_stable(Problem(people=people, objective=Objective.STABLE))
    assert sorted((p.mentor_id, p.mentee_id) for p in result.pairs) == [
        ("ana", "dee"),
        ("ben", "cho"),
    ]


def test_the_checker_finds_the_blocking_pair_of_a_swapped_matching() -> None:
    people = (
        Person(id="ana", role=Role.MENTOR, career_stage=1, teaches={"ai": 4},
               learns={"strategy": 3}),
        Person(id="ben", role=Role.MENTOR, career_stage=1, teaches={"ai": 2}),
        Person(id="cho", role=Role.MENTEE, career_stage=5, learns={"ai": 3}),
        Person(id="dee", role=Role.MENTEE, career_stage=5, learns={"ai": 3},
               teaches={"strategy": 4}),
    )  # fmt: skip
    problem = Problem(people=people, objective=Objective.STABLE)
    stable = solve_stable(problem)
    parts = stable.pairs[0].parts
    swapped = dataclasses.replace(
        stable,
        pairs=(
            Pair(mentor_id="ana", mentee_id="cho", score=0.0, parts=parts),
            Pair(mentor_id="ben", mentee_id="dee", score=0.0, parts=parts),
        ),
    )
    assert blocking_pairs(problem, swapped) == [("ana", "dee")]
