"""What-if: how a second match run differs from a first one.

A program manager changes a rule or a weight, runs the matcher again, and
wants to know what that cost or gained: which pairs survive, who gains or
loses a partner, and how coverage and scores move.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crossgen.matching.problem import Objective
from crossgen.matching.result import MatchResult

PairKey = tuple[str, str]  # (mentor_id, mentee_id)
_LISTED = 10  # ids named in the summary before "and N more"


@dataclass(frozen=True, slots=True, kw_only=True)
class RunComparison:
    objective_before: Objective
    objective_after: Objective
    kept: tuple[PairKey, ...]
    added: tuple[PairKey, ...]
    removed: tuple[PairKey, ...]
    changed_mentor: tuple[tuple[str, str, str], ...]  # (mentee_id, mentor before, mentor after)
    newly_matched: tuple[str, ...]  # people (either side) with no pair before and one after
    newly_unmatched: tuple[str, ...]  # people with a pair before and none after
    coverage_before: float
    coverage_after: float
    total_before: float
    total_after: float
    average_before: float  # mean score per pair (0 when there are no pairs)
    average_after: float

    @property
    def coverage_change(self) -> float:
        return self.coverage_after - self.coverage_before

    @property
    def total_change(self) -> float:
        return self.total_after - self.total_before

    @property
    def average_change(self) -> float:
        return self.average_after - self.average_before

    def summary(self) -> str:
        """A few plain lines for a person deciding which run to publish."""
        lines = []
        if self.objective_before is not self.objective_after:
            lines.append(f"Objective: {self.objective_before} → {self.objective_after}.")
        pairs = (
            f"Pairs: {len(self.kept)} kept, {len(self.added)} added, {len(self.removed)} removed"
        )
        if self.changed_mentor:
            count = len(self.changed_mentor)
            pairs += f" ({count} {'mentee' if count == 1 else 'mentees'} changed mentor)"
        lines.append(pairs + ".")
        lines.append(
            f"Newly matched: {_names(self.newly_matched)}. "
            f"Newly unmatched: {_names(self.newly_unmatched)}."
        )
        lines.append(
            f"Coverage: {self.coverage_before:.1%} → {self.coverage_after:.1%} "
            f"({100 * self.coverage_change:+.1f} points)."
        )
        lines.append(
            f"Total score: {self.total_before:.2f} → {self.total_after:.2f} "
            f"({self.total_change:+.2f}); average per pair: {self.average_before:.3f} → "
            f"{self.average_after:.3f} ({self.average_change:+.3f})."
        )
        return "\n".join(lines)


def compare(before: MatchResult, after: MatchResult) -> RunComparison:
    """Compare two runs over the same (or an edited) participants list.

    Examples
    --------
    >>> from crossgen.matching.result import (
    ...     Certificate, CertificateStatus, MatchResult, Pair, ScoreParts)
    >>> def run(*pairs):
    ...     parts = ScoreParts(forward=1.0, reciprocal=0.0, diversity=0.0, timezone=0.0)
    ...     return MatchResult(
    ...         objective="max-total", unmatched=(), mentor_count=2, mentee_count=2,
    ...         pairs=tuple(Pair(mentor_id=a, mentee_id=b, score=1.0, parts=parts)
    ...                     for a, b in pairs),
    ...         certificate=Certificate(status=CertificateStatus.OPTIMAL, primal=len(pairs),
    ...                                 bound=len(pairs), pairs_checked=4),
    ...         elapsed_seconds=0.0)
    >>> change = compare(run(("A", "X")), run(("A", "X"), ("B", "Y")))
    >>> change.added, change.newly_matched, change.coverage_change
    ((('B', 'Y'),), ('B', 'Y'), 0.5)
    """
    pairs_before = {(p.mentor_id, p.mentee_id) for p in before.pairs}
    pairs_after = {(p.mentor_id, p.mentee_id) for p in after.pairs}
    mentor_before = {mentee: mentor for mentor, mentee in pairs_before}
    mentor_after = {mentee: mentor for mentor, mentee in pairs_after}
    people_before = _people(pairs_before)
    people_after = _people(pairs_after)
    return RunComparison(
        objective_before=before.objective,
        objective_after=after.objective,
        kept=tuple(sorted(pairs_before & pairs_after)),
        added=tuple(sorted(pairs_after - pairs_before)),
        removed=tuple(sorted(pairs_before - pairs_after)),
        changed_mentor=tuple(
            (mentee, mentor_before[mentee], mentor_after[mentee])
            for mentee in sorted(mentor_before.keys() & mentor_after.keys())
            if mentor_before[mentee] != mentor_after[mentee]
        ),
        newly_matched=tuple(sorted(people_after - people_before)),
        newly_unmatched=tuple(sorted(people_before - people_after)),
        coverage_before=before.coverage,
        coverage_after=after.coverage,
        total_before=before.total_score,
        total_after=after.total_score,
        average_before=_average(before),
        average_after=_average(after),
    )


def _people(pairs: set[PairKey]) -> set[str]:
    return {mentor for mentor, _ in pairs} | {mentee for _, mentee in pairs}


def _average(result: MatchResult) -> float:
    return result.total_score / len(result.pairs) if result.pairs else 0.0


def _names(ids: Sequence[str]) -> str:
    if not ids:
        return "none"
    shown = ", ".join(ids[:_LISTED])
    return shown if len(ids) <= _LISTED else f"{shown} and {len(ids) - _LISTED} more"
