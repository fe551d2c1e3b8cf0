"""`crossgen match` and `crossgen score`, driven through the real Typer app."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crossgen.cli import _register_all, app
from crossgen.cli import matching as matching_cli
from crossgen.matching import broken_rules, score_parts
from crossgen.matching.io import load_problem
from crossgen.matching.io.writers import PAIRS_COLUMNS

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "matching"
runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def registered() -> None:
    if not any(command.name == "match" for command in app.registered_commands):
        _register_all()


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    shutil.copy(EXAMPLES / "participants.csv", tmp_path / "people.csv")
    shutil.copy(EXAMPLES / "rules.toml", tmp_path / "rules.toml")
    return tmp_path / "people.csv", tmp_path / "rules.toml"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_match_writes_the_pairs_and_the_unmatched_and_prints_a_summary(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    people, rules = inputs
    result = runner.invoke(app, ["match", str(people), "--rules", str(rules),
                                 "--out", str(tmp_path / "pairs.csv")])  # fmt: skip
    assert result.exit_code == 0, result.output
    pairs = rows(tmp_path / "pairs.csv")
    assert list(pairs[0]) == list(PAIRS_COLUMNS)
    assert f"Pairs:        {len(pairs)} (11 mentees, 14 mentors)" in result.output
    assert "Certificate:  optimal (proven)" in result.output
    assert [p["pinned"] for p in pairs].count("yes") == 1
    unmatched = rows(tmp_path / "pairs-unmatched.csv")
    assert unmatched and all(u["reason"] for u in unmatched)
    assert all(p["explanation"] == "" for p in pairs)


def test_explain_writes_a_sentence_for_every_pair(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    people, rules = inputs
    out = tmp_path / "pairs.csv"
    result = runner.invoke(app, ["match", str(people), "--rules", str(rules), "--out", str(out),
                                 "--explain", "--unmatched-out", str(tmp_path / "left.csv")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert all(p["explanation"].endswith("a day.") for p in rows(out))
    assert (tmp_path / "left.csv").exists()
    assert not (tmp_path / "pairs-unmatched.csv").exists()


def test_the_objective_flag_overrides_the_rules_file(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    people, rules = inputs
    result = runner.invoke(app, ["match", str(people), "--rules", str(rules),
                                 "--out", str(tmp_path / "p.csv"), "--objective", "stable"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Objective:    stable" in result.output
    assert "Certificate:  not applicable to the stable objective" in result.output


def test_a_time_budget_and_a_seed_are_accepted(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    people, rules = inputs
    result = runner.invoke(app, ["match", str(people), "--rules", str(rules), "--out",
                                 str(tmp_path / "p.csv"), "--time-budget", "30", "--seed", "7"])  # fmt: skip
    assert result.exit_code == 0, result.output


def test_bad_input_lists_every_problem_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(
        "employee_id,role,career_stage,department,location,timezone,manager_id,teaches,learns\n"
        "M1,mentor,1,IT,Lyon,Europe/Paris,,ai:5,\n"
        "S1,mentee,4,IT,Lyon,Europe/Atlantis,,,ai:2\n"
    )
    rules = tmp_path / "rules.toml"
    rules.write_text("[rules]\nmin_stage_gap = 'one'\n")
    out = tmp_path / "pairs.csv"
    out.write_text("the previous run\n")
    before = sorted(p.name for p in tmp_path.iterdir())

    result = runner.invoke(app, ["match", str(people), "--rules", str(rules), "--out", str(out)])

    assert result.exit_code == 2
    assert "3 problems in the input" in result.output
    assert "people.csv, row 2, teaches: level of 'ai' must be a whole number from 1 to 4" in (
        result.output
    )
    assert "people.csv, row 3, timezone: unknown time zone 'Europe/Atlantis'" in result.output
    assert "rules.toml, rules.min_stage_gap: must be a whole number" in result.output
    assert "Nothing was written." in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert out.read_text() == "the previous run\n"


def test_it_refuses_to_overwrite_an_input_file(inputs: tuple[Path, Path]) -> None:
    people, rules = inputs
    original = people.read_bytes()
    result = runner.invoke(app, ["match", str(people), "--rules", str(rules), "--out", str(people)])
    assert result.exit_code == 2
    assert "Refusing to overwrite an input file" in result.output
    assert people.read_bytes() == original


def test_score_writes_every_pair_in_long_form(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    people, rules = inputs
    out = tmp_path / "scores.csv"
    result = runner.invoke(app, ["score", str(people), "--rules", str(rules), "--out", str(out)])
    assert result.exit_code == 0, result.output
    problem = load_problem(people, rules)
    table = rows(out)
    assert len(table) == len(problem.mentors) * len(problem.mentees) == 154
    by_id = {p.id: p for p in problem.people}
    for row in table:
        mentor, mentee = by_id[row["mentor_id"]], by_id[row["mentee_id"]]
        parts = score_parts(problem, mentor, mentee)
        assert float(row["score"]) == pytest.approx(parts.total, abs=1e-6)
        assert float(row["forward"]) == pytest.approx(parts.forward, abs=1e-6)
        broken = broken_rules(problem, mentor, mentee)
        assert row["broken_rules"] == ";".join(broken)
        assert row["feasible"] == ("no" if broken else "yes")


def test_score_refuses_a_big_program_unless_forced(
    inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matching_cli, "SCORE_PAIRS_LIMIT", 100)
    people, rules = inputs
    out = tmp_path / "scores.csv"
    refused = runner.invoke(app, ["score", str(people), "--rules", str(rules), "--out", str(out)])
    assert refused.exit_code == 2
    assert "154 pairs, more than 100" in refused.output
    assert not out.exists()
    forced = runner.invoke(app, ["score", str(people), "--rules", str(rules), "--out", str(out),
                                 "--force"])  # fmt: skip
    assert forced.exit_code == 0, forced.output
    assert len(rows(out)) == 154


def test_cells_that_would_run_as_formulas_are_neutralised(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(
        "employee_id,role,career_stage,department,location,timezone,manager_id,teaches,learns\n"
        "=HYPERLINK(1),mentor,1,IT,Lyon,Europe/Paris,,ai:4,\n"
        "@SUM(2),mentee,4,Sales,Lyon,Europe/Paris,,,ai:2\n"
        "-3,mentee,4,Sales,Lyon,Europe/Paris,,,ai:3\n"
    )
    rules = tmp_path / "rules.toml"
    rules.write_text("")
    out = tmp_path / "pairs.csv"
    result = runner.invoke(app, ["match", str(people), "--rules", str(rules), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text() + (tmp_path / "pairs-unmatched.csv").read_text()
    assert "'=HYPERLINK(1)" in text
    assert "'@SUM(2)" in text
    assert "'-3" in text
    for line in text.splitlines():
        assert not any(cell.startswith(("=", "@", "+", "-")) for cell in line.split(","))


def _with_cell(people: Path, column: str, value: str) -> None:
    table = rows(people)
    table[0][column] = value
    with people.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("teaches", "generative-ai:\u00b2", "level of 'generative-ai'"),
        ("career_stage", "99999999999999999999999", "career_stage"),
    ],
    ids=["superscript-level", "huge-career-stage"],
)
def test_odd_numbers_in_the_participants_file_are_input_errors(
    inputs: tuple[Path, Path], tmp_path: Path, column: str, value: str, expected: str
) -> None:
    people, rules = inputs
    _with_cell(people, column, value)
    out = tmp_path / "pairs.csv"
    result = runner.invoke(app, ["match", str(people), "--rules", str(rules), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert expected in result.output and "Nothing was written" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("setting", "expected"),
    [("seed = -1", "seed"), ("[weights]\nforward = 5000", "weights.forward")],
    ids=["negative-seed", "weight-above-1000"],
)
def test_out_of_range_rules_are_input_errors(
    inputs: tuple[Path, Path], tmp_path: Path, setting: str, expected: str
) -> None:
    people, rules = inputs
    rules.write_text(setting + "\n", encoding="utf-8")  # every other key at its default
    out = tmp_path / "pairs.csv"
    result = runner.invoke(app, ["match", str(people), "--rules", str(rules), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert not out.exists()


def test_a_negative_seed_flag_is_refused(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    people, rules = inputs
    out = tmp_path / "pairs.csv"
    result = runner.invoke(app, ["match", str(people), "--rules", str(rules),
                                 "--out", str(out), "--seed", "-5"])  # fmt: skip
    assert result.exit_code == 2
    assert not out.exists()


def test_an_output_folder_that_does_not_exist_is_a_clear_error(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    people, rules = inputs
    out = tmp_path / "missing" / "pairs.csv"
    result = runner.invoke(app, ["match", str(people), "--rules", str(rules), "--out", str(out)])
    assert result.exit_code == 1
    assert "Could not write" in result.output and "Nothing was written" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
