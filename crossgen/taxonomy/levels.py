"""Skill levels as written in roster and enrolment cells: ``generative-ai:4;tiktok:3``.

A *teach* level is proficiency 1-4 (what someone can teach); a *learn* level
is interest 1-3 (how much they want to learn it). The matching engine reads
the same scales (``Person.teaches`` / ``Person.learns``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from crossgen.taxonomy.loader import load_starter_taxonomy
from crossgen.taxonomy.model import Taxonomy

type LevelKind = Literal["teach", "learn"]

TEACH_LEVELS = range(1, 5)
"""Proficiency: 1 basic, 2 working, 3 strong, 4 expert."""
LEARN_LEVELS = range(1, 4)
"""Interest: 1 curious, 2 keen, 3 a priority."""

_RANGES: Mapping[str, tuple[range, str]] = {
    "teach": (TEACH_LEVELS, "teach proficiency"),
    "learn": (LEARN_LEVELS, "learn interest"),
}
# Items are separated by ";" (the documented form) or "," (what people type
# into spreadsheets); names and aliases never contain either.
_ITEM_SPLIT = re.compile(r"[;,\n]")


class SkillLevelsError(ValueError):
    """A skill-levels cell has one or more bad items; ``problems`` names each one."""

    def __init__(self, kind: str, problems: list[str]) -> None:
        self.kind = kind
        self.problems = tuple(problems)
        super().__init__(f"{kind} skills: " + "; ".join(self.problems))


def level_range(kind: LevelKind) -> range:
    """The allowed levels for ``kind``: ``range(1, 5)`` to teach, ``range(1, 4)`` to learn."""
    return _range_and_label(kind)[0]


def parse_skill_levels(
    text: str, *, kind: LevelKind, taxonomy: Taxonomy | None = None
) -> dict[str, int]:
    """Parse ``"skill:level;skill:level"`` into ``{slug: level}``, in the order written.

    Skills may be given by slug, name or alias ("ChatGPT:4" means
    ``generative-ai``); they are resolved with :meth:`Taxonomy.resolve`
    against ``taxonomy`` (default: the starter taxonomy). An empty cell is an
    empty mapping. Every bad item is reported at once in a
    :class:`SkillLevelsError` (a ``ValueError``) naming the item and, for a
    bad level, the allowed range.

    Examples
    --------
    >>> parse_skill_levels("ChatGPT:4; tiktok:3", kind="teach")
    {'generative-ai': 4, 'tiktok': 3}
    >>> parse_skill_levels("tiktok:4", kind="learn")
    Traceback (most recent call last):
    ...
    crossgen.taxonomy.levels.SkillLevelsError: learn skills: item 1 'tiktok:4': learn interest must be a whole number from 1 to 3
    """
    allowed, label = _range_and_label(kind)
    tax = taxonomy if taxonomy is not None else load_starter_taxonomy()
    levels: dict[str, int] = {}
    first_item: dict[str, int] = {}
    problems: list[str] = []
    items = [item.strip() for item in _ITEM_SPLIT.split(text)]
    for number, item in enumerate((i for i in items if i), start=1):
        where = f"item {number} {item!r}"
        name, sep, level_text = item.rpartition(":")
        if not sep:
            problems.append(f"{where}: missing level, write it as skill:level")
            continue
        skill = tax.resolve(name)
        if skill is None:
            problems.append(f"{where}: unknown skill {name.strip()!r}")
        level_text = level_text.strip()
        level = int(level_text) if level_text.isascii() and level_text.isdigit() else None
        if level is None or level not in allowed:
            problems.append(
                f"{where}: {label} must be a whole number from {allowed[0]} to {allowed[-1]}"
            )
        if skill is None or level is None or level not in allowed:
            continue
        if skill.slug in levels:
            problems.append(
                f"{where}: {skill.slug} is already given in item {first_item[skill.slug]}"
            )
            continue
        levels[skill.slug] = level
        first_item[skill.slug] = number
    if problems:
        raise SkillLevelsError(kind, problems)
    return levels


def format_skill_levels(levels: Mapping[str, int]) -> str:
    """The inverse of :func:`parse_skill_levels`: ``{"tiktok": 3}`` -> ``"tiktok:3"``.

    >>> format_skill_levels({"generative-ai": 4, "tiktok": 3})
    'generative-ai:4;tiktok:3'
    """
    return ";".join(f"{slug}:{level}" for slug, level in levels.items())


def _range_and_label(kind: str) -> tuple[range, str]:
    try:
        return _RANGES[kind]
    except KeyError:
        raise ValueError(f"kind must be 'teach' or 'learn', got {kind!r}") from None
