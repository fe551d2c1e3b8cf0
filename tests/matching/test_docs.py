"""Every setting of matching is documented, with its true default, in
docs/matching.md and in examples/matching/rules.toml; the examples load; the
docstring examples of the engine's edges run."""

from __future__ import annotations

import dataclasses
import doctest
import importlib
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from crossgen.matching.feasibility import RULE_NAMES
from crossgen.matching.io import load_problem, read_rules
from crossgen.matching.io.participants import ALL_COLUMNS
from crossgen.matching.problem import Rules, Weights

ROOT = Path(__file__).resolve().parents[2]
DOCS = (ROOT / "docs" / "matching.md").read_text(encoding="utf-8")
EXAMPLE_RULES = ROOT / "examples" / "matching" / "rules.toml"
EXAMPLE_PEOPLE = ROOT / "examples" / "matching" / "participants.csv"
FIELDS = [("rules", f) for f in dataclasses.fields(Rules)] + [
    ("weights", f) for f in dataclasses.fields(Weights)
]


def toml_literal(value: object) -> str:
    """How the docs table writes a default."""
    if value is None:
        return "unset"
    if value == ():
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f'`"{value}"`'
    return f"`{value!r}`"


def section_text(heading: str) -> str:
    """The text under a markdown heading, up to the next heading of any level."""
    start = DOCS.index(heading + "\n")
    rest = DOCS[start + len(heading) :]
    following = re.search(r"^#{2,3} ", rest, flags=re.MULTILINE)
    return rest[: following.start()] if following else rest


HEADINGS = {
    "rules": "### `[rules]`: hard rules",
    "weights": "### `[weights]`: how much each part of the score counts",
    "columns": "## The participants table",
}


def docs_row(key: str, section: str) -> list[str]:
    text = section_text(HEADINGS[section])
    rows = [line for line in text.splitlines() if line.startswith(f"| `{key}` |")]
    assert len(rows) == 1, f"docs/matching.md needs one row for `{key}` under {HEADINGS[section]}"
    return [cell.strip() for cell in rows[0].strip("|").split("|")]


@pytest.mark.parametrize(("section", "field"), FIELDS, ids=lambda x: getattr(x, "name", x))
def test_every_field_is_in_the_docs_with_its_default(
    section: str, field: dataclasses.Field[object]
) -> None:
    default = field.default
    cells = docs_row(field.name, section)
    assert cells[1] == toml_literal(default), f"{section}.{field.name}: docs say {cells[1]}"
    assert len(cells[2]) > 20, f"{section}.{field.name} needs a meaning in the docs"


@pytest.mark.parametrize(("section", "field"), FIELDS, ids=lambda x: getattr(x, "name", x))
def test_every_field_is_in_the_example_rules_file_with_a_comment(
    section: str, field: dataclasses.Field[object]
) -> None:
    text = EXAMPLE_RULES.read_text(encoding="utf-8")
    key = r"\[\[pinned\]\]" if field.name == "pinned" else rf"(# )?{field.name} ="
    match = re.search(rf"^{key}", text, flags=re.MULTILINE)
    assert match, f"examples/matching/rules.toml does not set {section}.{field.name}"
    before = text[: match.start()].rstrip().splitlines()
    assert before and before[-1].startswith("#"), f"{field.name} needs a comment above it"
    assert "Default" in "\n".join(before[-4:]), f"the comment on {field.name} names no default"


def test_the_example_rules_file_sets_every_default_it_comments() -> None:
    loaded = read_rules(EXAMPLE_RULES)
    assert dataclasses.replace(loaded.rules, pinned=()) == Rules()
    assert loaded.weights == Weights()
    document = tomllib.loads(EXAMPLE_RULES.read_text(encoding="utf-8"))
    assert (document["objective"], document["seed"]) == ("max-total", 0)


def test_every_participants_column_and_rule_name_is_documented() -> None:
    for column in ALL_COLUMNS:
        docs_row(column, "columns")
    for rule in RULE_NAMES:
        assert f"`{rule}`" in DOCS, f"rule {rule} is not in docs/matching.md"


def test_the_examples_load_and_have_about_thirty_people_with_managers() -> None:
    problem = load_problem(EXAMPLE_PEOPLE, EXAMPLE_RULES)
    assert 25 <= len(problem.people) <= 35
    assert any(p.role is None for p in problem.people)
    assert problem.rules.pinned


@pytest.mark.parametrize(
    "module",
    [
        "crossgen.matching.io.participants",
        "crossgen.matching.io.rules_file",
        "crossgen.matching.deferred_acceptance",
        "crossgen.matching.stable",
        "crossgen.matching.explain",
        "crossgen.matching.compare",
    ],
)
def test_the_docstring_examples_run(module: str) -> None:
    failures, tried = doctest.testmod(importlib.import_module(module), verbose=False)
    assert tried > 0
    assert failures == 0


def test_the_engine_and_its_command_import_no_django() -> None:
    # In a fresh interpreter: other tests of the suite may have imported Django.
    code = (
        "import sys\n"
        "import crossgen.matching.io, crossgen.matching.stable, crossgen.matching.explain\n"
        "import crossgen.matching.compare, crossgen.matching.audit, crossgen.cli.matching\n"
        "print('django' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
