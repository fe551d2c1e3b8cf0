"""Participants + rules file -> one ``Problem``, or one error listing everything wrong."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from crossgen.matching.io.errors import InputProblem, MatchingInputError
from crossgen.matching.io.participants import parse_participants
from crossgen.matching.io.rules_file import RulesFile, parse_rules
from crossgen.matching.problem import Objective, Person, Problem, Role


def load_problem(
    participants: Path | str,
    rules: Path | str,
    *,
    objective: Objective | None = None,
    seed: int | None = None,
) -> Problem:
    """Read both files and check them against each other (pinned pairs name real
    people on the right sides, within capacity).

    ``objective`` and ``seed`` override the rules file (the CLI's flags).

    Raises
    ------
    MatchingInputError
        With the problems of both files at once.
    """
    participants, rules = Path(participants), Path(rules)
    parsed = parse_participants(participants, source=participants.name)
    loaded, rule_problems = parse_rules(rules, source=rules.name)
    problems = [*parsed.problems, *rule_problems]
    problems.extend(pinned_problems(loaded, parsed.people, parsed.role_by_id, source=rules.name))
    if problems:
        raise MatchingInputError(problems)
    return Problem(
        people=parsed.people,
        rules=loaded.rules,
        weights=loaded.weights,
        objective=objective if objective is not None else loaded.objective,
        seed=seed if seed is not None else loaded.seed,
    )


def pinned_problems(
    loaded: RulesFile,
    people: tuple[Person, ...],
    role_by_id: Mapping[str, Role | None],
    *,
    source: str,
) -> list[InputProblem]:
    """Pinned pairs that cannot all hold at once: unknown ids, wrong roles, a mentee
    pinned twice, a mentor pinned beyond capacity."""
    problems: list[InputProblem] = []
    capacity = {p.id: p.capacity for p in people if p.role is Role.MENTOR}
    entries = loaded.pinned_entries or tuple(range(1, len(loaded.rules.pinned) + 1))
    first_entry_of_mentee: dict[str, int] = {}
    pins_per_mentor: Counter[str] = Counter()
    for number, (mentor_id, mentee_id) in zip(entries, loaded.rules.pinned, strict=True):
        where = f"pinned[{number}]"
        for key, person_id, role in (
            ("mentor", mentor_id, Role.MENTOR),
            ("mentee", mentee_id, Role.MENTEE),
        ):
            if person_id not in role_by_id:
                problems.append(
                    InputProblem(None, f"{where}.{key}", f"unknown id {person_id!r}", source)
                )
            elif role_by_id[person_id] is not role:
                actual = role_by_id[person_id]
                what = f"a {actual.value}" if actual is not None else "not taking part"
                problems.append(
                    InputProblem(
                        None,
                        f"{where}.{key}",
                        f"{person_id!r} is {what}, not a {role.value}",
                        source,
                    )
                )
        if mentee_id in first_entry_of_mentee:
            problems.append(
                InputProblem(
                    None,
                    f"{where}.mentee",
                    f"{mentee_id!r} is already pinned in pinned[{first_entry_of_mentee[mentee_id]}]"
                    " (a mentee has one mentor)",
                    source,
                )
            )
            continue
        first_entry_of_mentee[mentee_id] = number
        pins_per_mentor[mentor_id] += 1
        if mentor_id in capacity and pins_per_mentor[mentor_id] == capacity[mentor_id] + 1:
            problems.append(
                InputProblem(
                    None,
                    f"{where}.mentor",
                    f"{mentor_id!r} is pinned to more mentees than their capacity "
                    f"({capacity[mentor_id]})",
                    source,
                )
            )
    return problems
