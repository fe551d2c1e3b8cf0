"""The rules file (TOML): hard rules, weights, objective, seed and pinned pairs.

The accepted keys are read off the ``Rules`` and ``Weights`` dataclasses, so a
field added there is accepted here (and must be documented: see
tests/matching/test_docs.py) without a second list to keep in step.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import tomllib
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from crossgen.matching.checks import MAX_SEED, MAX_WEIGHT
from crossgen.matching.io.errors import InputProblem, MatchingInputError
from crossgen.matching.problem import Objective, Rules, Weights

TOP_LEVEL_KEYS = ("objective", "seed", "rules", "weights", "pinned")
PINNED_KEYS = ("mentor", "mentee")
# Fields set through their own syntax rather than as a plain [rules] key.
_NOT_IN_RULES_TABLE = {"pinned": "write pinned pairs as [[pinned]] tables, not in [rules]"}


@dataclass(frozen=True, slots=True, kw_only=True)
class RulesFile:
    rules: Rules = dataclasses.field(default_factory=Rules)
    weights: Weights = dataclasses.field(default_factory=Weights)
    objective: Objective = Objective.MAX_TOTAL
    seed: int = 0
    pinned_entries: tuple[int, ...] = ()  # [[pinned]] entry number (from 1) of each rules.pinned


def read_rules(path: Path | str) -> RulesFile:
    """Read a rules TOML file; raise ``MatchingInputError`` listing every bad key.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "rules.toml"
    >>> _ = path.write_text('objective = "stable"\\n[rules]\\nmin_stage_gap = 2\\n')
    >>> loaded = read_rules(path)
    >>> loaded.objective.value, loaded.rules.min_stage_gap, loaded.weights.forward
    ('stable', 2, 1.0)
    """
    path = Path(path)
    loaded, problems = parse_rules(path, source=path.name)
    if problems:
        raise MatchingInputError(problems)
    return loaded


def parse_rules(path: Path, *, source: str) -> tuple[RulesFile, list[InputProblem]]:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        return RulesFile(), [
            InputProblem(None, "", f"cannot read the file: {error.strerror}", source)
        ]
    except UnicodeDecodeError:
        return RulesFile(), [InputProblem(None, "", "the rules file must be UTF-8 text", source)]
    except tomllib.TOMLDecodeError as error:
        return RulesFile(), [InputProblem(None, "", f"not valid TOML: {error}", source)]
    return parse_rules_document(document, source=source)


def parse_rules_document(
    document: Mapping[str, object], *, source: str
) -> tuple[RulesFile, list[InputProblem]]:
    problems: list[InputProblem] = []

    def report(key: str, message: str) -> None:
        problems.append(InputProblem(None, key, message, source))

    for key in document:
        if key not in TOP_LEVEL_KEYS:
            report(key, f"unknown key (known: {', '.join(TOP_LEVEL_KEYS)})")

    rules_values = _section(document, "rules", Rules, _RULE_CHECKS, report)
    weights_values = _section(document, "weights", Weights, _WEIGHT_CHECKS, report)
    pinned, pinned_entries = _pinned(document.get("pinned", []), report)
    objective = _objective(document.get("objective", Objective.MAX_TOTAL.value), report)
    seed = document.get("seed", 0)
    if not _is_int(seed):
        report("seed", f"must be a whole number, not {_describe(seed)}")
        seed = 0
    elif not 0 <= seed <= MAX_SEED:  # type: ignore[operator]
        report("seed", f"must be from 0 to 2**63-1, not {seed}")
        seed = 0
    assert isinstance(seed, int)  # narrowed above; mypy cannot follow _is_int

    gaps = rules_values.get("min_stage_gap", 1), rules_values.get("max_stage_gap")
    if isinstance(gaps[0], int) and isinstance(gaps[1], int) and gaps[1] < gaps[0]:
        report("rules.max_stage_gap", f"must be at least min_stage_gap ({gaps[0]})")

    rules = Rules(**rules_values, pinned=pinned)  # type: ignore[arg-type]
    weights = Weights(**weights_values)  # type: ignore[arg-type]
    loaded = RulesFile(
        rules=rules, weights=weights, objective=objective, seed=seed, pinned_entries=pinned_entries
    )
    return loaded, problems


Report = Callable[[str, str], None]
Check = Callable[[object], str | None]


def _section(
    document: Mapping[str, object],
    name: str,
    cls: type[Rules] | type[Weights],
    checks: Mapping[str, Check],
    report: Report,
) -> dict[str, object]:
    table = document.get(name, {})
    if not isinstance(table, dict):
        report(name, f"must be a table ([{name}]), not {_describe(table)}")
        return {}
    hints = typing.get_type_hints(cls)
    fields = {f.name for f in dataclasses.fields(cls)}
    values: dict[str, object] = {}
    for key, value in table.items():
        where = f"{name}.{key}"
        if key in _NOT_IN_RULES_TABLE and cls is Rules:
            report(where, _NOT_IN_RULES_TABLE[key])
            continue
        if key not in fields:
            known = sorted(fields - set(_NOT_IN_RULES_TABLE))
            report(where, f"unknown key (known: {', '.join(known)})")
            continue
        coerced, error = _coerce(value, hints[key])
        if error is None and key in checks:
            error = checks[key](coerced)
        if error is not None:
            report(where, error)
            continue
        values[key] = coerced
    return values


def _coerce(value: object, hint: object) -> tuple[object, str | None]:
    """Check a TOML value against a field's annotation (TOML has no null, so an
    optional field is set by giving a value and left unset by leaving it out)."""
    options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    options = tuple(o for o in options if o is not type(None))
    for option in options:
        if option is bool and isinstance(value, bool):
            return value, None
        if option is int and _is_int(value):
            return value, None
        if option is float and (_is_int(value) or isinstance(value, float)):
            number = float(value)  # type: ignore[arg-type]
            return (number, None) if math.isfinite(number) else (number, "must be a finite number")
        if option is str and isinstance(value, str):
            return value, None
        if option is str and isinstance(value, dt.date):  # TOML has a native date type
            return value.isoformat(), None
    wanted = " or ".join(_TYPE_WORDS.get(o, str(o)) for o in options)
    return value, f"must be {wanted}, not {_describe(value)}"


_TYPE_WORDS: dict[object, str] = {
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    str: "text in quotes",
}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _non_negative(value: object) -> str | None:
    return "must not be negative" if isinstance(value, int | float) and value < 0 else None


def _hours_of_day(value: object) -> str | None:
    if isinstance(value, int | float) and not 0 <= value <= 24:
        return "must be between 0 and 24 hours"
    return None


def _iso_date(value: object) -> str | None:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return f"{value!r} is not a date like 2026-01-15"
    return None


_RULE_CHECKS: dict[str, Check] = {
    "min_stage_gap": _non_negative,
    "max_stage_gap": _non_negative,
    "min_overlap_hours": _hours_of_day,
    "reference_date": _iso_date,
}


def _weight(value: object) -> str | None:
    if isinstance(value, int | float) and not 0 <= value <= MAX_WEIGHT:
        return f"must be between 0 and {MAX_WEIGHT}"
    return None


_WEIGHT_CHECKS: dict[str, Check] = {f.name: _weight for f in dataclasses.fields(Weights)}


def _pinned(entries: object, report: Report) -> tuple[tuple[tuple[str, str], ...], tuple[int, ...]]:
    if not isinstance(entries, list):
        report("pinned", "write each pinned pair as a [[pinned]] table with mentor and mentee")
        return (), ()
    pairs: list[tuple[str, str]] = []
    numbers: list[int] = []
    for number, entry in enumerate(entries, start=1):
        where = f"pinned[{number}]"
        if not isinstance(entry, dict):
            report(where, 'must be a table: mentor = "..." and mentee = "..."')
            continue
        for key in entry:
            if key not in PINNED_KEYS:
                report(f"{where}.{key}", "unknown key (known: mentor, mentee)")
        ids = []
        for key in PINNED_KEYS:
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                report(f"{where}.{key}", f"needs the {key}'s employee_id as quoted text")
            else:
                ids.append(value.strip())
        if len(ids) == len(PINNED_KEYS):
            pairs.append((ids[0], ids[1]))
            numbers.append(number)
    return tuple(pairs), tuple(numbers)


def _objective(value: object, report: Report) -> Objective:
    choices = ", ".join(o.value for o in Objective)
    if isinstance(value, str):
        try:
            return Objective(value)
        except ValueError:
            pass
    report("objective", f"must be one of {choices}, not {_describe(value)}")
    return Objective.MAX_TOTAL
