"""The help text of every matching rule and weight, read from the engine.

The engine documents each field of :class:`~crossgen.matching.problem.Rules`
and :class:`~crossgen.matching.problem.Weights` with an attribute docstring
(the string literal right under the field). This module parses those
docstrings, so the help text a program manager reads in the browser is
declared once, next to the code that enforces it. A field added to the engine
appears on the settings page with its docstring; a field without one fails
``tests/programs/test_rule_help.py``.

Labels are presentation only (a readable name for a field); a field without a
label here gets one made from its name.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import inspect
import itertools
import textwrap
from dataclasses import dataclass

from crossgen.matching.problem import Objective, Rules, Weights

# Rules a program does not edit on its settings page: pinned pairs are decisions
# about people (made on the review page), and the reference date follows the cohort.
NOT_EDITABLE_RULES = frozenset({"pinned", "reference_date"})

# Form field names: rules keep their engine names, weights are prefixed.
WEIGHT_PREFIX = "weight_"

_LABELS = {
    "min_stage_gap": "Minimum career-stage gap",
    "max_stage_gap": "Maximum career-stage gap",
    "forbid_reporting_chain": "Never within one reporting chain",
    "forbid_same_manager": "Never two people with the same manager",
    "forbid_same_department": "Never two people from the same department",
    "min_overlap_hours": "Minimum shared working hours",
    "forbid_previous_partners": "Never previous partners",
    "weight_forward": "Skills the mentor can teach (forward)",
    "weight_reciprocal": "Insight back to the mentor (reciprocal)",
    "weight_diversity": "Diversity of the pair",
    "weight_timezone": "Time-zone comfort",
}


@dataclass(frozen=True, slots=True)
class FieldHelp:
    """One editable rule or weight as the settings page shows it."""

    field: str  # the engine's field name ("min_stage_gap", "forward")
    name: str  # the form field name ("min_stage_gap", "weight_forward")
    label: str
    help: str  # the engine's attribute docstring
    annotation: object  # the field's type (bool, int, int | None, float)
    default: object


@dataclass(frozen=True, slots=True)
class ObjectiveHelp:
    value: str
    label: str
    help: str


# The objective is an enum without per-member docstrings; its plain-language
# explanations for program managers live here (technical ones: matching/solve.py).
OBJECTIVES: tuple[ObjectiveHelp, ...] = (
    ObjectiveHelp(
        Objective.MAX_PARTICIPATION.value,
        "Most people paired",
        "As many pairs as the rules allow, then the best total fit among those. "
        "The usual choice: nobody is left out to make other pairs slightly better.",
    ),
    ObjectiveHelp(
        Objective.MAX_TOTAL.value,
        "Best overall fit",
        "The pairs with the highest combined score, even if that leaves a few "
        "more people without a partner.",
    ),
    ObjectiveHelp(
        Objective.FAIR.value,
        "Fairest",
        "As many pairs as possible, then the weakest pair made as good as it can be, "
        "so no one gets a poor match to make the others better.",
    ),
    ObjectiveHelp(
        Objective.STABLE.value,
        "Stable",
        "No mentor and mentee would both rather be with each other than with the "
        "partners they got (each person's preferences follow the pair scores).",
    ),
)


def attribute_docstrings(cls: type) -> dict[str, str]:
    """The attribute docstrings of a class: ``{field: text}``.

    Examples
    --------
    >>> attribute_docstrings(Weights)["timezone"]
    'Comfort of the working-hours overlap.'
    """
    return dict(_attribute_docstrings(cls))


@functools.cache
def _attribute_docstrings(cls: type) -> tuple[tuple[str, str], ...]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    classdef = next(node for node in tree.body if isinstance(node, ast.ClassDef))
    docs: list[tuple[str, str]] = []
    body = classdef.body
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs.append((statement.target.id, inspect.cleandoc(following.value.value)))
    return tuple(docs)


def label_for(name: str) -> str:
    """A readable label for a form field name."""
    if name in _LABELS:
        return _LABELS[name]
    return name.removeprefix(WEIGHT_PREFIX).replace("_", " ").capitalize()


def _fields(cls: type[Rules] | type[Weights], prefix: str, skip: frozenset[str]) -> list[FieldHelp]:
    docs = attribute_docstrings(cls)
    hints = inspect.get_annotations(cls, eval_str=True)
    result = []
    for item in dataclasses.fields(cls):
        if item.name in skip:
            continue
        name = f"{prefix}{item.name}"
        result.append(
            FieldHelp(
                field=item.name,
                name=name,
                label=label_for(name),
                help=docs.get(item.name, ""),
                annotation=hints[item.name],
                default=item.default,
            )
        )
    return result


@functools.cache
def rule_fields() -> tuple[FieldHelp, ...]:
    """The hard rules a program edits, in the engine's order."""
    return tuple(_fields(Rules, "", NOT_EDITABLE_RULES))


@functools.cache
def weight_fields() -> tuple[FieldHelp, ...]:
    """The score weights, in the engine's order (form names ``weight_<field>``)."""
    return tuple(_fields(Weights, WEIGHT_PREFIX, frozenset()))


def objective_help(value: str) -> ObjectiveHelp | None:
    return next((o for o in OBJECTIVES if o.value == value), None)
