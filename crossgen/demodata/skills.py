"""Who can teach what, and who wants to learn what, in the demo company.

The pattern that makes reverse mentoring worth running: early-career people
are strong in AI tools, social media, data visualisation, no-code and Gen Z
culture and want the experience side; senior people are strong in leadership,
strategy, negotiation and institutional knowledge and want the digital side.
Departments tilt the mix (marketers know social media, finance knows P&L).

Sampling is vectorised. Each person draws candidates with replacement in
proportion to the weights and keeps the first k distinct ones (skipping what
they already teach when choosing what to learn): that is exactly weighted
sampling without replacement, at the cost of a few draws per person instead of
one random number per skill.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from crossgen.demodata.orgdata import EXECUTIVE_OFFICE, MANAGER, PROFESSIONAL
from crossgen.taxonomy import Side, Taxonomy

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

JUNIOR, MIDDLE, SENIOR = 0, 1, 2  # bands of the career ladder
SIDES = (Side.DIGITAL, Side.EXPERIENCE, Side.BOTH)

# How likely each side is to be drawn, by band: (digital, experience, both).
TEACH_SIDE_WEIGHT = ((1.0, 0.03, 0.35), (0.5, 0.4, 0.6), (0.05, 1.0, 0.5))
LEARN_SIDE_WEIGHT = ((0.2, 1.0, 0.5), (0.5, 0.6, 0.5), (1.0, 0.04, 0.4))

# Level distributions by band and side: proficiency 1-4 to teach, interest 1-3 to learn.
TEACH_LEVEL_P = (
    ((0.0, 0.08, 0.42, 0.50), (0.50, 0.40, 0.10, 0.0), (0.10, 0.30, 0.40, 0.20)),
    ((0.05, 0.30, 0.45, 0.20), (0.10, 0.40, 0.40, 0.10), (0.05, 0.35, 0.45, 0.15)),
    ((0.45, 0.40, 0.15, 0.0), (0.0, 0.10, 0.45, 0.45), (0.05, 0.25, 0.45, 0.25)),
)
LEARN_LEVEL_P = (
    ((0.50, 0.35, 0.15), (0.10, 0.40, 0.50), (0.30, 0.40, 0.30)),
    ((0.25, 0.45, 0.30), (0.25, 0.45, 0.30), (0.30, 0.40, 0.30)),
    ((0.08, 0.42, 0.50), (0.60, 0.30, 0.10), (0.30, 0.40, 0.30)),
)
TEACH_COUNT_P = (0.20, 0.30, 0.25, 0.15, 0.10)  # 2..6 skills
LEARN_COUNT_P = (0.25, 0.35, 0.25, 0.15)  # 2..5 skills
MAX_TEACH, MAX_LEARN = 2 + len(TEACH_COUNT_P) - 1, 2 + len(LEARN_COUNT_P) - 1

# Headline skills of each direction are three times as likely as their peers.
FOCUS_BOOST = 3.0
JUNIOR_TEACH_FOCUS = (
    "generative-ai", "prompt-writing", "tiktok", "instagram", "short-form-video",
    "content-creation", "data-visualisation", "dashboards", "no-code-automation",
    "genz-workplace", "internet-culture", "ai-coding-assistants",
)  # fmt: skip
SENIOR_TEACH_FOCUS = (
    "leading-teams", "business-strategy", "negotiation", "stakeholder-management",
    "company-history", "navigating-the-organisation", "industry-knowledge", "decision-making",
    "board-communication", "executive-presence", "pnl-management",
)  # fmt: skip
SENIOR_LEARN_FOCUS = (
    "generative-ai", "prompt-writing", "tiktok", "linkedin-personal-brand",
    "data-visualisation", "dashboards", "no-code-automation", "genz-workplace", "deepfakes",
    "ai-office-copilots", "internet-culture",
)  # fmt: skip
JUNIOR_LEARN_FOCUS = (
    "negotiation", "navigating-the-organisation", "executive-presence", "career-navigation",
    "stakeholder-management", "business-strategy", "public-speaking", "sponsorship",
    "getting-promoted",
)  # fmt: skip

DEPARTMENT_BOOST = 2.5
DEPARTMENT_FOCUS: dict[str, tuple[str, ...]] = {
    "Engineering": ("ai-automation", "emerging-tech", "security"),
    "Product": ("genz-culture", "data-analytics", "collaboration"),
    "Data & Analytics": ("data-analytics", "ai-automation"),
    "IT": ("security", "collaboration", "emerging-tech"),
    "Sales": ("social-media", "influence", "business-acumen"),
    "Marketing": ("social-media", "genz-culture"),
    "Customer Success": ("genz-culture", "influence"),
    "Finance": ("business-acumen", "data-analytics"),
    "Legal": ("strategy", "security"),
    "People": ("inclusion", "leadership", "career"),
    "Operations": ("strategy", "data-analytics", "institutional-knowledge"),
    "Supply Chain": ("institutional-knowledge", "emerging-tech"),
    EXECUTIVE_OFFICE: ("strategy", "influence"),
}

CANDIDATES = 24  # draws per person; rows short of distinct skills draw again
_CHUNK = 16384  # rows per vectorised step, to bound memory (a rows x 24 x 24 mask)


@dataclass(frozen=True, slots=True)
class SkillDraws:
    """Per person: the first ``*_count`` columns of each row are skill indexes
    (into ``taxonomy.skills``) and their levels."""

    teach_skill: IntArray
    teach_level: IntArray
    teach_count: IntArray
    learn_skill: IntArray
    learn_level: IntArray
    learn_count: IntArray


def band_of(stage: IntArray) -> IntArray:
    """Early career and professional are junior; managers and above senior."""
    return np.where(stage <= PROFESSIONAL, JUNIOR, np.where(stage >= MANAGER, SENIOR, MIDDLE))


def _weights(
    taxonomy: Taxonomy, departments: tuple[str, ...]
) -> tuple[FloatArray, FloatArray, IntArray]:
    """Weight tables ``teach[band, dept, skill]`` and ``learn[band, dept, skill]``,
    and each skill's side index."""
    slugs = [s.slug for s in taxonomy.skills]
    side = np.array([SIDES.index(s.side) for s in taxonomy.skills])
    category = [s.category for s in taxonomy.skills]
    index = {slug: i for i, slug in enumerate(slugs)}

    def boost(base: FloatArray, focus: tuple[str, ...]) -> FloatArray:
        out = base.copy()
        out[[index[slug] for slug in focus if slug in index]] *= FOCUS_BOOST
        return out

    teach = np.array([np.asarray(TEACH_SIDE_WEIGHT[b])[side] for b in range(3)])
    learn = np.array([np.asarray(LEARN_SIDE_WEIGHT[b])[side] for b in range(3)])
    teach[JUNIOR] = boost(teach[JUNIOR], JUNIOR_TEACH_FOCUS)
    teach[SENIOR] = boost(teach[SENIOR], SENIOR_TEACH_FOCUS)
    learn[JUNIOR] = boost(learn[JUNIOR], JUNIOR_LEARN_FOCUS)
    learn[SENIOR] = boost(learn[SENIOR], SENIOR_LEARN_FOCUS)
    dept = np.ones((len(departments), len(slugs)))
    for d, name in enumerate(departments):
        focus = DEPARTMENT_FOCUS.get(name, ())
        dept[d, [c in focus for c in category]] = DEPARTMENT_BOOST
    return teach[:, None, :] * dept[None], learn[:, None, :] * dept[None], side


def draw_skills(
    *,
    stage: IntArray,
    department: IntArray,
    departments: tuple[str, ...],
    taxonomy: Taxonomy,
    rng: np.random.Generator,
) -> SkillDraws:
    """Teach and learn skills for everyone; ``department`` indexes ``departments``."""
    n = stage.size
    teach_w, learn_w, side = _weights(taxonomy, departments)
    band = band_of(stage)
    teach_count = 2 + rng.choice(len(TEACH_COUNT_P), size=n, p=TEACH_COUNT_P)
    learn_count = 2 + rng.choice(len(LEARN_COUNT_P), size=n, p=LEARN_COUNT_P)
    teach = _distinct(teach_w, band, department, teach_count, None, rng)
    learn = _distinct(learn_w, band, department, learn_count, teach, rng)
    return SkillDraws(
        teach_skill=teach,
        teach_level=_levels(np.cumsum(TEACH_LEVEL_P, axis=-1), band, side[teach], rng),
        teach_count=teach_count,
        learn_skill=learn,
        learn_level=_levels(np.cumsum(LEARN_LEVEL_P, axis=-1), band, side[learn], rng),
        learn_count=learn_count,
    )


def _distinct(
    weights: FloatArray,
    band: IntArray,
    department: IntArray,
    count: IntArray,
    exclude: IntArray | None,
    rng: np.random.Generator,
) -> IntArray:
    """For each person, ``count`` distinct skills drawn by ``weights[band, dept]``
    and not in their row of ``exclude``; columns past ``count`` are -1."""
    n, width = band.size, int(count.max())
    out = np.full((n, width), -1, dtype=np.int64)
    group = band * weights.shape[1] + department
    cumulative = np.cumsum(weights.reshape(-1, weights.shape[2]), axis=1)
    pending = np.arange(n)
    while pending.size:  # almost always one pass; the rare short row draws again
        short: list[IntArray] = []
        for start in range(0, pending.size, _CHUNK):
            rows = pending[start : start + _CHUNK]
            candidates = _candidates(cumulative, group[rows], rng)
            valid = ~_earlier_duplicate(candidates)
            if exclude is not None:  # -1 padding in exclude never matches a skill
                valid &= ~(candidates[:, :, None] == exclude[rows][:, None, :]).any(axis=2)
            enough = valid.sum(axis=1) >= count[rows]
            first = np.argsort(~valid, axis=1, kind="stable")[:, :width]
            chosen = np.take_along_axis(candidates, first, axis=1)
            chosen[np.arange(width) >= count[rows, None]] = -1
            out[rows[enough]] = chosen[enough]
            short.append(rows[~enough])
        pending = np.concatenate(short)
    return out


def _candidates(cumulative: FloatArray, group: IntArray, rng: np.random.Generator) -> IntArray:
    """CANDIDATES weighted draws with replacement per row, from the row's group."""
    u = rng.random((group.size, CANDIDATES))
    out = np.empty(u.shape, dtype=np.int64)
    for g in np.unique(group).tolist():
        rows = group == g
        cum = cumulative[g]
        out[rows] = np.searchsorted(cum, u[rows] * cum[-1], side="right")
    return out


def _earlier_duplicate(candidates: IntArray) -> npt.NDArray[np.bool_]:
    """True where a value already appeared earlier in its row."""
    m = candidates.shape[1]
    equal = candidates[:, :, None] == candidates[:, None, :]
    repeated: npt.NDArray[np.bool_] = (equal & np.tri(m, m, -1, dtype=bool)[None]).any(axis=2)
    return repeated


def _levels(cum: FloatArray, band: IntArray, side: IntArray, rng: np.random.Generator) -> IntArray:
    """Draw a level for every (row, pick) from the band-and-side distribution."""
    thresholds = cum[band[:, None], side]  # rows x picks x levels
    u = rng.random(side.shape)[..., None]
    return 1 + (u >= thresholds[..., :-1]).sum(axis=-1)
