"""The organisation's own skills, indexed for the enrolment questionnaire:
search as you type (by name or alias, so "ChatGPT" finds Generative AI) and
free text resolved to a skill where it names one exactly.

The ranking follows :meth:`crossgen.taxonomy.Taxonomy.search` (exact, name
prefix, alias prefix, word prefix, substring), but over the organisation's
Skill rows: organisations rename skills, add aliases and create their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crossgen.skills.models import Skill
from crossgen.taxonomy.normalize import normalize, word_keys
from crossgen.tenancy.models import Organization

MAX_TOPICS = 20
_TOPIC_SEPARATORS = re.compile(r"[,;\n\r]+")
# Search tiers, best first (as in crossgen.taxonomy.model).
_EXACT, _NAME_PREFIX, _ALIAS_PREFIX, _NAME_WORD, _ALIAS_WORD, _NAME_SUB, _ALIAS_SUB = range(7)


@dataclass(frozen=True, slots=True)
class SkillOption:
    slug: str
    name: str
    category: str


@dataclass(frozen=True, slots=True)
class SkillHit:
    skill: SkillOption
    via_alias: str  # the alias that matched, when the name itself did not ("ChatGPT")


@dataclass(frozen=True, slots=True)
class _Label:
    slug: str
    key: str
    words: tuple[str, ...]
    text: str
    is_name: bool


class OrgSkills:
    """The active skills of one organisation, loaded once per request."""

    def __init__(self, skills: list[SkillOption], aliases: dict[str, list[str]]) -> None:
        self._by_slug = {s.slug: s for s in skills}
        self._by_key: dict[str, SkillOption] = {}
        self._labels: list[_Label] = []
        for skill in skills:
            for text, is_name in ((skill.name, True), *((a, False) for a in aliases[skill.slug])):
                key = normalize(text)
                if not key:
                    continue
                self._by_key.setdefault(key, skill)
                self._labels.append(_Label(skill.slug, key, word_keys(text), text, is_name))
            self._by_key.setdefault(normalize(skill.slug), skill)

    @classmethod
    def of(cls, organization: Organization) -> OrgSkills:
        rows = (
            Skill.objects.for_org(organization)
            .filter(is_active=True)
            .select_related("category")
            .order_by("category__name", "name")
        )
        skills: list[SkillOption] = []
        aliases: dict[str, list[str]] = {}
        for row in rows:
            skills.append(SkillOption(row.slug, row.name, row.category.name))
            aliases[row.slug] = [str(a) for a in (row.aliases or []) if str(a).strip()]
        return cls(skills, aliases)

    def __len__(self) -> int:
        return len(self._by_slug)

    def __contains__(self, slug: object) -> bool:
        return slug in self._by_slug

    def get(self, slug: str) -> SkillOption | None:
        return self._by_slug.get(slug)

    def all(self) -> list[SkillOption]:
        """Every skill, by category then name (for the no-JavaScript select)."""
        return list(self._by_slug.values())

    def resolve(self, text: str) -> SkillOption | None:
        """The skill that ``text`` names exactly (by name, slug or alias, ignoring
        case, accents, spaces and punctuation), or ``None``."""
        key = normalize(text)
        return self._by_key.get(key) if key else None

    def search(self, query: str, *, limit: int = 8) -> list[SkillHit]:
        key = normalize(query)
        if not key:
            return []
        best: dict[str, tuple[int, int, str, str]] = {}
        for label in self._labels:
            tier = _tier(label, key)
            if tier is None:
                continue
            rank = (
                tier,
                len(label.key),
                label.text.casefold(),
                "" if label.is_name else label.text,
            )
            if label.slug not in best or rank < best[label.slug]:
                best[label.slug] = rank
        ordered = sorted(best, key=lambda slug: (*best[slug][:2], self._by_slug[slug].name))
        return [SkillHit(self._by_slug[slug], best[slug][3]) for slug in ordered[:limit]]


def _tier(label: _Label, key: str) -> int | None:
    if label.key == key:
        return _EXACT
    if label.key.startswith(key):
        return _NAME_PREFIX if label.is_name else _ALIAS_PREFIX
    if any(word.startswith(key) for word in label.words):
        return _NAME_WORD if label.is_name else _ALIAS_WORD
    if key in label.key:
        return _NAME_SUB if label.is_name else _ALIAS_SUB
    return None


def split_topics(text: str) -> list[str]:
    """Free-text topics as people type them: separated by commas, semicolons or lines."""
    seen: set[str] = set()
    topics: list[str] = []
    for piece in _TOPIC_SEPARATORS.split(text):
        topic = " ".join(piece.split())
        key = normalize(topic)
        if key and key not in seen:
            seen.add(key)
            topics.append(topic)
    return topics
