"""The assignment core against J. E. Beasley's OR-Library instances: an exact
solver must reproduce every published optimum to the unit, and its dual
potentials must prove it."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
import pytest

from crossgen.matching.assignment import (
    check_assignment,
    linear_assignment_dense,
    linear_assignment_sparse,
)
from crossgen.matching.bmatching import solve_b_matching

DATA = Path(os.environ.get("CROSSGEN_ORLIB", "/work/shared/data/orlib-assignment"))
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="OR-Library data not present")


def _published() -> list[tuple[str, str, int]]:
    if not DATA.is_dir():
        return []
    with (DATA / "optimal.tsv").open() as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [(r["instance"], r["format"], int(r["optimal_min_cost"])) for r in rows]


def _numbers(name: str) -> np.ndarray:
    return np.array((DATA / f"{name}.txt").read_text().split(), dtype=np.int64)


@pytest.mark.parametrize(("name", "kind", "optimum"), _published())
def test_it_reproduces_the_published_optimum_with_a_valid_certificate(
    name: str, kind: str, optimum: int
) -> None:
    numbers = _numbers(name)
    n = int(numbers[0])
    if kind == "dense":
        cost = numbers[1 : 1 + n * n].reshape(n, n)
        result = linear_assignment_dense(cost)
        rows = np.repeat(np.arange(n), n)
        cols = np.tile(np.arange(n), n)
        costs = cost.ravel()
    else:
        arcs = numbers[1:].reshape(-1, 3)
        rows, cols, costs = arcs[:, 0] - 1, arcs[:, 1] - 1, arcs[:, 2]
        result = linear_assignment_sparse(rows, cols, costs, shape=(n, n))
    assert result.cost == optimum
    assert result.bound == optimum
    assert check_assignment(rows, cols, costs, result) == []
    assert sorted(result.col_ind.tolist()) == list(range(n))


@pytest.mark.parametrize(("name", "kind", "optimum"), _published())
def test_the_engines_own_core_reproduces_the_published_optimum(
    name: str, kind: str, optimum: int
) -> None:
    """What ``solve`` runs: the auction b-matching with its dual certificate.
    It maximises weight and may leave vertices unmatched, so costs become
    weights ``K - cost`` with ``K`` large enough that one more pair always
    outweighs any cost difference: the best matching is a perfect one of
    least cost."""
    numbers = _numbers(name)
    n = int(numbers[0])
    if kind == "dense":
        costs = numbers[1 : 1 + n * n]
        rows, cols = np.repeat(np.arange(n), n), np.tile(np.arange(n), n)
    else:
        arcs = numbers[1:].reshape(-1, 3)
        rows, cols, costs = arcs[:, 0] - 1, arcs[:, 1] - 1, arcs[:, 2]
    big = n * int(costs.max()) + 1
    result = solve_b_matching(
        rows, cols, big - costs, capacity=np.ones(n, dtype=np.int64), n_left=n
    )
    assert (result.right_of_left >= 0).all()
    assert n * big - result.value == optimum
    assert result.bound == result.value  # the dual potentials prove it


def test_the_published_list_covers_every_instance_file() -> None:
    names = {name for name, _, _ in _published()}
    files = {p.stem for p in DATA.glob("assign*.txt")}
    assert names == files
    assert len(names) == 12
