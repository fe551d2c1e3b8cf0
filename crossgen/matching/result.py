"""What a match run returns: plain, frozen data that callers render."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from crossgen.matching.problem import Objective, Role


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoreParts:
    """A pair's score broken down: each part is already multiplied by its weight,
    so ``total`` is their sum."""

    forward: float
    reciprocal: float
    diversity: float
    timezone: float

    @property
    def total(self) -> float:
        return self.forward + self.reciprocal + self.diversity + self.timezone


@dataclass(frozen=True, slots=True, kw_only=True)
class SkillFlow:
    """One skill flowing from a teacher (proficiency 1-4) to a learner (interest 1-3)."""

    skill: str
    proficiency: int
    interest: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PairExplanation:
    forward_skills: tuple[SkillFlow, ...]  # mentor teaches mentee, strongest first
    reciprocal_skills: tuple[SkillFlow, ...]  # mentee teaches mentor, strongest first
    diversity_facts: tuple[str, ...]  # e.g. "different department (Sales / IT)"
    overlap_hours: float
    text: str  # one or two plain sentences a person can read


@dataclass(frozen=True, slots=True, kw_only=True)
class Pair:
    mentor_id: str
    mentee_id: str
    score: float
    parts: ScoreParts
    pinned: bool = False
    explanation: PairExplanation | None = None


class UnmatchedKind(StrEnum):
    NO_FEASIBLE_PARTNER = "no-feasible-partner"
    PARTNERS_USED_ELSEWHERE = "partners-used-elsewhere"
    CAPACITY_LEFT = "capacity-left"  # a mentor with spare capacity after everyone was placed


@dataclass(frozen=True, slots=True, kw_only=True)
class Unmatched:
    person_id: str
    role: Role
    kind: UnmatchedKind
    reason: str  # plain words
    ruled_out_by: Mapping[str, int] = field(
        default_factory=dict
    )  # rule name -> partners it excluded
    best_alternative: str | None = None  # the feasible partner this person would score highest with

    def __post_init__(self) -> None:
        object.__setattr__(self, "ruled_out_by", MappingProxyType(dict(self.ruled_out_by)))


class CertificateStatus(StrEnum):
    OPTIMAL = (
        "optimal"  # dual bound equals the primal value: proven optimal over all feasible pairs
    )
    GAP = "gap"  # stopped by a time budget: the proven gap is reported
    NOT_APPLICABLE = "not-applicable"  # e.g. the stable objective, which optimises something else


@dataclass(frozen=True, slots=True, kw_only=True)
class Certificate:
    status: CertificateStatus
    primal: float  # the objective value of the returned matching
    bound: float  # a proven upper bound on any feasible matching's objective
    pairs_checked: int  # how many (mentor, mentee) pairs the dual check covered
    arcs_added: int = 0  # pairs the check found missing from the candidate graph and added
    more_pairs_possible: int = 0
    """For objectives that count pairs first: how many more pairs than found the
    bound still allows (0 when the pair count is proven). While it is above 0
    the score gap means nothing, so ``gap`` reports 1 (nothing proven)."""

    @property
    def gap(self) -> float:
        """Relative gap between the bound and the value (0 when proven optimal)."""
        if self.more_pairs_possible:
            return 1.0
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.primal) / abs(self.bound))


@dataclass(frozen=True, slots=True, kw_only=True)
class MatchResult:
    objective: Objective
    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    certificate: Certificate
    mentor_count: int
    mentee_count: int
    elapsed_seconds: float
    stats: Mapping[str, float] = field(default_factory=dict)  # timings and sizes, for the summary

    @property
    def total_score(self) -> float:
        return sum(p.score for p in self.pairs)

    @property
    def coverage(self) -> float:
        """Share of mentees that got a mentor."""
        return len(self.pairs) / self.mentee_count if self.mentee_count else 0.0
