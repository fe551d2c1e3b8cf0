"""The taxonomy as plain, frozen data: categories, skills and the lookups on them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING

from crossgen.taxonomy.normalize import normalize, word_keys

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping


class Side(StrEnum):
    """Which side of a reverse-mentoring pair a skill usually flows from."""

    DIGITAL = "digital"  # usually taught by the junior mentor
    EXPERIENCE = "experience"  # usually taught by the senior mentee
    BOTH = "both"


@dataclass(frozen=True, slots=True, kw_only=True)
class Category:
    slug: str
    name: str
    description: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Skill:
    slug: str
    """Stable kebab-case identifier, e.g. ``generative-ai``; stored in the database."""
    name: str
    category: str
    """Slug of the skill's category."""
    description: str
    aliases: tuple[str, ...] = ()
    side: Side = Side.BOTH

    @property
    def labels(self) -> tuple[str, ...]:
        """Every text that names this skill: name, slug, then aliases."""
        return (self.name, self.slug, *self.aliases)


class TaxonomyError(ValueError):
    """A taxonomy (or its data file) breaks one or more rules; ``problems`` lists them all."""

    def __init__(self, problems: tuple[str, ...] | list[str]) -> None:
        self.problems = tuple(problems)
        listed = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the taxonomy:\n{listed}")


@dataclass(frozen=True, slots=True)
class _SearchEntry:
    skill: Skill
    label_key: str
    words: tuple[str, ...]
    is_name: bool


# Search tiers, best first. A lower tier always outranks a higher one.
_EXACT, _NAME_PREFIX, _ALIAS_PREFIX, _NAME_WORD, _ALIAS_WORD, _NAME_SUB, _ALIAS_SUB = range(7)


@dataclass(frozen=True, slots=True, kw_only=True)
class Taxonomy:
    """A versioned set of categories and skills.

    Constructing one checks the structural rules (see
    :func:`crossgen.taxonomy.validation.taxonomy_problems`) and raises
    :class:`TaxonomyError` listing every problem, so a ``Taxonomy`` in hand is
    always unambiguous: every label resolves to at most one skill.

    Examples
    --------
    >>> from crossgen.taxonomy import load_starter_taxonomy
    >>> tax = load_starter_taxonomy()
    >>> tax.resolve("Chat GPT").slug
    'generative-ai'
    >>> [s.slug for s in tax.search("neg")]
    ['negotiation', 'pay-negotiation']
    """

    version: str
    categories: tuple[Category, ...]
    skills: tuple[Skill, ...]
    _by_slug: Mapping[str, Skill] = field(init=False, repr=False, compare=False)
    _by_key: Mapping[str, Skill] = field(init=False, repr=False, compare=False)
    _categories: Mapping[str, Category] = field(init=False, repr=False, compare=False)
    _search: tuple[_SearchEntry, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Imported here: validation needs the model's types, the model needs validation.
        from crossgen.taxonomy.validation import taxonomy_problems

        problems = taxonomy_problems(self.categories, self.skills)
        if problems:
            raise TaxonomyError(problems)
        by_key = {normalize(label): s for s in self.skills for label in s.labels}
        entries = tuple(
            _SearchEntry(s, normalize(label), word_keys(label), is_name)
            for s in self.skills
            for label, is_name in ((s.name, True), *((a, False) for a in s.aliases))
        )
        setattr_ = object.__setattr__  # frozen: the indexes are set once, here
        setattr_(self, "_by_slug", MappingProxyType({s.slug: s for s in self.skills}))
        setattr_(self, "_by_key", MappingProxyType(by_key))
        setattr_(self, "_categories", MappingProxyType({c.slug: c for c in self.categories}))
        setattr_(self, "_search", entries)

    def __len__(self) -> int:
        return len(self.skills)

    def __iter__(self) -> Iterator[Skill]:
        return iter(self.skills)

    def get(self, slug: str) -> Skill | None:
        """The skill with exactly this slug, or ``None`` (no fuzzy matching)."""
        return self._by_slug.get(slug)

    def skill(self, slug: str) -> Skill:
        """The skill with exactly this slug; ``KeyError`` if there is none."""
        try:
            return self._by_slug[slug]
        except KeyError:
            raise KeyError(f"no skill with slug {slug!r} in taxonomy {self.version}") from None

    def category(self, slug: str) -> Category:
        try:
            return self._categories[slug]
        except KeyError:
            raise KeyError(f"no category {slug!r} in taxonomy {self.version}") from None

    def skills_in(self, category: str) -> tuple[Skill, ...]:
        """Skills of one category, in file order."""
        self.category(category)  # raise on an unknown slug rather than return ()
        return tuple(s for s in self.skills if s.category == category)

    def resolve(self, text: str) -> Skill | None:
        """Map free text to a skill by slug, name or alias.

        Case, accents, punctuation and whitespace are ignored, so "Chat GPT",
        "chatgpt" and "Gen AI" all find ``generative-ai``. Returns ``None``
        when nothing matches exactly; use :meth:`search` for suggestions.
        """
        key = normalize(text)
        return self._by_key.get(key) if key else None

    def search(self, query: str, limit: int = 10) -> tuple[Skill, ...]:
        """Skills whose name or an alias matches ``query``, best first.

        Ranking: exact match; name starts with the query; an alias starts with
        it; a word of the name starts with it; a word of an alias does; the
        name contains it; an alias contains it. Ties go to the shorter label,
        then alphabetical name. An empty query returns nothing.
        """
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        key = normalize(query)
        if not key:
            return ()
        best: dict[str, tuple[int, int, str]] = {}
        for entry in self._search:
            tier = _tier(entry, key)
            if tier is None:
                continue
            rank = (tier, len(entry.label_key), entry.skill.name.casefold())
            slug = entry.skill.slug
            if slug not in best or rank < best[slug]:
                best[slug] = rank
        ordered = sorted(best, key=best.__getitem__)
        return tuple(self._by_slug[slug] for slug in ordered[:limit])


def _tier(entry: _SearchEntry, key: str) -> int | None:
    label = entry.label_key
    if label == key:
        return _EXACT
    if label.startswith(key):
        return _NAME_PREFIX if entry.is_name else _ALIAS_PREFIX
    if any(word.startswith(key) for word in entry.words):
        return _NAME_WORD if entry.is_name else _ALIAS_WORD
    if key in label:
        return _NAME_SUB if entry.is_name else _ALIAS_SUB
    return None
