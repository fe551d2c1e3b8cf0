"""Benchmark: the stable objective at 10,000 mentors x 10,000 mentees, and
against the PyPI ``matching`` package on the sizes it can handle.

Programs come from ``benchmarks.synthetic`` (skewed skill popularity, time
zones, every optional rule on) with mentor capacities drawn from 1-3. Every
measurement runs in a fresh subprocess, so that its peak memory
(``ru_maxrss``) is its own; generating the program is not timed.

- ours: ``solve_stable`` end to end (scoring included);
- reference: ``matching.games.HospitalResident`` (resident-optimal), timed on
  the package's own work (building its players and solving) from ready-made
  full preference lists, which we build from the engine's scores and do not
  count against it. It needs full n x m lists of Python objects and
  deep-copies them recursively, so it runs in a thread with a large stack.

Both must return the same matching; the run stops if they do not.

    .venv/bin/python -m benchmarks stable            # or: benchmarks/bench_stable.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crossgen.matching.problem import Problem

ROOT = Path(__file__).resolve().parents[1]
BIG = 10_000
COMPARED = (100, 250, 500, 1000)
REPEATS = 3


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _problem(n: int, seed: int) -> Problem:
    from benchmarks.synthetic import synthetic_problem
    from crossgen.matching.problem import Objective

    return synthetic_problem(n, n, seed=seed, capacity=None, objective=Objective.STABLE)


def _child_ours(n: int, seed: int, check: bool) -> dict[str, object]:
    from crossgen.matching.stable import blocking_pairs, solve_stable

    problem = _problem(n, seed)
    baseline = _rss_mb()
    started = time.perf_counter()
    result = solve_stable(problem)
    seconds = time.perf_counter() - started
    out: dict[str, object] = {
        "seconds": seconds,
        "peak_mb": _rss_mb(),
        "baseline_mb": baseline,
        "pairs": sorted((p.mentor_id, p.mentee_id) for p in result.pairs),
        "extensions": result.stats["list_extensions"],
        "proposals": result.stats["proposals"],
    }
    if check:
        started = time.perf_counter()
        out["blocking_pairs"] = len(blocking_pairs(problem, result))
        out["check_seconds"] = time.perf_counter() - started
    return out


def _child_reference(n: int, seed: int) -> dict[str, object]:
    import numpy as np
    from matching.games import HospitalResident

    from crossgen.matching.arrays import compile_problem
    from crossgen.matching.feasibility import feasible_pairs
    from crossgen.matching.scoring import block_points
    from crossgen.matching.stable import market_preferences

    problem = _problem(n, seed)
    arrays = compile_problem(problem)
    preferences = market_preferences(arrays)
    mentors, mentees = preferences.mentors, preferences.mentees
    points = block_points(arrays, mentors, mentees)
    ok = feasible_pairs(arrays, mentors[:, None], mentees[None, :])
    mentee_value = (points.forward + points.timezone).T
    mentor_value = (points.reciprocal + points.diversity).T
    mentor_ids = [arrays.mentors.ids[i] for i in mentors]
    mentee_ids = [arrays.mentees.ids[j] for j in mentees]
    residents: dict[str, list[str]] = {}
    for r, mentee_id in enumerate(mentee_ids):
        columns = np.flatnonzero(ok[:, r])
        ranked = columns[np.lexsort((columns, -mentee_value[r, columns]))]
        if ranked.size:
            residents[mentee_id] = [mentor_ids[c] for c in ranked]
    hospitals: dict[str, list[str]] = {}
    for c, mentor_id in enumerate(mentor_ids):
        rows = np.array([r for r in np.flatnonzero(ok[c]) if mentee_ids[r] in residents], int)
        if rows.size:
            ranked = rows[np.lexsort((rows, -mentor_value[rows, c]))]
            hospitals[mentor_id] = [mentee_ids[r] for r in ranked]
    residents = {m: [h for h in prefs if h in hospitals] for m, prefs in residents.items()}
    residents = {m: prefs for m, prefs in residents.items() if prefs}
    capacity = {
        mentor_ids[c]: int(arrays.mentors.capacity[mentors[c]])
        for c in range(len(mentor_ids))
        if mentor_ids[c] in hospitals
    }
    baseline = _rss_mb()
    out: dict[str, object] = {}

    def run() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            started = time.perf_counter()
            game = HospitalResident.create_from_dictionaries(residents, hospitals, capacity)
            built = time.perf_counter()
            matched = game.solve(optimal="resident")
            out["seconds"] = time.perf_counter() - started
            out["build_seconds"] = built - started
            out["pairs"] = sorted((h.name, r.name) for h, rs in matched.items() for r in rs)

    sys.setrecursionlimit(1_000_000)  # its deepcopy recurses along the preference lists
    threading.stack_size(1 << 29)
    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    out["peak_mb"] = _rss_mb()
    out["baseline_mb"] = baseline
    return out


def _measure(kind: str, n: int, seed: int, *, check: bool = False) -> dict[str, object]:
    command = [sys.executable, str(Path(__file__)), "--child", kind, str(n), str(seed)]
    if check:
        command.append("--check")
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def _median(runs: list[dict[str, object]], key: str) -> float:
    return statistics.median(float(run[key]) for run in runs)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1,000 x 1,000 reference")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "N", "SEED"), help=argparse.SUPPRESS)
    parser.add_argument("--check", action="store_true", help=argparse.SUPPRESS)
    # `python -m benchmarks stable` calls main() with its own argv: no options then.
    args = parser.parse_args(argv or [])
    if args.child:
        kind, n, seed = args.child[0], int(args.child[1]), int(args.child[2])
        if kind == "ours":
            print(json.dumps(_child_ours(n, seed, args.check)))
        else:
            print(json.dumps(_child_reference(n, seed)))
        return

    print(f"stable objective, {BIG:,} mentors x {BIG:,} mentees, capacities 1-3:")
    big = [_measure("ours", BIG, seed, check=seed == 0) for seed in range(REPEATS)]
    print(
        f"  ours: median {_median(big, 'seconds'):.2f} s over {REPEATS} programs "
        f"({', '.join(f'{float(r["seconds"]):.2f}' for r in big)}); "  # type: ignore[arg-type]
        f"peak memory {_median(big, 'peak_mb'):.0f} MB "
        f"(of which {_median(big, 'baseline_mb'):.0f} MB is the program itself); "
        f"list extensions {_median(big, 'extensions'):.0f}"
    )
    print(
        f"  check: {big[0]['blocking_pairs']} blocking pairs over all "
        f"{BIG * BIG:,} pairs ({float(big[0]['check_seconds']):.2f} s)"  # type: ignore[arg-type]
    )

    print("\nagainst the `matching` package (HospitalResident, resident-optimal), same programs:")
    print(
        f"  {'n x n':>11} {'ours (s)':>9} {'matching (s)':>13} {'ratio':>7} {'peak MB ours/ref':>17}"
    )
    for n in COMPARED:
        if args.quick and n >= 1000:
            continue
        repeats = REPEATS if n < 1000 else 1
        ours = [_measure("ours", n, seed) for seed in range(repeats)]
        reference = [_measure("reference", n, seed) for seed in range(repeats)]
        for mine, theirs in zip(ours, reference, strict=True):
            if mine["pairs"] != theirs["pairs"]:
                raise SystemExit(f"different matchings at n={n}: stop and investigate")
        ours_s, ref_s = _median(ours, "seconds"), _median(reference, "seconds")
        print(
            f"  {n:>5} x {n:<5} {ours_s:>9.3f} {ref_s:>13.3f} {ref_s / ours_s:>6.0f}x "
            f"{_median(ours, 'peak_mb'):>8.0f}/{_median(reference, 'peak_mb'):<8.0f}"
            + ("  (1 run)" if repeats == 1 else "")
        )
    print("  same matching in every run; ratio = matching / ours (higher is faster for us)")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main(sys.argv[1:])
