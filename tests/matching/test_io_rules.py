"""Reading the rules file: every field of Rules and Weights, and every bad key at once."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from crossgen.matching.io import MatchingInputError, read_rules
from crossgen.matching.problem import Objective, Rules, Weights


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problem_fields(tmp_path: Path, text: str) -> set[str]:
    with pytest.raises(MatchingInputError) as caught:
        read_rules(write(tmp_path, text))
    assert all(p.row is None for p in caught.value.problems)
    return {p.field for p in caught.value.problems}


def test_an_empty_rules_file_means_every_default(tmp_path: Path) -> None:
    loaded = read_rules(write(tmp_path, ""))
    assert loaded.rules == Rules()
    assert loaded.weights == Weights()
    assert (loaded.objective, loaded.seed) == (Objective.MAX_TOTAL, 0)


def test_it_reads_every_field_of_rules_and_weights(tmp_path: Path) -> None:
    text = """
objective = "fair"
seed = 42

[rules]
min_stage_gap = 2
max_stage_gap = 4
forbid_reporting_chain = false
forbid_same_manager = true
forbid_same_department = true
min_overlap_hours = 3     # an int where a float is expected is fine
forbid_previous_partners = false
reference_date = 2026-07-01   # a TOML date

[weights]
forward = 2.0
reciprocal = 1
diversity = 0.0
timezone = 0.25

[[pinned]]
mentor = "M1"
mentee = "S1"

[[pinned]]
mentor = "M2"
mentee = "S2"
"""
    loaded = read_rules(write(tmp_path, text))
    assert loaded.rules == Rules(
        min_stage_gap=2,
        max_stage_gap=4,
        forbid_reporting_chain=False,
        forbid_same_manager=True,
        forbid_same_department=True,
        min_overlap_hours=3.0,
        forbid_previous_partners=False,
        reference_date="2026-07-01",
        pinned=(("M1", "S1"), ("M2", "S2")),
    )
    assert loaded.weights == Weights(forward=2.0, reciprocal=1.0, diversity=0.0, timezone=0.25)
    assert (loaded.objective, loaded.seed) == (Objective.FAIR, 42)
    assert isinstance(loaded.weights.reciprocal, float)


def test_the_test_above_sets_every_field_so_a_new_one_is_noticed() -> None:
    # If Rules or Weights gain a field, the test above must learn to set it.
    assert {f.name for f in dataclasses.fields(Rules)} == {
        "min_stage_gap",
        "max_stage_gap",
        "forbid_reporting_chain",
        "forbid_same_manager",
        "forbid_same_department",
        "min_overlap_hours",
        "forbid_previous_partners",
        "reference_date",
        "pinned",
    }
    assert {f.name for f in dataclasses.fields(Weights)} == {
        "forward",
        "reciprocal",
        "diversity",
        "timezone",
    }


def test_it_lists_every_unknown_key_and_wrong_type_at_once(tmp_path: Path) -> None:
    text = """
objectve = "stable"
seed = "seven"
objective = "cheapest"

[rules]
min_stage_gap = true
max_stage_gap = 1.5
forbid_same_manager = "yes"
min_overlap_hours = "2h"
reference_date = "15/01/2026"
forbid_same_floor = true
pinned = [["M1", "S1"]]

[weights]
forward = -1
timezone = nan
colour = 1

[[pinned]]
mentor = "M1"
mentee = 7
colour = "red"
"""
    assert problem_fields(tmp_path, text) == {
        "objectve",
        "seed",
        "objective",
        "rules.min_stage_gap",
        "rules.max_stage_gap",
        "rules.forbid_same_manager",
        "rules.min_overlap_hours",
        "rules.reference_date",
        "rules.forbid_same_floor",
        "rules.pinned",
        "weights.forward",
        "weights.timezone",
        "weights.colour",
        "pinned[1].mentee",
        "pinned[1].colour",
    }


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("[rules]\nmin_stage_gap = -1", "rules.min_stage_gap"),
        ("[rules]\nmin_stage_gap = 3\nmax_stage_gap = 2", "rules.max_stage_gap"),
        ("[rules]\nmin_overlap_hours = 25", "rules.min_overlap_hours"),
        ("[rules]\nreference_date = 2026-02-30", ""),  # TOML itself rejects the date
        ("rules = 3", "rules"),
        ("pinned = 3", "pinned"),
        ("pinned = [3]", "pinned[1]"),
        ('[[pinned]]\nmentor = "M1"', "pinned[1].mentee"),
        ('[[pinned]]\nmentor = "  "\nmentee = "S1"', "pinned[1].mentor"),
        ("objective = 3", "objective"),
        ("seed = true", "seed"),
        ("[weights]\ndiversity = inf", "weights.diversity"),
        ("this is not toml", ""),
    ],
)
def test_it_rejects_out_of_range_and_malformed_values(
    tmp_path: Path, text: str, field: str
) -> None:
    assert problem_fields(tmp_path, text) == {field}


def test_a_rules_file_that_is_not_utf8_is_one_clear_problem(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_bytes("seed = 1 # caf\xe9".encode("latin-1"))
    with pytest.raises(MatchingInputError, match="UTF-8"):
        read_rules(path)
