"""The matching rules and weights as a form, built from the engine's dataclasses.

One form field per editable field of :class:`~crossgen.matching.problem.Rules`
and :class:`~crossgen.matching.problem.Weights` (weights as ``weight_<name>``),
with the engine's docstring as help text, plus the objective. The settings page
saves it and the live preview (``matchmaking:preview``) reads it, both through
:func:`rules_from_form`, so the two can never disagree about what a value means.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from crossgen.matching.problem import Objective, Rules, Weights
from crossgen.programs.program_settings import MAX_WEIGHT, ProgramSettingsError, rule_problems
from crossgen.programs.rule_help import (
    OBJECTIVES,
    FieldHelp,
    rule_fields,
    weight_fields,
)

# Where a problem about the weights as a whole ("all zero") is reported.
WEIGHTS_KEY = "weights"


def _form_field(spec: FieldHelp, *, is_weight: bool) -> forms.Field:
    label = spec.label
    annotation = spec.annotation
    options = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else ()
    optional = type(None) in options
    if optional:
        (annotation,) = [a for a in options if a is not type(None)]
    common: dict[str, Any] = {"label": label, "help_text": spec.help}
    if annotation is bool:
        return forms.BooleanField(required=False, **common)
    number_messages = {
        "required": f"Enter a value for “{label}”.",
        "invalid": f"“{label}” must be a {'whole ' if annotation is int else ''}number.",
    }
    attrs: dict[str, str] = {"min": "0", "inputmode": "decimal"}
    if annotation is int:
        attrs["inputmode"] = "numeric"
        if optional:
            attrs["placeholder"] = "No limit"
        return forms.IntegerField(
            required=not optional,
            error_messages=number_messages,
            widget=forms.NumberInput(attrs=attrs),
            **common,
        )
    if annotation is float:
        if is_weight:
            attrs.update(step="0.1", max=f"{MAX_WEIGHT:g}")
        else:
            attrs.update(step="0.5", max="24")
        return forms.FloatField(
            required=True,
            error_messages=number_messages,
            widget=forms.NumberInput(attrs=attrs),
            **common,
        )
    raise TypeError(f"No form field for {spec.field}: {spec.annotation!r}")  # pragma: no cover


@dataclass(frozen=True, slots=True)
class RuleRow:
    field: forms.BoundField
    spec: FieldHelp


@dataclass(frozen=True, slots=True)
class ObjectiveRow:
    value: str
    label: str
    help: str
    checked: bool


class MatchingRulesForm(forms.Form):
    """Every editable rule and weight of the engine, and the objective."""

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        rules: Rules | None = None,
        weights: Weights | None = None,
        objective: str = Objective.MAX_PARTICIPATION.value,
        stage_count: int | None = None,
    ) -> None:
        rules, weights = rules or Rules(), weights or Weights()
        initial: dict[str, Any] = {spec.name: getattr(rules, spec.field) for spec in rule_fields()}
        initial.update({spec.name: getattr(weights, spec.field) for spec in weight_fields()})
        initial["objective"] = objective
        super().__init__(data, initial=initial)
        self.stage_count = stage_count
        for spec in rule_fields():
            self.fields[spec.name] = _form_field(spec, is_weight=False)
        for spec in weight_fields():
            self.fields[spec.name] = _form_field(spec, is_weight=True)
        self.fields["objective"] = forms.ChoiceField(
            label="Objective",
            choices=[(o.value, o.label) for o in OBJECTIVES],
            widget=forms.RadioSelect,
            error_messages={
                "required": "Choose what matching should aim for.",
                "invalid_choice": "Choose one of the objectives listed.",
            },
        )

    def values(self) -> tuple[Rules, Weights, str]:
        """The cleaned values; a field that failed its own check takes its default."""
        data = self.cleaned_data
        rules = Rules(**{spec.field: data.get(spec.name, spec.default) for spec in rule_fields()})
        weights = Weights(
            **{spec.field: data.get(spec.name, spec.default) for spec in weight_fields()}
        )
        return rules, weights, data.get("objective") or Objective.MAX_PARTICIPATION.value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        rules, weights, objective = self.values()
        failed = set(self.errors)
        # A check that compares with a field that failed would compare with its default.
        depends_on = {
            "max_stage_gap": {"min_stage_gap"},
            WEIGHTS_KEY: {spec.name for spec in weight_fields()},
        }
        problems = rule_problems(rules, weights, objective, stage_count=self.stage_count)
        for key, message in problems.items():
            if key in failed or depends_on.get(key, set()) & failed:
                continue
            self.add_error(key if key in self.fields else None, message)
        return cleaned

    def result(self) -> tuple[Rules, Weights, Objective]:
        """The validated rules, weights and objective (call after ``is_valid()``)."""
        if not self.is_valid():
            raise ProgramSettingsError(self.problems())
        rules, weights, objective = self.values()
        return rules, weights, Objective(objective)

    def problems(self) -> dict[str, str]:
        return {
            (WEIGHTS_KEY if field == NON_FIELD_ERRORS else field): " ".join(map(str, messages))
            for field, messages in self.errors.items()
        }

    # For the template: each field with its help, grouped as the page shows them.
    def rule_rows(self) -> list[RuleRow]:
        return [RuleRow(self[spec.name], spec) for spec in rule_fields()]

    def weight_rows(self) -> list[RuleRow]:
        return [RuleRow(self[spec.name], spec) for spec in weight_fields()]

    def objective_rows(self) -> list[ObjectiveRow]:
        current = str(self["objective"].value() or "")
        return [ObjectiveRow(o.value, o.label, o.help, o.value == current) for o in OBJECTIVES]

    def weights_errors(self) -> list[str]:
        return [str(message) for message in self.non_field_errors()]


def rules_from_form(
    data: Mapping[str, Any], *, stage_count: int | None = None
) -> tuple[Rules, Weights, Objective]:
    """Read and check the rules, weights and objective posted by the settings form.

    Field names: the engine's rule names (``min_stage_gap``, ``forbid_same_manager``,
    ...), ``weight_<name>`` for weights, and ``objective``. An unticked checkbox is
    absent from the data and means ``False``. Raise ``ProgramSettingsError`` with
    every problem, keyed by field name (``weights`` for the weights as a whole).
    ``stage_count`` (the ladder's length) also checks the minimum gap against it.

    >>> rules, weights, objective = rules_from_form({
    ...     "min_stage_gap": "2", "min_overlap_hours": "1.5", "forbid_reporting_chain": "on",
    ...     "weight_forward": "1", "weight_reciprocal": "1", "weight_diversity": "0",
    ...     "weight_timezone": "0", "objective": "fair"})
    >>> rules.min_stage_gap, rules.max_stage_gap, rules.forbid_same_manager, objective.value
    (2, None, False, 'fair')
    """
    form = MatchingRulesForm(data, stage_count=stage_count)
    if not form.is_valid():
        raise ProgramSettingsError(form.problems())
    return form.result()
