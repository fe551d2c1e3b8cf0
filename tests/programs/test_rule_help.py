"""The help text of every matching rule and weight is declared once, in the
engine, and shown on the program settings page."""

from __future__ import annotations

import dataclasses

from django.urls import reverse
from django.utils.html import escape

from crossgen.matching.problem import Objective, Rules, Weights
from crossgen.programs.rule_help import (
    NOT_EDITABLE_RULES,
    OBJECTIVES,
    attribute_docstrings,
    rule_fields,
    weight_fields,
)
from tests.conftest import World
from tests.programs.factories import CohortFactory, ProgramFactory


def test_every_editable_rule_and_weight_has_help_text_from_the_engine() -> None:
    expected = {f.name for f in dataclasses.fields(Rules)} - NOT_EDITABLE_RULES
    assert {spec.field for spec in rule_fields()} == expected
    assert {spec.field for spec in weight_fields()} == {f.name for f in dataclasses.fields(Weights)}
    for spec in (*rule_fields(), *weight_fields()):
        assert spec.help, f"{spec.field} has no attribute docstring in crossgen/matching/problem.py"
        assert spec.label


def test_the_help_text_is_the_engines_docstring_word_for_word() -> None:
    forward = next(spec for spec in weight_fields() if spec.field == "forward")
    assert forward.help == (
        "How well the mentor's teachable skills cover the mentee's learning goals."
    )
    gap = next(spec for spec in rule_fields() if spec.field == "min_stage_gap")
    assert gap.help == attribute_docstrings(Rules)["min_stage_gap"]


def test_weights_are_named_with_a_prefix_and_rules_keep_their_engine_names() -> None:
    assert [spec.name for spec in weight_fields()] == [
        "weight_forward",
        "weight_reciprocal",
        "weight_diversity",
        "weight_timezone",
    ]
    assert "min_stage_gap" in {spec.name for spec in rule_fields()}


def test_a_field_without_a_docstring_has_no_help_so_the_check_above_would_fail() -> None:
    @dataclasses.dataclass
    class Example:
        documented: int = 1
        """Says what it does."""
        undocumented: int = 2

    docs = attribute_docstrings(Example)
    assert docs == {"documented": "Says what it does."}


def test_every_objective_has_a_plain_explanation() -> None:
    assert {o.value for o in OBJECTIVES} == {o.value for o in Objective}
    assert all(o.label and len(o.help) > 40 for o in OBJECTIVES)


def test_every_rule_weight_and_objective_appears_on_the_settings_page_with_its_help(
    world: World,
) -> None:
    program = ProgramFactory.create(organization=world.acme)
    CohortFactory.create(program=program)
    url = reverse("programs:settings", kwargs={"program_id": program.pk})
    body = world.client_for(world.bob).get(url).content.decode()
    for spec in (*rule_fields(), *weight_fields()):
        assert f'name="{spec.name}"' in body, spec.name
        assert escape(spec.help) in body, spec.name
        assert escape(spec.label) in body, spec.name
    for objective in OBJECTIVES:
        assert f'value="{objective.value}"' in body
        assert escape(objective.help) in body
