"""Compiled loops of ``crossgen.matching.screening``: approximate scores of one
mentee against a run of mentor columns, and the two scans built on them.

``_scores`` is inlined into each loop (numba's ``inline="always"``): called
as a function, its loops over the caller's buffer would not vectorise, for
fear of aliasing, and run about five times slower.

Mentees are split into ``CHUNKS`` runs handled in parallel (``prange``); each
run writes only its own mentees' rows (and its own slice of the mentor-side
lists), so the results do not depend on the number of threads. Within a run,
scores are computed for a tile of ``_TILE`` mentees against ``_RUN`` mentor
columns at a time, one mentee at a time into a small buffer (vectorised adds
over contiguous columns), then read once: a branch-free check of each block of
``_BLOCK`` scores against the lists' floors first, and the pair-by-pair upkeep
of the best-so-far lists only in the few blocks where some pair reaches one.

Every loop takes the two tuples of ``Features._kernel_args``:

* ``mentor``: ``(teach, learn, department, location, class)`` columns;
* ``mentee``: ``(goal_start, goal_skill, goal_coef, skill_start, skill_skill,
  skill_coef, department, location, stage, hours, stage_table, hours_table,
  department_credit, department_same_cost, location_credit,
  location_same_cost)``.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

_RUN = 1024
_TILE = 32
"""Mentees scored against one run of ``_RUN`` mentor columns before the next
run: the run's columns (about 100 KB) stay in the core's cache for the whole
tile instead of being read from memory once per mentee."""
_BLOCK = 128
"""Columns checked at once, branch-free, before the pair-by-pair upkeep of
the best-so-far lists: in most blocks no pair reaches a list."""
CHUNKS = 8
"""Mentees are split into this many runs handled in parallel: a fixed number,
so that results never depend on how many cores the machine has."""


@njit(cache=True, nogil=True)
def _class_row(mentee, j, out):  # type: ignore[no-untyped-def]
    """Stage and time-zone credit of mentee ``j`` against each mentor class."""
    stage, hours = mentee[8][j], mentee[9][j]
    stage_table, hours_table = mentee[10], mentee[11]
    n_hours = hours_table.shape[0]
    for c in range(out.size):
        out[c] = stage_table[stage, c // n_hours] + hours_table[c % n_hours, hours]


@njit(cache=True, nogil=True)
def _class_count(mentee):  # type: ignore[no-untyped-def]
    return mentee[10].shape[1] * mentee[11].shape[0]


@njit(cache=True, nogil=True, inline="always")
def _scores(mentor, mentee, class_row, j, first, stop, out):  # type: ignore[no-untyped-def]
    """Approximate scores of mentee ``j`` against columns ``first:stop``.

    Each loop runs over slices indexed from 0: indexed as ``row[first + a]``,
    every access carried numba's negative-index check, which kept the loops
    from vectorising (4-5x slower)."""
    teach, learn, m_department, m_location, m_class = mentor
    goal_start, goal_skill, goal_coef, skill_start, skill_skill, skill_coef = mentee[:6]
    e_department, e_location = mentee[6], mentee[7]
    department_credit, department_same_cost, location_credit, location_same_cost = mentee[12:]
    n = stop - first
    scores = out[:n]
    classes = m_class[first:stop]
    for a in range(n):
        scores[a] = class_row[classes[a]]
    for t in range(goal_start[j], goal_start[j + 1]):
        row = teach[goal_skill[t], first:stop]
        coef = goal_coef[t]
        for a in range(n):
            scores[a] += coef * row[a]
    for t in range(skill_start[j], skill_start[j + 1]):
        row = learn[skill_skill[t], first:stop]
        coef = skill_coef[t]
        for a in range(n):
            scores[a] += coef * row[a]
    # Branch-free, so that the loops vectorise (adding 0.0 is exact).
    department = e_department[j]
    if department >= 0:
        departments = m_department[first:stop]
        for a in range(n):
            d = departments[a]
            scores[a] += department_credit * np.float32(d >= 0) - department_same_cost * np.float32(
                d == department
            )
    location = e_location[j]
    if location >= 0:
        locations = m_location[first:stop]
        for a in range(n):
            place = locations[a]
            scores[a] += location_credit * np.float32(place >= 0) - location_same_cost * np.float32(
                place == location
            )


@njit(cache=True, parallel=True)
def score_block(  # type: ignore[no-untyped-def]
    mentor,
    mentee,
    mentees,
    out,
):
    """``out[q, k]``: mentee ``mentees[q]`` against column ``k``."""
    n_class = _class_count(mentee)
    for q in prange(mentees.size):
        j = mentees[q]
        class_row = np.empty(n_class, dtype=np.float32)
        _class_row(mentee, j, class_row)
        _scores(mentor, mentee, class_row, j, 0, mentor[4].size, out[q])


@njit(cache=True, nogil=True, inline="always")
def tie_key(column, mentee):  # type: ignore[no-untyped-def]
    """The order of pairs of equal value: a fixed pseudo-random key per pair.

    Many people can share one profile. Were ties broken by position, all the
    mentees of a profile would list the same first few of the mentors tied
    for them (and each of those mentors the same mentees), crowding the graph
    onto a few mentors and leaving the rest to many rounds of the certificate.
    A key mixed from both sides spreads them, and stays the same for a pair
    whichever side's list it is in (a SplitMix64 finaliser)."""
    x = np.uint64(column) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(mentee)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


@njit(cache=True, nogil=True, inline="always")
def _any_reaches(scores, bar, floors):  # type: ignore[no-untyped-def]
    """Whether any score reaches ``bar`` or its column's floor (vectorised)."""
    hits = 0
    for a in range(scores.size):
        hits += (scores[a] >= bar) | (scores[a] >= floors[a])
    return hits > 0


@njit(cache=True, nogil=True, inline="always")
def _any_gains(scores, parts, offset, bar, forbidden):  # type: ignore[no-untyped-def]
    """Whether any score not ruled out gains ``bar`` or more over its column's
    part and ``offset`` (vectorised; the same float64 sums as the upkeep)."""
    hits = 0
    for a in range(scores.size):
        hits += (scores[a] > forbidden) & (np.float64(scores[a]) - parts[a] - offset >= bar)
    return hits > 0


@njit(cache=True, nogil=True, inline="always")
def _after(value, key, other_value, other_column, other_mentee):  # type: ignore[no-untyped-def]
    """Whether (value, key) comes before the entry (other_value, pair
    ``(other_column, other_mentee)``), best first. The other key is mixed only
    at equal values: these comparisons run in the scans' hot loops."""
    if value != other_value:
        return value > other_value
    return key > tie_key(other_column, other_mentee)


@njit(cache=True, nogil=True)
def _insert(items, values, item, value, mentee):  # type: ignore[no-untyped-def]
    """Insert column ``item`` of ``mentee`` into its list, sorted best first
    (equal values by ``tie_key``), dropping the last entry."""
    at = values.size - 1
    key = tie_key(item, mentee)
    while at > 0 and _after(value, key, values[at - 1], items[at - 1], mentee):
        values[at] = values[at - 1]
        items[at] = items[at - 1]
        at -= 1
    values[at] = value
    items[at] = item


@njit(cache=True, nogil=True, inline="always")
def _enters(items, values, column, value, mentee, bar):  # type: ignore[no-untyped-def]
    """Whether ``column`` at ``value`` enters a list whose last value is
    ``bar``: above it, or equal to it with a larger key once the list is full."""
    if value > bar:
        return True
    last = items.size - 1
    return (
        value == bar and items[last] >= 0 and tie_key(column, mentee) > tie_key(items[last], mentee)
    )


@njit(cache=True, parallel=True)
def best_pairs(  # type: ignore[no-untyped-def]
    mentor,
    mentee,
    mentees,
    floor,
    mentor_k,
    top,
    top_score,
    side,
    side_score,
    side_bar,
    side_bar_key,
):
    """Each mentee's best columns (``top``, best first, pairs above ``floor``
    only) and, per run of mentees, each column's ``mentor_k`` best mentees
    (``side[run, column]``, positions in ``mentees``) among those that come
    before ``(side_bar, side_bar_key)`` (value, ``tie_key``) of the column.

    The bars are the last entries of the lists of the mentees scanned before:
    a mentee behind one cannot be among the column's best, and without them
    every run's lists would start empty and take in one pair in fifty."""
    n_class = _class_count(mentee)
    n_columns = mentor[4].size
    width = top.shape[1]
    per_chunk = (mentees.size + CHUNKS - 1) // CHUNKS
    for chunk in prange(CHUNKS):
        buffer = np.empty(_RUN, dtype=np.float32)
        class_rows = np.empty((_TILE, n_class), dtype=np.float32)
        threshold = np.empty(_TILE, dtype=np.float32)
        side_floor = side_bar.copy()
        side_key = side_bar_key.copy()
        chunk_side = side[chunk]
        chunk_side_score = side_score[chunk]
        end = min((chunk + 1) * per_chunk, mentees.size)
        for tile in range(chunk * per_chunk, end, _TILE):
            tile_end = min(tile + _TILE, end)
            for q in range(tile, tile_end):
                j = mentees[q]
                _class_row(mentee, j, class_rows[q - tile])
                threshold[q - tile] = floor
            for first in range(0, n_columns, _RUN):
                stop = min(first + _RUN, n_columns)
                for q in range(tile, tile_end):
                    j = mentees[q]
                    _scores(mentor, mentee, class_rows[q - tile], j, first, stop, buffer)
                    mine = top[q]
                    mine_score = top_score[q]
                    bar = threshold[q - tile]
                    n = stop - first
                    for block in range(0, n, _BLOCK):
                        block_end = min(block + _BLOCK, n)
                        if not _any_reaches(
                            buffer[block:block_end],
                            bar,
                            side_floor[first + block : first + block_end],
                        ):
                            continue
                        for a in range(block, block_end):
                            score = buffer[a]
                            column = first + a
                            if score >= bar and _enters(mine, mine_score, column, score, j, bar):
                                _insert(mine, mine_score, column, score, j)
                                if mine[width - 1] >= 0:
                                    bar = mine_score[width - 1]
                            if score >= side_floor[column] and (
                                score > side_floor[column] or tie_key(column, j) > side_key[column]
                            ):
                                # Insert into the column's list, best first (no views: hot).
                                key = tie_key(column, j)
                                at = mentor_k[column] - 1
                                while at > 0 and _after(
                                    score,
                                    key,
                                    chunk_side_score[column, at - 1],
                                    column,
                                    mentees[chunk_side[column, at - 1]],
                                ):
                                    chunk_side_score[column, at] = chunk_side_score[column, at - 1]
                                    chunk_side[column, at] = chunk_side[column, at - 1]
                                    at -= 1
                                chunk_side_score[column, at] = score
                                chunk_side[column, at] = q
                                last = mentor_k[column] - 1
                                if chunk_side[column, last] >= 0:
                                    side_floor[column] = chunk_side_score[column, last]
                                    side_key[column] = tie_key(
                                        column, mentees[chunk_side[column, last]]
                                    )
                    threshold[q - tile] = bar


@njit(cache=True, parallel=True)
def violation_scan(  # type: ignore[no-untyped-def]
    mentor,
    mentee,
    mentees,
    forbidden,
    reach,
    mentor_part,
    mentee_part,
    arc_start,
    arc_column,
    best,
    gain,
):
    """Per mentee ``mentees[q]``: its ``best.shape[1]`` columns of highest
    ``gain = score - mentor_part[column] - mentee_part[q] > 0`` among the first
    ``reach[q]`` (best first, -1 where fewer), pairs scoring ``<= forbidden``
    (ruled out by a class rule) and its own arcs
    (``arc_column[arc_start[q]:arc_start[q + 1]]``, sorted) left out. Every
    other column gains at most the last entry (or 0 if the list is not full)."""
    n_class = _class_count(mentee)
    width = best.shape[1]
    per_chunk = (mentees.size + CHUNKS - 1) // CHUNKS
    for chunk in prange(CHUNKS):
        buffer = np.empty(_RUN, dtype=np.float32)
        class_rows = np.empty((_TILE, n_class), dtype=np.float32)
        lowest = np.zeros(_TILE, dtype=np.float64)  # gains must beat this
        end = min((chunk + 1) * per_chunk, mentees.size)
        for tile in range(chunk * per_chunk, end, _TILE):
            tile_end = min(tile + _TILE, end)
            farthest = 0
            for q in range(tile, tile_end):
                j = mentees[q]
                _class_row(mentee, j, class_rows[q - tile])
                lowest[q - tile] = 0.0
                farthest = max(farthest, reach[q])
            for first in range(0, farthest, _RUN):
                for q in range(tile, tile_end):
                    stop = min(first + _RUN, reach[q])
                    if stop <= first:
                        continue
                    j = mentees[q]
                    _scores(mentor, mentee, class_rows[q - tile], j, first, stop, buffer)
                    mine = best[q]
                    mine_gain = gain[q]
                    bar = lowest[q - tile]
                    offset = mentee_part[q]
                    arcs = arc_column[arc_start[q] : arc_start[q + 1]]
                    n = stop - first
                    for block in range(0, n, _BLOCK):
                        block_end = min(block + _BLOCK, n)
                        if not _any_gains(
                            buffer[block:block_end],
                            mentor_part[first + block : first + block_end],
                            offset,
                            bar,
                            forbidden,
                        ):
                            continue
                        for a in range(block, block_end):
                            if buffer[a] <= forbidden:
                                # Ruled out by a class rule: never a violation, however
                                # large a participation bonus makes its gain look.
                                continue
                            column = first + a
                            value = np.float64(buffer[a]) - mentor_part[column] - offset
                            if (
                                value >= bar
                                and _enters(mine, mine_gain, column, value, j, bar)
                                and not _listed(arcs, column)
                            ):
                                _insert(mine, mine_gain, column, value, j)
                                if mine[width - 1] >= 0:
                                    bar = mine_gain[width - 1]
                    lowest[q - tile] = bar


@njit(cache=True, nogil=True)
def _listed(sorted_columns, column):  # type: ignore[no-untyped-def]
    """Whether ``column`` is in ``sorted_columns`` (binary search)."""
    lo, hi = 0, sorted_columns.size
    while lo < hi:
        mid = (lo + hi) // 2
        if sorted_columns[mid] < column:
            lo = mid + 1
        else:
            hi = mid
    return lo < sorted_columns.size and sorted_columns[lo] == column


@njit(cache=True, parallel=True)
def merge_runs(side, side_score, limit, mentees, out, out_score):  # type: ignore[no-untyped-def]
    """Each column's ``limit`` best mentees over all runs' lists (best first,
    equal scores by ``tie_key``; entries are positions in ``mentees``)."""
    chunks, columns, width = side.shape
    for column in prange(columns):
        last = limit[column] - 1
        for run in range(chunks):
            for t in range(width):
                q = side[run, column, t]
                if q < 0:
                    break
                score = side_score[run, column, t]
                key = tie_key(column, mentees[q])
                held = out[column, last]
                if held >= 0 and not _after(
                    score, key, out_score[column, last], column, mentees[held]
                ):
                    break  # the run's list is sorted: the rest are no better
                at = last
                while at > 0 and (
                    out[column, at - 1] < 0
                    or _after(
                        score, key, out_score[column, at - 1], column, mentees[out[column, at - 1]]
                    )
                ):
                    out_score[column, at] = out_score[column, at - 1]
                    out[column, at] = out[column, at - 1]
                    at -= 1
                out_score[column, at] = score
                out[column, at] = q


@njit(cache=True, parallel=True)
def list_bars(lists, scores, limit, mentees, floor, bar, bar_key):  # type: ignore[no-untyped-def]
    """The last entry of each column's list (value and ``tie_key``), or
    ``floor`` and key 0 where the list is not full."""
    for column in prange(lists.shape[0]):
        q = lists[column, limit[column] - 1]
        if q < 0:
            bar[column] = floor
            bar_key[column] = 0
        else:
            bar[column] = scores[column, limit[column] - 1]
            bar_key[column] = tie_key(column, mentees[q])
