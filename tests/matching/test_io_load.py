"""Loading a whole problem: both files checked against each other, all problems at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossgen.matching.io import MatchingInputError, load_problem
from crossgen.matching.problem import Objective

PEOPLE = """employee_id,role,career_stage,department,location,timezone,manager_id,teaches,learns,capacity
M1,mentor,1,IT,Lyon,Europe/Paris,BOSS,ai:4,strategy:2,2
M2,mentor,1,IT,Lyon,Europe/Paris,BOSS,ai:3,,1
S1,mentee,5,Sales,Paris,Europe/Paris,,strategy:4,ai:3,
S2,mentee,5,Sales,Paris,Europe/Paris,,,ai:2,
S3,mentee,5,Sales,Paris,Europe/Paris,,,ai:1,
BOSS,,,,,,,,,
"""


def files(tmp_path: Path, rules: str, people: str = PEOPLE) -> tuple[Path, Path]:
    (tmp_path / "people.csv").write_text(people)
    (tmp_path / "rules.toml").write_text(rules)
    return tmp_path / "people.csv", tmp_path / "rules.toml"


def pinned(*pairs: tuple[str, str]) -> str:
    return "".join(f'[[pinned]]\nmentor = "{a}"\nmentee = "{b}"\n' for a, b in pairs)


def problems(tmp_path: Path, rules: str, people: str = PEOPLE) -> list[tuple[str, str, str]]:
    with pytest.raises(MatchingInputError) as caught:
        load_problem(*files(tmp_path, rules, people))
    return [(p.source, p.field, p.message) for p in caught.value.problems]


def test_it_builds_a_problem_from_both_files(tmp_path: Path) -> None:
    problem = load_problem(
        *files(tmp_path, 'objective = "stable"\nseed = 3\n' + pinned(("M1", "S1")))
    )
    assert [p.id for p in problem.mentors] == ["M1", "M2"]
    assert [p.id for p in problem.mentees] == ["S1", "S2", "S3"]
    assert len(problem.people) == 6
    assert problem.rules.pinned == (("M1", "S1"),)
    assert (problem.objective, problem.seed) == (Objective.STABLE, 3)


def test_the_command_line_objective_and_seed_override_the_file(tmp_path: Path) -> None:
    problem = load_problem(
        *files(tmp_path, 'objective = "stable"\nseed = 3\n'), objective=Objective.FAIR, seed=9
    )
    assert (problem.objective, problem.seed) == (Objective.FAIR, 9)


def test_it_rejects_a_mentee_pinned_twice(tmp_path: Path) -> None:
    found = problems(tmp_path, pinned(("M1", "S1"), ("M2", "S1")))
    assert [(field, "pinned[1]" in message) for _, field, message in found] == [
        ("pinned[2].mentee", True)
    ]


def test_it_rejects_a_mentor_pinned_beyond_capacity(tmp_path: Path) -> None:
    found = problems(tmp_path, pinned(("M2", "S1"), ("M2", "S2"), ("M1", "S3")))
    assert [field for _, field, _ in found] == ["pinned[2].mentor"]
    assert "capacity (1)" in found[0][2]


def test_a_mentor_pinned_up_to_capacity_is_fine(tmp_path: Path) -> None:
    problem = load_problem(*files(tmp_path, pinned(("M1", "S1"), ("M1", "S2"))))
    assert len(problem.rules.pinned) == 2


def test_it_rejects_unknown_ids_and_wrong_roles_in_pinned_pairs(tmp_path: Path) -> None:
    found = problems(tmp_path, pinned(("GHOST", "S1"), ("S2", "M1"), ("BOSS", "S3")))
    assert [field for _, field, _ in found] == [
        "pinned[1].mentor",
        "pinned[2].mentor",
        "pinned[2].mentee",
        "pinned[3].mentor",
    ]
    messages = " | ".join(message for _, _, message in found)
    assert "unknown id 'GHOST'" in messages
    assert "'S2' is a mentee, not a mentor" in messages
    assert "'BOSS' is not taking part" in messages


def test_problems_of_both_files_come_in_one_error(tmp_path: Path) -> None:
    bad_people = PEOPLE.replace("M2,mentor,1", "M2,mentor,one")
    found = problems(tmp_path, "[rules]\nmin_stage_gap = -2\n" + pinned(("M1", "NOPE")), bad_people)
    assert {(source, field) for source, field, _ in found} == {
        ("people.csv", "career_stage"),
        ("rules.toml", "rules.min_stage_gap"),
        ("rules.toml", "pinned[1].mentee"),
    }


def test_a_pinned_pair_naming_a_row_with_a_typo_is_not_called_unknown(tmp_path: Path) -> None:
    bad_people = PEOPLE.replace("S1,mentee,5,", "S1,mentee,five,")
    found = problems(tmp_path, pinned(("M1", "S1")), bad_people)
    assert [field for _, field, _ in found] == ["career_stage"]
