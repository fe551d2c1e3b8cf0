"""Reading taxonomy data files (TOML) into a :class:`Taxonomy`."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from crossgen.taxonomy.model import Category, Side, Skill, Taxonomy, TaxonomyError
from crossgen.taxonomy.validation import data_file_problems

STARTER_VERSION = "2026.1"
STARTER_FILE = f"starter-{STARTER_VERSION}.toml"
_SIDES = {s.value for s in Side}


def starter_path() -> Path:
    """Path of the bundled starter taxonomy file."""
    return Path(str(files("crossgen.taxonomy").joinpath("data", STARTER_FILE)))


def parse_document(
    raw: dict[str, Any],
) -> tuple[str, tuple[Category, ...], tuple[Skill, ...], list[str]]:
    """Turn a parsed TOML document into categories and skills.

    Returns ``(version, categories, skills, problems)``; entries with missing
    or mistyped fields are left out and described in ``problems``.
    """
    problems: list[str] = []
    version = raw.get("version")
    if not isinstance(version, str):
        problems.append("version must be a string such as '2026.1'")
        version = ""
    categories: list[Category] = []
    for i, item in enumerate(_table_list(raw, "categories", problems), start=1):
        fields = _strings(item, ("slug", "name", "description"), f"category #{i}", problems)
        if fields is not None:
            categories.append(Category(slug=fields[0], name=fields[1], description=fields[2]))
    skills: list[Skill] = []
    for i, item in enumerate(_table_list(raw, "skills", problems), start=1):
        where = f"skill #{i} ({item.get('slug', '?')})"
        fields = _strings(
            item, ("slug", "name", "category", "description", "side"), where, problems
        )
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.append(f"{where}: aliases must be a list of strings")
            continue
        if fields is None:
            continue
        if fields[4] not in _SIDES:
            problems.append(f"{where}: side must be one of {sorted(_SIDES)}, got {fields[4]!r}")
            continue
        skills.append(
            Skill(
                slug=fields[0],
                name=fields[1],
                category=fields[2],
                description=fields[3],
                side=Side(fields[4]),
                aliases=tuple(aliases),
            )
        )
    return version, tuple(categories), tuple(skills), problems


def load_taxonomy(path: Path, *, min_skills: int = 1) -> Taxonomy:
    """Load and check a taxonomy data file; :class:`TaxonomyError` lists every problem."""
    problems = data_file_problems(path, min_skills=min_skills)
    if problems:
        raise TaxonomyError(problems)
    version, categories, skills, _ = parse_document(tomllib.loads(path.read_text("utf-8")))
    return Taxonomy(version=version, categories=categories, skills=skills)


@lru_cache(maxsize=1)
def load_starter_taxonomy() -> Taxonomy:
    """The curated starter taxonomy shipped with Crossgen (cached: it is immutable)."""
    return load_taxonomy(starter_path())


def _table_list(raw: dict[str, Any], key: str, problems: list[str]) -> list[dict[str, Any]]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.append(f"{key} must be an array of tables ([[{key}]])")
        return []
    return value


def _strings(
    item: dict[str, Any], names: tuple[str, ...], where: str, problems: list[str]
) -> tuple[str, ...] | None:
    values = tuple(item.get(n) for n in names)
    bad = [n for n, v in zip(names, values, strict=True) if not isinstance(v, str)]
    if bad:
        problems.append(f"{where}: missing or non-text field(s): {', '.join(bad)}")
        return None
    return tuple(str(v) for v in values)
