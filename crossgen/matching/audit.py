"""Every mentor-mentee pair of a program with its score parts and broken rules,
for audits of small and medium programs (``crossgen score``)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from crossgen.matching.arrays import SCALE, compile_problem
from crossgen.matching.explain import rule_masks
from crossgen.matching.io.writers import ScoreRow
from crossgen.matching.problem import Problem
from crossgen.matching.result import ScoreParts
from crossgen.matching.scoring import block_points

_BLOCK_CELLS = 1 << 18


def score_table(problem: Problem) -> Iterator[ScoreRow]:
    """Yield one row per (mentor, mentee) pair, mentors then mentees in file order.

    Scores come from ``scoring.block_points`` and broken rules from
    ``explain.rule_masks`` (the vectorised twin of ``feasibility.broken_rules``),
    a block of mentors at a time, so memory stays flat however long the table.
    """
    arrays = compile_problem(problem)
    mentors, mentees = arrays.mentors, arrays.mentees
    everyone = np.arange(mentees.size, dtype=np.int64)
    step = max(1, _BLOCK_CELLS // max(1, mentees.size))
    for start in range(0, mentors.size, step):
        block = np.arange(start, min(start + step, mentors.size), dtype=np.int64)
        points = block_points(arrays, block, everyone)
        masks = rule_masks(arrays, block[:, None], everyone[None, :])
        names = list(masks)
        broken = np.stack([masks[name] for name in names]) if names else None
        for r, i in enumerate(block.tolist()):
            for j in range(mentees.size):
                yield ScoreRow(
                    mentor_id=mentors.ids[i],
                    mentee_id=mentees.ids[j],
                    parts=ScoreParts(
                        forward=int(points.forward[r, j]) / SCALE,
                        reciprocal=int(points.reciprocal[r, j]) / SCALE,
                        diversity=int(points.diversity[r, j]) / SCALE,
                        timezone=int(points.timezone[r, j]) / SCALE,
                    ),
                    broken_rules=tuple(
                        name
                        for k, name in enumerate(names)
                        if broken is not None and broken[k, r, j]
                    ),
                )
