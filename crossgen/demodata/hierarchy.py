"""The manager tree of the demo company, as arrays.

Built bottom-up, the way organisations actually grow: people sit in teams of
4-10 under a manager or a team lead; managers group under directors; directors
under executives, with as many executive layers as the size needs, until at
most ten executives report to the CEO. Nodes come out in breadth-first order,
so every manager precedes their reports (loading in order never breaks a
foreign key).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from crossgen.demodata.orgdata import (
    DIRECTOR,
    EXECUTIVE,
    LEAD_TEAM_MIX,
    MANAGER,
    MANAGER_DIRECT_MIX,
    SENIOR_PROFESSIONAL,
)

IntArray = npt.NDArray[np.int64]

MIN_SPAN, MAX_SPAN = 4, 10  # spans of control for everyone who has reports
MAX_TOP_TEAM = 10  # executives reporting to the CEO
MANAGER_ORG_SIZE = 17.0  # people below a manager, on average (their team and sub-teams)
MAX_MANAGER_ORG = 60
DIRECTOR_SPAN, EXECUTIVE_SPAN = 5.0, 6.0  # target spans above the manager layer
MIN_EMPLOYEES = 20


@dataclass(frozen=True, slots=True)
class OrgShape:
    """The tree: ``parent[i]`` is the index of i's manager (-1 for the CEO)."""

    parent: IntArray
    stage: IntArray  # index into CAREER_STAGES
    depth: IntArray  # 0 for the CEO
    directors_depth: int  # depth of the director layer; executives sit above it

    @property
    def size(self) -> int:
        return int(self.parent.size)


def partition(
    total: int, parts: int, low: int, high: int, rng: np.random.Generator, *, spread: float = 0.3
) -> IntArray:
    """Split ``total`` into ``parts`` random sizes within ``[low, high]`` when possible.

    Sizes vary (log-normal, ``spread``) because real teams do; bounds that
    cannot hold (too few to give everyone ``low``) are relaxed, not violated
    silently elsewhere.
    """
    if parts < 1:
        raise ValueError(f"parts must be at least 1, got {parts}")
    low = min(low, total // parts)
    high = max(high, -(-total // parts))
    weights = rng.lognormal(0.0, spread, parts)
    sizes = np.clip(np.floor(weights / weights.sum() * total), low, high).astype(np.int64)
    diff = total - int(sizes.sum())
    while diff:
        room = np.flatnonzero(sizes < high) if diff > 0 else np.flatnonzero(sizes > low)
        pick = rng.choice(room, size=min(abs(diff), room.size), replace=False)
        step = 1 if diff > 0 else -1
        sizes[pick] += step
        diff -= step * pick.size
    return sizes


def _group_count(count: int, target: float, *, top_needed: bool) -> int:
    """How many groups (of 4-10) to form from ``count`` nodes at the next layer up.

    Avoids 11-15 groups: too many for the CEO's team, too few to form a
    further layer of groups of four or more.
    """
    fewest = -(-count // MAX_SPAN)
    most = max(fewest, count // MIN_SPAN)
    groups = int(np.clip(round(count / target), fewest, most))
    if MAX_TOP_TEAM < groups < 4 * MIN_SPAN:
        groups = MAX_TOP_TEAM if fewest <= MAX_TOP_TEAM else min(4 * MIN_SPAN, most)
    if groups <= MAX_TOP_TEAM and top_needed:
        groups = max(groups, min(MIN_SPAN, most))  # a CEO with a real top team
    return groups


def _upper_layers(managers: int, rng: np.random.Generator) -> list[IntArray]:
    """Span arrays for the layers above the managers, bottom first.

    ``layers[0][j]`` is how many managers director ``j`` has; ``layers[1][j]``
    how many directors executive ``j`` has, and so on. The top layer's length
    is the CEO's span. There are always directors and at least one executive
    layer.
    """
    layers: list[IntArray] = []
    count = managers
    while count > MAX_TOP_TEAM or len(layers) < 2:
        target = DIRECTOR_SPAN if not layers else EXECUTIVE_SPAN
        groups = _group_count(count, target, top_needed=len(layers) >= 1)
        layers.append(partition(count, groups, MIN_SPAN, MAX_SPAN, rng, spread=0.2))
        count = groups
    return layers


@cache
def _org_options(size: int) -> tuple[tuple[int, int, int], ...]:
    """Every feasible ``(leads, fewest direct, most direct)`` for a manager's org
    of ``size`` people, such that the manager's span (leads + direct) and
    each lead's team (sharing the rest) stay within 4-10."""
    options = []
    for leads in range(MAX_SPAN + 1):
        d_low = max(0, MIN_SPAN - leads, size - leads - MAX_SPAN * leads)
        d_high = min(MAX_SPAN - leads, size - leads - MIN_SPAN * leads)
        if d_low <= d_high:
            options.append((leads, d_low, d_high))
    return tuple(options)


def _manager_org(size: int, u: list[float]) -> tuple[int, int, list[int]]:
    """Split a manager's org of ``size`` into team leads, direct reports and
    the leads' team sizes. ``u`` holds uniform draws: this runs once per
    manager, so it avoids per-call numpy overhead."""
    options = _org_options(size)
    if not options:  # too small for spans of four: everyone reports to the manager
        return 0, size, []
    target = size / 9.0 + (u[0] - 0.5) * 0.8  # about one lead per nine people, varied
    leads, d_low, d_high = min(options, key=lambda o: abs(o[0] - target))
    direct = d_low + int(u[1] * (d_high - d_low + 1))
    rest = size - leads - direct
    if not leads:
        return 0, direct, []
    weights = [0.7 + 0.6 * x for x in u[2 : 2 + leads]]
    total = sum(weights)
    teams = [min(MAX_SPAN, max(MIN_SPAN, int(w / total * rest))) for w in weights]
    i = 0
    while (gap := rest - sum(teams)) != 0:  # bounds are feasible, so this ends
        j = i % leads
        if gap > 0 and teams[j] < MAX_SPAN:
            teams[j] += 1
        elif gap < 0 and teams[j] > MIN_SPAN:
            teams[j] -= 1
        i += 1
    return leads, direct, teams


def _manager_count(employees: int, rng: np.random.Generator) -> tuple[int, list[IntArray]]:
    managers = max(1, round((employees - 1) / (MANAGER_ORG_SIZE + 1.25)))
    while True:
        layers = _upper_layers(managers, rng)
        above = 1 + sum(layer.size for layer in layers)
        below = employees - above - managers
        if managers > 1 and below < MIN_SPAN * managers:
            managers -= 1
        elif below > MAX_MANAGER_ORG * managers:
            managers += 1
        else:
            return managers, layers


def build_shape(employees: int, rng: np.random.Generator) -> OrgShape:
    """A manager tree of exactly ``employees`` people."""
    if employees < MIN_EMPLOYEES:
        raise ValueError(f"employees must be at least {MIN_EMPLOYEES}, got {employees}")
    managers, layers = _manager_count(employees, rng)

    parents: list[IntArray] = [np.array([-1])]
    stages: list[IntArray] = [np.array([EXECUTIVE])]
    depths: list[IntArray] = [np.array([0])]
    next_id = 1

    def add_layer(parent_ids: IntArray, stage: IntArray | int) -> IntArray:
        nonlocal next_id
        ids = np.arange(next_id, next_id + parent_ids.size)
        next_id += parent_ids.size
        parents.append(parent_ids)
        stages.append(np.broadcast_to(np.asarray(stage), parent_ids.shape))
        depths.append(np.full(parent_ids.size, len(depths)))
        return ids

    # Executives and directors: the top layer reports to the CEO.
    layer_ids = add_layer(np.zeros(layers[-1].size, dtype=np.int64), EXECUTIVE)
    for level, spans in enumerate(reversed(layers)):
        is_director_spans = level == len(layers) - 1  # these spans hold managers
        child_stage = (
            MANAGER if is_director_spans else (DIRECTOR if level == len(layers) - 2 else EXECUTIVE)
        )
        layer_ids = add_layer(np.repeat(layer_ids, spans), child_stage)
    directors_depth = len(depths) - 2
    manager_ids = layer_ids

    # Each manager's org: team leads first, then direct reports; then the leads' teams.
    remaining = employees - next_id
    org_sizes = partition(remaining, managers, MIN_SPAN, MAX_MANAGER_ORG, rng, spread=0.35)
    lead_counts = np.zeros(managers, dtype=np.int64)
    direct_counts = np.zeros(managers, dtype=np.int64)
    team_sizes: list[int] = []
    draws = rng.random((managers, 2 + MAX_SPAN)).tolist()
    for i, size in enumerate(org_sizes.tolist()):
        lead_counts[i], direct_counts[i], teams = _manager_org(size, draws[i])
        team_sizes.extend(teams)
    span = lead_counts + direct_counts
    second_parents = np.repeat(manager_ids, span)
    # within each manager's block the first `leads` children are team leads
    offset_in_block = np.arange(second_parents.size) - np.repeat(np.cumsum(span) - span, span)
    is_lead = offset_in_block < np.repeat(lead_counts, span)
    second_stage = np.full(is_lead.size, SENIOR_PROFESSIONAL, dtype=np.int64)
    second_stage[~is_lead] = _draw_stages(rng, int((~is_lead).sum()), MANAGER_DIRECT_MIX)
    second_ids = add_layer(second_parents, second_stage)
    leads = second_ids[is_lead]
    all_teams = np.array(team_sizes, dtype=np.int64)
    if all_teams.size:
        third_parents = np.repeat(leads, all_teams)
        add_layer(third_parents, _draw_stages(rng, third_parents.size, LEAD_TEAM_MIX))

    return OrgShape(
        parent=np.concatenate(parents).astype(np.int64),
        stage=np.concatenate(stages).astype(np.int64),
        depth=np.concatenate(depths).astype(np.int64),
        directors_depth=directors_depth,
    )


def _draw_stages(rng: np.random.Generator, count: int, mix: tuple[float, float, float]) -> IntArray:
    """Stages 0-2 (early career, professional, senior professional) drawn from ``mix``."""
    draws: IntArray = rng.choice(3, size=count, p=np.asarray(mix) / sum(mix))
    return draws
