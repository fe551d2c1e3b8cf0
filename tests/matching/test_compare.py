"""What-if comparison of two match runs."""

from __future__ import annotations

import dataclasses

from crossgen.matching import solve
from crossgen.matching.compare import compare
from crossgen.matching.problem import Objective, Person, Problem, Role, Rules
from crossgen.matching.stable import solve_stable

PEOPLE = (
    Person(id="m1", role=Role.MENTOR, career_stage=1, teaches={"ai": 4}, department="IT"),
    Person(id="m2", role=Role.MENTOR, career_stage=1, teaches={"video": 3}, department="Sales"),
    Person(id="e1", role=Role.MENTEE, career_stage=5, learns={"ai": 3}, department="IT"),
    Person(id="e2", role=Role.MENTEE, career_stage=5, learns={"video": 2}, department="HR"),
    Person(id="e3", role=Role.MENTEE, career_stage=5, learns={"video": 1}, department="Sales"),
)


def test_the_same_run_twice_changes_nothing() -> None:
    result = solve(Problem(people=PEOPLE))
    change = compare(result, result)
    assert (change.added, change.removed, change.changed_mentor) == ((), (), ())
    assert change.kept == tuple(sorted((p.mentor_id, p.mentee_id) for p in result.pairs))
    assert (change.newly_matched, change.newly_unmatched) == ((), ())
    assert (change.coverage_change, change.total_change, change.average_change) == (0, 0, 0)
    assert "Newly matched: none. Newly unmatched: none." in change.summary()


def test_a_stricter_rule_shows_who_loses_and_what_it_costs() -> None:
    before = solve(Problem(people=PEOPLE))
    after = solve(Problem(people=PEOPLE, rules=Rules(forbid_same_department=True)))
    change = compare(before, after)

    pairs_before = {(p.mentor_id, p.mentee_id) for p in before.pairs}
    pairs_after = {(p.mentor_id, p.mentee_id) for p in after.pairs}
    assert set(change.added) == pairs_after - pairs_before
    assert set(change.removed) == pairs_before - pairs_after
    assert set(change.kept) == pairs_before & pairs_after
    assert ("m1", "e1") in change.removed  # same department now forbidden
    assert change.total_change == after.total_score - before.total_score
    assert change.total_change < 0
    assert change.coverage_before == before.coverage
    assert change.coverage_after == after.coverage


def test_it_lists_people_newly_matched_and_unmatched_on_both_sides() -> None:
    before = solve(Problem(people=PEOPLE))
    only_one_mentor = tuple(p for p in PEOPLE if p.id != "m2")
    after = solve(Problem(people=only_one_mentor))
    change = compare(after, before)
    assert "m2" in change.newly_matched
    reverse = compare(before, after)
    assert "m2" in reverse.newly_unmatched
    assert set(reverse.newly_unmatched) == set(change.newly_matched)


def test_a_mentee_who_changes_mentor_is_listed_with_both() -> None:
    base = solve(Problem(people=PEOPLE))
    pairs = {p.mentee_id: p for p in base.pairs}
    moved = dataclasses.replace(pairs["e1"], mentor_id="m2")
    after = dataclasses.replace(
        base, pairs=tuple(moved if p.mentee_id == "e1" else p for p in base.pairs)
    )
    change = compare(base, after)
    assert change.changed_mentor == (("e1", pairs["e1"].mentor_id, "m2"),)
    assert "(1 mentee changed mentor)" in change.summary()


def test_the_summary_reads_the_numbers_and_the_objective_change() -> None:
    before = solve(Problem(people=PEOPLE))
    after = solve(Problem(people=PEOPLE, objective=Objective.STABLE))
    text = compare(before, after).summary()
    assert text.startswith("Objective: max-total → stable.")
    assert f"Coverage: {before.coverage:.1%} → {after.coverage:.1%}" in text
    assert f"Total score: {before.total_score:.2f} → {after.total_score:.2f}" in text


def test_long_lists_of_people_are_cut_short_in_the_summary() -> None:
    mentors = tuple(Person(id=f"m{k:02d}", role=Role.MENTOR, career_stage=1) for k in range(14))
    mentees = tuple(Person(id=f"e{k:02d}", role=Role.MENTEE, career_stage=5) for k in range(14))
    everyone = solve_stable(Problem(people=mentors + mentees))
    nobody = dataclasses.replace(everyone, pairs=())
    text = compare(nobody, everyone).summary()
    assert "and 18 more" in text  # 28 people newly matched, 10 named
