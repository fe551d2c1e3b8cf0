"""Plain words for pairs and unmatched people, with names instead of ids.

The engine explains with person ids (enrolment numbers here); the app stores
the structured explanation (skills each way, diversity facts, shared hours)
and words it here for the review page, the introduction email and the
participant's pages, from the program manager's point of view or from one of
the two people's ("You can teach Carol ...").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.utils.translation import ngettext

from crossgen.matching.explain import RULE_WORDS
from crossgen.matching.result import PairExplanation, SkillFlow

Viewer = Literal["mentor", "mentee"] | None

SKILLS_NAMED = 3
TEACH_WORDS = {1: "basic", 2: "working knowledge", 3: "strong", 4: "expert"}
LEARN_WORDS = {1: "curious", 2: "keen", 3: "a priority"}


def explanation_data(
    explanation: PairExplanation | None, skill_names: Mapping[str, str]
) -> dict[str, Any]:
    """The engine's explanation as JSON for ``ProposedPair.explanation``, with
    each skill's display name as it was when the run was made."""
    if explanation is None:
        return {}

    def flows(items: Sequence[SkillFlow]) -> list[dict[str, Any]]:
        return [
            {
                "skill": f.skill,
                "name": skill_names.get(f.skill, f.skill.replace("-", " ")),
                "proficiency": f.proficiency,
                "interest": f.interest,
            }
            for f in items
        ]

    return {
        "forward": flows(explanation.forward_skills),
        "reciprocal": flows(explanation.reciprocal_skills),
        "facts": list(explanation.diversity_facts),
        "overlap_hours": explanation.overlap_hours,
        "text": explanation.text,
    }


def skills_phrase(flows: Sequence[Mapping[str, Any]], *, limit: int = SKILLS_NAMED) -> str:
    """``"Generative AI (expert, a priority), Social media (strong, keen) and 2 more"``."""
    named = [
        f"{f.get('name') or f.get('skill')} ({TEACH_WORDS.get(f.get('proficiency', 0), '?')}, "
        f"{LEARN_WORDS.get(f.get('interest', 0), '?')})"
        for f in flows[:limit]
    ]
    more = len(flows) - limit
    if more > 0:
        named.append(f"{more} more")
    if not named:
        return ""
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


def pair_sentences(
    explanation: Mapping[str, Any], *, mentor: str, mentee: str, viewer: Viewer = None
) -> list[str]:
    """Why a pair was made, in a few sentences. ``mentor``/``mentee`` are the
    names to use; ``viewer`` words it for one of the two ("You can teach ...")."""
    if not explanation:
        return ["This pair was set by hand; no explanation was computed for it."]
    subject_mentor = "You" if viewer == "mentor" else mentor
    subject_mentee = "You" if viewer == "mentee" else mentee
    object_mentor = "you" if viewer == "mentor" else mentor
    object_mentee = "you" if viewer == "mentee" else mentee
    possessive_mentee = "your" if viewer == "mentee" else f"{mentee}'s"
    they = "You" if viewer else "They"
    sentences: list[str] = []
    forward = list(explanation.get("forward") or ())
    reciprocal = list(explanation.get("reciprocal") or ())
    if forward:
        sentences.append(f"{subject_mentor} can teach {object_mentee} {skills_phrase(forward)}.")
    else:
        sentences.append(
            f"None of {possessive_mentee} learning goals is among the skills listed to teach."
        )
    if reciprocal:
        sentences.append(
            f"{subject_mentee} can share {skills_phrase(reciprocal)} with {object_mentor} in return."
        )
    facts = [str(f) for f in explanation.get("facts") or ()]
    if viewer:
        facts = [f.replace("between them", "between you") for f in facts]
    if facts:
        listed = facts[0] if len(facts) == 1 else ", ".join(facts[:-1]) + " and " + facts[-1]
        sentences.append(f"{they} bring {listed}.")
    hours = float(explanation.get("overlap_hours") or 0.0)
    if hours > 0:
        sentences.append(
            ngettext(
                "%(they)s share %(hours)s working hour a day.",
                "%(they)s share %(hours)s working hours a day.",
                1 if hours == 1 else 2,
            )
            % {"they": they, "hours": f"{hours:g}"}
        )
    else:
        sentences.append(f"{they} share no working hours: meetings need one of you to flex.")
    return sentences


def rules_phrase(rules: Sequence[str]) -> str:
    """Rule names of the engine in plain words: ``"in the same reporting chain"``."""
    return "; ".join(RULE_WORDS.get(rule, rule) for rule in rules)


def ruled_out_phrase(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{n} {RULE_WORDS.get(rule, rule)}" for rule, n in counts.items())


def unmatched_reason(
    *,
    role: str,
    kind: str,
    ruled_out_by: Mapping[str, int],
    best_name: str = "",
    best_score: float | None = None,
    best_with: Sequence[str] = (),
    places_left: int = 0,
    capacity: int = 1,
    others_could_join: bool = False,
) -> str:
    """Why one person has no (or not enough) partners, in plain words with names.

    ``kind`` is the engine's ``UnmatchedKind`` value; ``best_with`` names the
    people the best alternative is paired with.
    """
    other = "mentee" if role == "mentor" else "mentor"
    if kind == "no-feasible-partner":
        listed = ruled_out_phrase(ruled_out_by)
        if not listed:
            return f"There is no {other} in this cohort."
        return f"No {other} passes the hard rules: {listed}."
    if kind == "partners-used-elsewhere" and best_name:
        score = f" (score {best_score:.2f})" if best_score is not None else ""
        if best_with:
            where = "is paired with " + ", ".join(best_with)
        elif role == "mentee":
            where = "still has a place, but the objective gained more elsewhere"
        else:
            where = "is unmatched"
        return (
            f"Every {other} who passes the hard rules was better used elsewhere; "
            f"the best fit, {best_name}{score}, {where}."
        )
    if kind == "capacity-left":
        places = ngettext(
            "%(left)s of %(capacity)s place left",
            "%(left)s of %(capacity)s places left",
            capacity,
        ) % {"left": places_left, "capacity": capacity}
        if others_could_join:
            return f"{places}; some unmatched mentees could still join, but the objective did not gain from it."
        return f"{places}: every mentee who passes the hard rules with them is placed."
    if kind == "pair-broken":
        return "The program manager broke this person's pair."
    if kind == "displaced":
        return "Their mentor was given another mentee by hand."
    return "Not matched in this run."


# -- The optimality certificate ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CertificateWords:
    stat: str  # the big figure on the review page: "Optimal", "1.2%", "Edited by hand"
    label: str  # the sentence under it
    short: str  # one line for the cohort's table of runs


def certificate_words(stats: Mapping[str, Any]) -> CertificateWords:
    """What a run's certificate proves, in plain words.

    The engine proves its own proposal optimal (or within a gap). Once the
    program manager pins, breaks or sets a pair by hand (``stats["edited"]``),
    that proof speaks about the engine's proposal only, never about the edited
    pairs, and the words say so.
    """
    certificate = stats.get("certificate") or {}
    status = certificate.get("status")
    try:
        gap = f"{float(certificate.get('gap') or 0.0) * 100:.1f}%"
    except (TypeError, ValueError):
        gap = "—"
    more_pairs = int(certificate.get("more_pairs_possible") or 0)
    if status == "gap" and more_pairs and not stats.get("edited"):
        # Stopped before the number of pairs was proven: no score gap to claim.
        may = ngettext(
            "up to %(n)s more pair may be possible",
            "up to %(n)s more pairs may be possible",
            more_pairs,
        ) % {"n": f"{more_pairs:,}"}
        return CertificateWords(
            f"+{more_pairs:,}?", f"stopped by the time budget: {may}", f"not proven: {may}"
        )
    if not stats.get("edited"):
        if status == "optimal":
            return CertificateWords(
                "Optimal", "proven: no better set of pairs exists", "proven optimal"
            )
        if status == "gap":
            return CertificateWords(
                gap, "at most this far from the best possible", f"within {gap} of optimal"
            )
        return CertificateWords("—", "no optimality certificate for this objective", "—")
    proposal = stats.get("engine_proposal") or {}
    pairs = int(proposal.get("pairs") or 0)
    what = (
        ngettext("The engine's proposal (%(n)s pair", "The engine's proposal (%(n)s pairs", pairs)
        % {"n": f"{pairs:,}"}
        + f", total score {float(proposal.get('total_score') or 0.0):.1f})"
        if proposal
        else "The engine's proposal"
    )
    edited = "This run was edited by hand since it ran"
    if status == "optimal":
        label = (
            f"{what} was proven optimal. {edited}: the certificate applies to the engine's "
            "proposal only, not to the pairs as they are now."
        )
        short = "edited by hand (engine's proposal proven optimal)"
    elif status == "gap":
        label = (
            f"{what} was proven within {gap} of the best possible. {edited}: the certificate "
            "applies to the engine's proposal only, not to the pairs as they are now."
        )
        short = f"edited by hand (engine's proposal within {gap})"
    else:
        label = f"No optimality certificate for this objective. {edited}."
        short = "edited by hand"
    return CertificateWords("Edited by hand", label, short)
