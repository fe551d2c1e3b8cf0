"""Assignment problems solved exactly, with the LP dual potentials that prove it.

Three entry points, all plain arrays in and a small frozen result out:

``linear_assignment_dense(cost)``
    Every row of the smaller side matched, like
    ``scipy.optimize.linear_sum_assignment``.
``linear_assignment_sparse(rows, cols, costs, shape=...)``
    The same on an arc list: pairs that are not listed are not allowed.
``max_weight_b_matching(...)``
    The engine's problem: each left vertex (mentee) takes at most one right
    vertex (mentor), each right vertex at most ``capacity`` left vertices, and
    anybody may stay unmatched. Maximises the total weight.

Why the potentials: they are a certificate. For a minimum-cost assignment,
``row_potential[r] + col_potential[c] <= cost[r, c]`` on every arc, with
equality on the chosen arcs, and the potentials sum to the cost, so by LP
duality nothing cheaper exists. ``check_*`` functions verify that in exact
arithmetic when the costs are integers.

How: the primal comes from scipy's C solvers (``linear_sum_assignment`` for
dense matrices, LAPJVsp via ``min_weight_full_bipartite_matching`` for sparse
ones). Their potentials are the shortest-path distances in the residual graph
of the optimal solution (Bellman-Ford: that graph has negative arcs but no
negative cycle). The b-matching, which must scale to 10^5 x 10^5 programs, uses
the engine's own epsilon-scaling auction (``crossgen.matching.auction``), whose
prices are the certificate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from crossgen.matching.bmatching import BMatching, exact_sum, solve_b_matching

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

__all__ = [
    "Assignment",
    "BMatching",
    "check_assignment",
    "check_b_matching",
    "linear_assignment_dense",
    "linear_assignment_sparse",
    "max_weight_b_matching",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Assignment:
    """An optimal assignment and its dual certificate.

    For ``maximize=False``: ``row_potential[r] + col_potential[c] <= cost`` on every
    arc, equality on chosen arcs, ``col_potential <= 0`` and 0 on unchosen columns
    (of the larger side), and ``row_potential.sum() + col_potential.sum() == cost``.
    For ``maximize=True`` every inequality flips.
    """

    row_ind: IntArray
    col_ind: IntArray
    cost: float
    row_potential: FloatArray
    col_potential: FloatArray
    maximize: bool

    @property
    def bound(self) -> float:
        """The dual objective: equals ``cost`` when the certificate holds."""
        return float(self.row_potential.sum() + self.col_potential.sum())


def linear_assignment_dense(cost: npt.ArrayLike, *, maximize: bool = False) -> Assignment:
    """Optimal assignment of a dense cost matrix, with dual potentials.

    Parameters
    ----------
    cost : (n, m) array of finite numbers
        ``cost[r, c]`` is the cost of assigning row ``r`` to column ``c``.
    maximize : bool, keyword-only
        Maximise the total instead.

    Examples
    --------
    >>> result = linear_assignment_dense([[4, 1, 3], [2, 0, 5], [3, 2, 2]])
    >>> result.col_ind.tolist(), result.cost, result.bound
    ([1, 0, 2], 5.0, 5.0)
    """
    matrix = _check_dense(cost)
    n_rows, n_cols = matrix.shape
    rows, cols = linear_sum_assignment(matrix, maximize=maximize)
    arc_rows = np.repeat(np.arange(n_rows, dtype=np.int64), n_cols)
    arc_cols = np.tile(np.arange(n_cols, dtype=np.int64), n_rows)
    return _with_potentials(
        arc_rows, arc_cols, matrix.ravel(), (n_rows, n_cols), rows, cols, maximize
    )


def linear_assignment_sparse(
    rows: npt.ArrayLike,
    cols: npt.ArrayLike,
    costs: npt.ArrayLike,
    *,
    shape: tuple[int, int],
    maximize: bool = False,
) -> Assignment:
    """Optimal assignment over an arc list, with dual potentials.

    Every row of the smaller side is matched; pairs that are not listed are not
    allowed. Raises ``ValueError`` when no such matching exists.

    Parameters
    ----------
    rows, cols : 1-D integer arrays
        Arc ``k`` joins row ``rows[k]`` and column ``cols[k]``; no duplicates.
    costs : 1-D array of finite numbers
        ``costs[k]`` is the cost of arc ``k``.
    shape : (int, int), keyword-only
        Number of rows and columns.
    maximize : bool, keyword-only
        Maximise the total instead.

    Examples
    --------
    >>> result = linear_assignment_sparse([0, 0, 1, 2], [0, 1, 0, 2], [5, 1, 2, 7], shape=(3, 3))
    >>> result.col_ind.tolist(), result.cost
    ([1, 0, 2], 10.0)
    """
    arc_rows, arc_cols, arc_costs = _check_arcs(rows, cols, costs, shape)
    n_rows, n_cols = shape
    if min(shape) == 0:
        empty = np.empty(0, dtype=np.int64)
        return Assignment(
            row_ind=empty,
            col_ind=empty,
            cost=0.0,
            row_potential=np.zeros(n_rows),
            col_potential=np.zeros(n_cols),
            maximize=maximize,
        )
    signed = -arc_costs if maximize else arc_costs
    # LAPJVsp drops explicit zeros, so shift every arc to a positive cost: each
    # full matching has min(shape) arcs, so the shift changes no comparison.
    shifted = signed - signed.min() + 1.0
    graph = sp.csr_array((shifted, (arc_rows, arc_cols)), shape=shape)
    matched_rows, matched_cols = min_weight_full_bipartite_matching(graph)
    return _with_potentials(
        arc_rows,
        arc_cols,
        arc_costs,
        shape,
        np.asarray(matched_rows, dtype=np.int64),
        np.asarray(matched_cols, dtype=np.int64),
        maximize,
    )


def _check_dense(cost: npt.ArrayLike) -> FloatArray:
    matrix = np.asarray(cost, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError(f"cost: expected a 2-D matrix, got shape {matrix.shape}")
    if not np.isfinite(matrix).all():
        raise ValueError("cost: every entry must be finite (leave pairs out with the sparse form)")
    return matrix


def _check_arcs(
    rows: npt.ArrayLike, cols: npt.ArrayLike, costs: npt.ArrayLike, shape: tuple[int, int]
) -> tuple[IntArray, IntArray, FloatArray]:
    r = np.asarray(rows, dtype=np.int64).ravel()
    c = np.asarray(cols, dtype=np.int64).ravel()
    w = np.asarray(costs, dtype=np.float64).ravel()
    problems = []
    if len(shape) != 2 or min(shape) < 0:
        problems.append(f"shape: expected two sizes >= 0, got {shape}")
    if not r.size == c.size == w.size:
        problems.append(f"rows, cols, costs: lengths differ ({r.size}, {c.size}, {w.size})")
    elif r.size:
        if r.min() < 0 or r.max() >= shape[0]:
            problems.append(f"rows: indices must lie in [0, {shape[0]})")
        if c.min() < 0 or c.max() >= shape[1]:
            problems.append(f"cols: indices must lie in [0, {shape[1]})")
        if not np.isfinite(w).all():
            problems.append("costs: every cost must be finite")
        elif np.unique(r * max(shape[1], 1) + c).size != r.size:
            problems.append("rows, cols: an arc is listed twice")
    if problems:
        raise ValueError("; ".join(problems))
    return r, c, w


def _with_potentials(
    arc_rows: IntArray,
    arc_cols: IntArray,
    arc_costs: FloatArray,
    shape: tuple[int, int],
    matched_rows: IntArray,
    matched_cols: IntArray,
    maximize: bool,
) -> Assignment:
    """Potentials of an optimal full matching (rows <= cols after transposing)."""
    n_rows, n_cols = shape
    transpose = n_rows > n_cols
    if transpose:
        arc_rows, arc_cols = arc_cols, arc_rows
        matched_rows, matched_cols = matched_cols, matched_rows
        n_rows, n_cols = n_cols, n_rows
    signed = -arc_costs if maximize else arc_costs
    mate_of_row = np.full(n_rows, -1, dtype=np.int64)
    mate_of_row[matched_rows] = matched_cols
    chosen = mate_of_row[arc_rows] == arc_cols
    row_dist, col_dist = _residual_distances(
        arc_rows, arc_cols, signed, chosen, mate_of_row, n_rows, n_cols
    )
    # Min-cost duals: a_r = D_r, b_c = -D_c (see _residual_distances).
    a, b = row_dist, -col_dist
    if maximize:
        a, b = -a, -b
    if transpose:
        a, b = b, a
        matched_rows, matched_cols = matched_cols, matched_rows
    order = np.argsort(matched_rows, kind="stable")
    rows_out, cols_out = matched_rows[order], matched_cols[order]
    total = float(arc_costs[chosen].sum())
    return Assignment(
        row_ind=rows_out,
        col_ind=cols_out,
        cost=total,
        row_potential=a,
        col_potential=b,
        maximize=maximize,
    )


def _residual_distances(
    arc_rows: IntArray,
    arc_cols: IntArray,
    cost: FloatArray,
    chosen: npt.NDArray[np.bool_],
    mate_of_row: IntArray,
    n_rows: int,
    n_cols: int,
) -> tuple[FloatArray, FloatArray]:
    """Shortest distances D in the residual graph of an optimal min-cost full
    row matching, from a source joined to every free column.

    Residual arcs: column -> row for every unchosen arc (cost c), row -> column
    for every chosen arc (cost -c). With a_r = D_r and b_c = -D_c the triangle
    inequality gives a_r + b_c <= c on unchosen arcs and equality on chosen
    ones; free columns get b = 0 and, by optimality (no cheaper alternating
    path), every b <= 0. Nodes that no free column reaches (all of them in a
    square problem) get a second pass from their rows, shifted up by the
    smallest constant that keeps b <= 0 and every crossing arc's inequality.
    """
    col_node = n_rows + arc_cols
    tails = np.where(chosen, arc_rows, col_node)
    heads = np.where(chosen, col_node, arc_rows)
    weights = np.where(chosen, -cost, cost)
    col_matched = np.zeros(n_cols, dtype=bool)
    col_matched[mate_of_row[mate_of_row >= 0]] = True
    free_cols = np.flatnonzero(~col_matched)
    dist = _distances_from(tails, heads, weights, n_rows + n_cols, n_rows + free_cols)
    unreached = ~np.isfinite(dist)
    if unreached.any():
        # Start the second pass at rows, not columns: a matched column's only way
        # in must stay its chosen arc, which is what makes that arc tight.
        inside = unreached[tails] & unreached[heads]
        starts = np.flatnonzero(unreached[:n_rows])
        second = _distances_from(
            tails[inside], heads[inside], weights[inside], n_rows + n_cols, starts
        )
        lost_cols = np.flatnonzero(unreached[n_rows:])
        shift = -float(second[n_rows + lost_cols].min()) if lost_cols.size else 0.0
        # An arc from an unreached tail to a reached head must keep D_head <= D_tail + w.
        cross_in = unreached[tails] & ~unreached[heads]
        if cross_in.any():
            need = dist[heads[cross_in]] - weights[cross_in] - second[tails[cross_in]]
            shift = max(shift, float(need.max()))
        dist[unreached] = second[unreached] + shift
    return dist[:n_rows], dist[n_rows:]


def _distances_from(
    tails: IntArray, heads: IntArray, weights: FloatArray, n_nodes: int, starts: IntArray
) -> FloatArray:
    """Bellman-Ford distances from a virtual source joined to ``starts`` at cost 0.

    Vectorised: each pass relaxes every arc at once (arcs grouped by head), so
    the number of passes is the depth of the shortest-path tree, not the number
    of nodes. A negative cycle (impossible for an optimal solution) raises.
    """
    dist = np.full(n_nodes, np.inf)
    dist[starts] = 0.0
    if tails.size == 0:
        return dist
    order = np.argsort(heads, kind="stable")
    tails, heads, weights = tails[order], heads[order], weights[order]
    group = np.flatnonzero(np.r_[True, heads[1:] != heads[:-1]])
    targets = heads[group]
    for _ in range(n_nodes + 1):
        offered = np.minimum.reduceat(dist[tails] + weights, group)
        better = offered < dist[targets]
        if not better.any():
            return dist
        dist[targets[better]] = offered[better]
    raise ArithmeticError("negative cycle: the matching given is not optimal")


def check_assignment(
    rows: npt.ArrayLike, cols: npt.ArrayLike, costs: npt.ArrayLike, result: Assignment
) -> list[str]:
    """Everything wrong with ``result`` as a certificate for the arc list, or ``[]``.

    Checks dual feasibility on every arc, equality on chosen arcs, the sign of
    column potentials (0 on free columns of the larger side) and that the
    potentials sum to the cost. Exact for integer costs up to 2**53.
    """
    r = np.asarray(rows, dtype=np.int64)
    c = np.asarray(cols, dtype=np.int64)
    w = np.asarray(costs, dtype=np.float64)
    sign = -1.0 if result.maximize else 1.0
    a, b = sign * result.row_potential, sign * result.col_potential
    reduced = sign * w - a[r] - b[c]
    problems = []
    if (reduced < 0).any():
        problems.append(f"{int((reduced < 0).sum())} arcs violate the dual constraint")
    chosen = np.zeros(r.size, dtype=bool)
    if result.row_ind.size:
        width = max(int(c.max(initial=0)), int(result.col_ind.max())) + 1
        chosen = np.isin(r * width + c, result.row_ind * width + result.col_ind)
        if chosen.sum() != result.row_ind.size:
            problems.append("a chosen pair is not an arc")
    if (reduced[chosen] != 0).any():
        problems.append("a chosen arc is not tight")
    n_rows, n_cols = a.size, b.size
    larger_is_cols = n_cols >= n_rows
    free = np.ones(n_cols if larger_is_cols else n_rows, dtype=bool)
    free[result.col_ind if larger_is_cols else result.row_ind] = False
    side = b if larger_is_cols else a
    if (side > 0).any() and n_rows != n_cols:
        problems.append("a potential on the larger side is positive")
    if (side[free] != 0).any():
        problems.append("a free vertex of the larger side has a non-zero potential")
    if a.sum() + b.sum() != sign * result.cost:
        problems.append(f"potentials sum to {sign * (a.sum() + b.sum())}, not {result.cost}")
    return problems


def max_weight_b_matching(
    left: npt.ArrayLike,
    right: npt.ArrayLike,
    weight: npt.ArrayLike,
    *,
    capacity: npt.ArrayLike,
    n_left: int,
) -> BMatching:
    """Maximum total weight with left degree <= 1 and right degree <= capacity.

    Weights are integers; arcs with weight <= 0 are never worth taking and are
    ignored. Exact: the result carries dual potentials that prove it.

    Examples
    --------
    >>> m = max_weight_b_matching([0, 1, 2, 2], [0, 0, 0, 1], [5, 4, 3, 1],
    ...                           capacity=[2, 1], n_left=3)
    >>> m.right_of_left.tolist(), m.value, m.bound
    ([0, 0, 1], 10, 10)
    """
    return solve_b_matching(left, right, weight, capacity=capacity, n_left=n_left)


def check_b_matching(
    left: npt.ArrayLike,
    right: npt.ArrayLike,
    weight: npt.ArrayLike,
    capacity: npt.ArrayLike,
    result: BMatching,
) -> list[str]:
    """Everything wrong with ``result`` as a proof of optimality, or ``[]`` (exact)."""
    j = np.asarray(left, dtype=np.int64)
    i = np.asarray(right, dtype=np.int64)
    w = np.asarray(weight, dtype=np.int64)
    cap = np.asarray(capacity, dtype=np.int64)
    problems = []
    if (result.u < 0).any() or (result.v < 0).any():
        problems.append("a potential is negative")
    if (result.u[i] + result.v[j] < result.scale * w).any():
        problems.append("an arc violates u + v >= scale * w")
    matched = result.right_of_left >= 0
    load = np.bincount(result.right_of_left[matched], minlength=cap.size)
    if (load > cap).any():
        problems.append("a right vertex is over capacity")
    chosen = result.right_of_left[j] == i
    if int(chosen.sum()) != int(matched.sum()):
        problems.append("a chosen pair is not an arc")
    value = int(w[chosen].sum())
    if value != result.value:
        problems.append(f"value {result.value} is not the chosen arcs' weight {value}")
    bound = (exact_sum(cap * result.u) + exact_sum(result.v)) // result.scale
    if bound != result.bound:
        problems.append("bound does not match the potentials")
    if bound != value:
        problems.append(f"bound {bound} differs from value {value}")
    return problems
