"""Optional diversity answers for the demo company, kept apart from the roster.

In Crossgen these attributes are opt-in and stored separately from the
employee record; the demo mirrors that: they are never in a roster row, only
some people answer, and some answers are "Prefer not to say". They exist so
D&I reports (which must never expose small groups) have data to work on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crossgen.demodata.model import DemoCompany
from crossgen.demodata.names import POOLS

PREFER_NOT_TO_SAY = "Prefer not to say"
GENDERS = ("Woman", "Man", "Non-binary", "Prefer to self-describe", PREFER_NOT_TO_SAY)
ETHNICITIES = (
    "Asian",
    "Black",
    "Hispanic or Latino",
    "Middle Eastern or North African",
    "White",
    "Mixed or multiple",
    "Other",
    PREFER_NOT_TO_SAY,
)
DISABILITY = ("Yes", "No", PREFER_NOT_TO_SAY)

# Broad, self-reported-style categories by name pool; individual answers vary.
_POOL_ETHNICITY = {
    "english": "White",
    "irish": "White",
    "hispanic": "Hispanic or Latino",
    "portuguese": "Hispanic or Latino",
    "indian": "Asian",
    "chinese": "Asian",
    "malay": "Asian",
    "west-african": "Black",
    "arabic": "Middle Eastern or North African",
    "german": "White",
    "turkish": "Middle Eastern or North African",
    "nordic": "White",
    "french": "White",
    "polish": "White",
    "japanese-korean": "Asian",
    "vietnamese-filipino": "Asian",
    "caribbean-african-american": "Black",
    "italian-greek": "White",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class DiversityAnswers:
    gender: str
    ethnicity: str
    disability: str


def generate_diversity(
    company: DemoCompany, *, answer_rate: float = 0.7
) -> dict[str, DiversityAnswers]:
    """Answers of the people who chose to give them: ``employee_id -> answers``.

    About ``answer_rate`` of employees answer; deterministic for the company's seed.
    """
    if not 0.0 <= answer_rate <= 1.0:
        raise ValueError(f"answer_rate must be between 0 and 1, got {answer_rate}")
    rng = np.random.default_rng([company.seed, 0xD1])  # a stream of its own
    women = {name for pool in POOLS for name in pool.women}
    family_ethnicity: dict[str, str] = {}
    for pool in POOLS:
        for family in pool.family:
            family_ethnicity.setdefault(family, _POOL_ETHNICITY[pool.origin])
    n = len(company.employees)
    answers = rng.random(n) < answer_rate
    u_gender, u_ethnicity, u_disability = rng.random((3, n)).tolist()
    out: dict[str, DiversityAnswers] = {}
    for i, e in enumerate(company.employees):
        if not answers[i]:
            continue
        out[e.employee_id] = DiversityAnswers(
            gender=_gender(e.first_name in women, u_gender[i]),
            ethnicity=_ethnicity(family_ethnicity.get(e.last_name, "Other"), u_ethnicity[i]),
            disability=_pick(DISABILITY, (0.07, 0.85, 0.08), u_disability[i]),
        )
    return out


def _gender(woman_name: bool, u: float) -> str:
    if u < 0.05:
        return PREFER_NOT_TO_SAY
    if u < 0.065:
        return "Non-binary"
    if u < 0.07:
        return "Prefer to self-describe"
    return "Woman" if woman_name else "Man"


def _ethnicity(likely: str, u: float) -> str:
    if u < 0.06:
        return PREFER_NOT_TO_SAY
    if u < 0.14:
        return "Mixed or multiple"
    if u < 0.16:
        return "Other"
    return likely


def _pick(options: tuple[str, ...], weights: tuple[float, ...], u: float) -> str:
    total = 0.0
    for option, weight in zip(options, weights, strict=True):
        total += weight
        if u < total:
            return option
    return options[-1]
