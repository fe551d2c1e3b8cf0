"""Rules a taxonomy must follow, checked all at once so an editor sees every problem.

Two levels: :func:`taxonomy_problems` holds for every ``Taxonomy`` (the
constructor enforces it); :func:`data_file_problems` adds the editorial rules
for a curated data file such as the starter taxonomy (enough skills, no unused
category, a version).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from crossgen.taxonomy.normalize import normalize

if TYPE_CHECKING:
    from crossgen.taxonomy.model import Category, Skill

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# These separate items and levels in roster cells ("generative-ai:4;tiktok:3").
FORBIDDEN_IN_LABELS = frozenset(";,:")
MIN_STARTER_SKILLS = 120


def taxonomy_problems(categories: Sequence[Category], skills: Sequence[Skill]) -> tuple[str, ...]:
    """Every structural problem: slugs, unknown categories, ambiguous labels.

    A label (slug, name or alias) is ambiguous when, after
    :func:`~crossgen.taxonomy.normalize.normalize`, it equals a label of a
    different skill: free text could then resolve to either.
    """
    problems: list[str] = []
    category_slugs: set[str] = set()
    for c in categories:
        if not SLUG_RE.match(c.slug):
            problems.append(f"category {c.slug!r}: slug must be kebab-case (a-z, 0-9, '-')")
        if c.slug in category_slugs:
            problems.append(f"category {c.slug!r}: slug used twice")
        category_slugs.add(c.slug)
        if not c.name.strip():
            problems.append(f"category {c.slug!r}: name is empty")

    seen_slugs: set[str] = set()
    owner_of_key: dict[str, tuple[str, str]] = {}  # key -> (skill slug, label)
    for s in skills:
        if not SLUG_RE.match(s.slug):
            problems.append(f"skill {s.slug!r}: slug must be kebab-case (a-z, 0-9, '-')")
        if s.slug in seen_slugs:
            problems.append(f"skill {s.slug!r}: slug used twice")
        seen_slugs.add(s.slug)
        if s.category not in category_slugs:
            problems.append(f"skill {s.slug!r}: unknown category {s.category!r}")
        if not s.name.strip():
            problems.append(f"skill {s.slug!r}: name is empty")
        if not s.description.strip():
            problems.append(f"skill {s.slug!r}: description is empty")
        # An alias may spell out the slug ("SEO" for ``seo``): it is the form
        # people see and search for. Repeating the name or another alias is noise.
        own_keys: set[str] = set()
        for label in s.labels:
            bad = sorted(FORBIDDEN_IN_LABELS.intersection(label))
            if bad:
                problems.append(f"skill {s.slug!r}: label {label!r} contains {' '.join(bad)}")
            key = normalize(label)
            if not key:
                problems.append(f"skill {s.slug!r}: label {label!r} has no letters or digits")
                continue
            if label != s.slug:
                if key in own_keys:
                    problems.append(f"skill {s.slug!r}: alias {label!r} repeats another label")
                own_keys.add(key)
            owner = owner_of_key.get(key)
            if owner is not None and owner[0] != s.slug:
                problems.append(
                    f"skill {s.slug!r}: label {label!r} collides with {owner[1]!r} "
                    f"of skill {owner[0]!r} (both normalise to {key!r})"
                )
            owner_of_key.setdefault(key, (s.slug, label))
    return tuple(problems)


def data_file_problems(path: Path, *, min_skills: int = MIN_STARTER_SKILLS) -> tuple[str, ...]:
    """Every problem of a taxonomy data file, structural and editorial.

    Returns an empty tuple when the file is fine. Unlike :func:`load_taxonomy`
    this never raises on a bad file, so a test can show the whole list.
    """
    from crossgen.taxonomy.loader import parse_document  # the loader imports this module

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return (f"{path.name}: cannot read: {exc}",)
    version, categories, skills, problems = parse_document(raw)
    problems.extend(taxonomy_problems(categories, skills))
    if not version:
        problems.append("version is missing")
    used = {s.category for s in skills}
    problems.extend(
        f"category {c.slug!r}: no skill uses it" for c in categories if c.slug not in used
    )
    if len(skills) < min_skills:
        problems.append(f"only {len(skills)} skills; a curated file needs at least {min_skills}")
    return tuple(problems)
