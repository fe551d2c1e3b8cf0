"""Proposer-optimal deferred acceptance with capacities, on lazily built preference lists.

Both sides' preferences come from numbers: proposer ``i`` prefers receiver ``j``
to ``k`` when ``proposer_value[i, j] > proposer_value[i, k]`` (ties: the lower
index wins); receiver ``j`` prefers ``i`` to ``h`` when ``receiver_value[i, j] >
receiver_value[h, j]`` (ties: the lower index wins). ``-inf`` in
``proposer_value`` marks an unacceptable pair. Indices are expected to follow
the ids' order, so "ties by id" is "ties by index".

Why lazy lists: a full preference list per proposer is an n x m sort (10,000 x
10,000 is 10^8 entries), and a receiver's value of every proposer is as big
again. Each proposer starts with only its top ``list_length`` acceptable
receivers, and receivers' values are computed only for those pairs. When a
proposer has been refused by all of them, its list is extended with the next
receivers *that would accept it now*. A
receiver's standard only rises during deferred acceptance (once full it stays
full, and it only trades up), so a receiver that would refuse the proposer now
would refuse it at any later point: skipping it changes nothing. Deferred
acceptance gives the same matching in whatever order proposals are made, so
the result is exactly the proposer-optimal stable matching of the full
instance, not an approximation; ``list_length`` changes only the running time.

Values must be exact: the same pair must get the same value whichever block
it is computed in (the engine's integer micro-points are).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_THREADS = 2
_BLOCK_CELLS = 262_144  # proposer rows x receivers per block: a few MB, near the cache


class PreferenceSource(Protocol):
    """Both sides' values, asked for in blocks. Values are whole numbers (the
    engine's micro-points), so that a pair gets the same value in any block and
    ``value * receivers + rank`` is an exact, tie-free sort key."""

    @property
    def shape(self) -> tuple[int, int]:
        """(number of proposers, number of receivers)."""
        ...

    def proposer_block(self, rows: IntArray) -> Block:
        """Proposers ``rows`` x every receiver; ``-inf`` where the pair is not acceptable."""
        ...

    def scan_order(self) -> IntArray:
        """All proposers, in the order that is cheapest to score them in blocks."""
        ...

    def receiver_pairs(self, rows: IntArray, columns: IntArray) -> FloatArray:
        """How much receiver ``columns[k]`` values proposer ``rows[k]``, for each k."""
        ...


@dataclass(frozen=True, slots=True)
class Block:
    values: FloatArray  # rows x receivers, -inf where not acceptable
    row_degree: IntArray  # acceptable receivers per row
    column_degree: IntArray  # acceptable rows per receiver


@dataclass(frozen=True, slots=True)
class MatrixSource:
    """A preference source over two full matrices of whole numbers: for textbook
    instances and tests."""

    proposer_value: FloatArray
    receiver_value: FloatArray

    def __post_init__(self) -> None:
        for name in ("proposer_value", "receiver_value"):
            values = np.asarray(getattr(self, name), dtype=np.float64)
            finite = values[np.isfinite(values)]
            if not np.array_equal(finite, np.rint(finite)):
                raise ValueError(f"{name}: values must be whole numbers (or -inf)")

    @property
    def shape(self) -> tuple[int, int]:
        rows, columns = self.proposer_value.shape
        return rows, columns

    def proposer_block(self, rows: IntArray) -> Block:
        values = np.array(self.proposer_value[rows], dtype=np.float64)
        finite = np.isfinite(values)
        return Block(values, finite.sum(axis=1), finite.sum(axis=0))

    def receiver_pairs(self, rows: IntArray, columns: IntArray) -> FloatArray:
        return np.array(self.receiver_value[rows, columns], dtype=np.float64)

    def scan_order(self) -> IntArray:
        return np.arange(self.proposer_value.shape[0], dtype=np.int64)


def rows_per_block(receivers: int) -> int:
    return max(1, _BLOCK_CELLS // max(1, receivers))


@dataclass(slots=True)
class _Lists:
    """Each proposer's pending list: receivers in preference order and the
    receiver's value of the proposer for each (what the receiver compares)."""

    receivers: list[list[int]]
    values: list[list[float]]
    position: list[int]
    complete: list[bool]  # the list holds every receiver that could still accept
    reach: list[int]  # how far down its preference order the next list looks
    acceptable: list[int]  # how many receivers find the pair acceptable at all


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    matched: IntArray  # per proposer: its receiver's index, or -1
    proposer_degree: IntArray  # acceptable receivers per proposer
    receiver_degree: IntArray  # proposers each receiver finds acceptable
    proposals: int
    extensions: int  # lists extended after running out


def deferred_acceptance(
    source: PreferenceSource,
    capacity: IntArray,
    *,
    list_length: int = 32,
    progress: Callable[[float], None] | None = None,
) -> Outcome:
    """The proposer-optimal stable matching, with each proposer's receiver (or -1).

    Parameters
    ----------
    source
        The two sides' values.
    capacity
        How many proposers each receiver can hold (0 takes none).
    list_length
        How many receivers each proposer's list starts with; a list that runs
        out looks twice as far the next time. Any value gives the same
        matching; it trades memory and scoring for fewer extensions.
    progress
        Called with the share of work done, from 0 to 1.

    Examples
    --------
    Gale and Shapley (1962), first example: three men propose to three women.

    >>> import numpy as np
    >>> men_rank = np.array([[1, 2, 3], [3, 1, 2], [2, 3, 1]])  # man i ranks woman j
    >>> women_rank = np.array([[3, 1, 2], [2, 3, 1], [1, 2, 3]])  # woman j ranks man i
    >>> matched = deferred_acceptance(
    ...     MatrixSource(-men_rank.astype(float), -women_rank.T.astype(float)),
    ...     np.ones(3, dtype=np.int64))
    >>> matched.matched.tolist()
    [0, 1, 2]
    """
    proposers, receivers = source.shape
    capacity = np.asarray(capacity, dtype=np.int64)
    if capacity.shape != (receivers,):
        raise ValueError(f"capacity has shape {capacity.shape}, expected ({receivers},)")
    if list_length < 1:
        raise ValueError(f"list_length must be at least 1, got {list_length}")
    lists = _Lists(
        receivers=[[] for _ in range(proposers)],
        values=[[] for _ in range(proposers)],
        position=[0] * proposers,
        complete=[False] * proposers,
        reach=[list_length] * proposers,
        acceptable=[0] * proposers,
    )
    receiver_degree = np.zeros(receivers, dtype=np.int64)
    held: list[list[tuple[float, int]]] = [[] for _ in range(receivers)]
    room = capacity.tolist()
    report = progress or (lambda share: None)

    step = rows_per_block(receivers)
    order = source.scan_order()  # any order gives the same lists; this one is cheapest
    blocks = [np.sort(order[start : start + step]) for start in range(0, proposers, step)]
    # The first lists of all proposers are independent: two threads score
    # blocks (numpy releases the GIL), and the lists are filled in block order.
    with ThreadPoolExecutor(max_workers=_THREADS) as pool:
        pending_blocks: deque[tuple[IntArray, Future[_Prepared]]] = deque()
        done = 0
        for rows in blocks:
            pending_blocks.append((rows, pool.submit(_prepare, source, rows, list_length, None)))
            if len(pending_blocks) > 2 * _THREADS:
                done += _apply_next(lists, pending_blocks, receiver_degree)
                report(0.8 * done / max(1, proposers))
        while pending_blocks:
            done += _apply_next(lists, pending_blocks, receiver_degree)
            report(0.8 * done / max(1, proposers))

    free = list(range(proposers - 1, -1, -1))  # popped from the end: lowest index first
    proposals = extensions = 0
    while True:
        pending: list[int] = []
        proposals += _propose(free, pending, lists, held, room)
        if not pending:
            break
        # Everyone left has run out of list: extend in blocks against the
        # receivers' current standards, then carry on proposing.
        thresholds = _thresholds(held, room, receivers)
        extensions += len(pending)
        for start in range(0, len(pending), step):
            rows = np.asarray(sorted(pending[start : start + step]), dtype=np.int64)
            _fill(source, lists, rows, thresholds)
            free.extend(int(i) for i in rows[::-1])
        placed = sum(len(h) for h in held)
        report(0.8 + 0.2 * placed / max(1, min(proposers, int(capacity.sum()))))

    matched = np.full(proposers, -1, dtype=np.int64)
    for receiver, keys in enumerate(held):
        for _, negative_index in keys:
            matched[-negative_index] = receiver
    report(1.0)
    return Outcome(
        matched=matched,
        proposer_degree=np.array(lists.acceptable, dtype=np.int64),
        receiver_degree=receiver_degree,
        proposals=proposals,
        extensions=extensions,
    )


@dataclass(frozen=True, slots=True)
class _Thresholds:
    value: FloatArray  # a full receiver's worst held value; -inf with room; +inf with no room
    index: IntArray  # ... and that proposer's index (ties go to the lower index)


@dataclass(frozen=True, slots=True)
class _Prepared:
    block: Block
    reach: int
    top: list[IntArray]
    columns: IntArray
    values: FloatArray
    willing: BoolArray


def _prepare(
    source: PreferenceSource, rows: IntArray, reach: int, thresholds: _Thresholds | None
) -> _Prepared:
    """The scoring part of ``_fill``: reads nothing but its arguments."""
    block = source.proposer_block(rows)
    top = top_receivers(block.values, block.row_degree, reach)
    flat_rows = np.repeat(rows, [t.size for t in top])
    flat_columns = np.concatenate(top) if top else np.empty(0, dtype=np.int64)
    values = source.receiver_pairs(flat_rows, flat_columns)
    if thresholds is None:
        willing = np.ones(values.shape, dtype=bool)
    else:
        standard = thresholds.value[flat_columns]
        willing = (values > standard) | (
            (values == standard) & (flat_rows < thresholds.index[flat_columns])
        )
    return _Prepared(block, reach, top, flat_columns, values, willing)


def _apply_next(
    lists: _Lists,
    pending: deque[tuple[IntArray, Future[_Prepared]]],
    receiver_degree: IntArray,
) -> int:
    rows, future = pending.popleft()
    receiver_degree += _apply(lists, rows, future.result())
    return int(rows.size)


def _fill(
    source: PreferenceSource, lists: _Lists, rows: IntArray, thresholds: _Thresholds | None
) -> IntArray:
    """Give each of ``rows`` its next list. With ``thresholds`` (an extension),
    keep only receivers that would accept the proposer now; the list looks
    ``reach`` places down the proposer's order, and twice as far next time.
    Returns how many of ``rows`` find each receiver acceptable."""
    reach = max(lists.reach[int(r)] for r in rows)
    return _apply(lists, rows, _prepare(source, rows, reach, thresholds))


def _apply(lists: _Lists, rows: IntArray, prepared: _Prepared) -> IntArray:
    block, top, reach = prepared.block, prepared.top, prepared.reach
    start = 0
    for r, proposer in enumerate(rows.tolist()):
        stop = start + top[r].size
        keep = prepared.willing[start:stop]
        lists.receivers[proposer] = prepared.columns[start:stop][keep].tolist()
        lists.values[proposer] = prepared.values[start:stop][keep].tolist()
        lists.position[proposer] = 0
        lists.acceptable[proposer] = int(block.row_degree[r])
        lists.complete[proposer] = top[r].size >= block.row_degree[r]
        lists.reach[proposer] = 2 * reach
        start = stop
    return block.column_degree


def top_receivers(values: FloatArray, acceptable: IntArray, k: int) -> list[IntArray]:
    """Per row, the indices of the ``k`` best finite values, best first, ties to
    the lower index. ``acceptable`` counts each row's finite values.

    Values are whole numbers, so ``value * columns + (columns - 1 - index)`` is
    exact in float64 (below 2**53) and unique per row: one partition on it gives
    the top ``k`` with ties already broken, with no second pass over ties.
    """
    rows, columns = values.shape
    k = min(k, columns)
    if k == 0:
        return [np.empty(0, dtype=np.int64) for _ in range(rows)]
    key = values * columns
    key += np.arange(columns - 1, -1, -1, dtype=np.float64)
    if k < columns:
        candidates = np.argpartition(key, columns - k, axis=1)[:, columns - k :]
    else:
        candidates = np.broadcast_to(np.arange(columns), (rows, columns))
    chosen = np.take_along_axis(key, candidates, axis=1)
    order = np.argsort(-chosen, axis=1, kind="stable")
    candidates = np.take_along_axis(candidates, order, axis=1).astype(np.int64)
    return [candidates[r, : min(k, int(acceptable[r]))] for r in range(rows)]


def _propose(
    free: list[int],
    pending: list[int],
    lists: _Lists,
    held: list[list[tuple[float, int]]],
    room: list[int],
) -> int:
    """The deferred-acceptance loop proper; returns the number of proposals.
    A receiver keeps keys ``(value, -index)``: the larger key is preferred, so
    ties go to the lower index."""
    count = 0
    receivers, values, position, complete = (
        lists.receivers,
        lists.values,
        lists.position,
        lists.complete,
    )
    while free:
        proposer = free.pop()
        at = position[proposer]
        mine = receivers[proposer]
        if at == len(mine):
            if not complete[proposer]:
                pending.append(proposer)
            continue  # a complete list run out: no one will ever take this proposer
        receiver = mine[at]
        position[proposer] = at + 1
        count += 1
        key = (values[proposer][at], -proposer)
        holding = held[receiver]
        if len(holding) < room[receiver]:
            holding.append(key)
            continue
        if not holding:
            free.append(proposer)  # a receiver with no room at all
            continue
        worst = min(holding)
        if key > worst:
            holding.remove(worst)
            holding.append(key)
            free.append(-worst[1])
        else:
            free.append(proposer)
    return count


def _thresholds(
    held: list[list[tuple[float, int]]], room: list[int], receivers: int
) -> _Thresholds:
    value = np.full(receivers, -np.inf)
    index = np.full(receivers, np.iinfo(np.int64).max, dtype=np.int64)
    for receiver, keys in enumerate(held):
        if room[receiver] == 0:
            value[receiver] = np.inf
        elif len(keys) >= room[receiver]:
            worst_value, negative_index = min(keys)
            value[receiver] = worst_value
            index[receiver] = -negative_index
    return _Thresholds(value, index)
