"""After ``warm_up()``, a match run compiles nothing: every compiled loop it
calls is ready (checked in a fresh process with an empty numba cache, where
any loop compiled later would add files to the cache)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = """
import json, os, sys
from pathlib import Path

from benchmarks.synthetic import synthetic_problem
from crossgen.matching.problem import Objective
from crossgen.matching.solve import solve
from crossgen.matching.warm_up import warm_up

cache = Path(os.environ["NUMBA_CACHE_DIR"])
listing = lambda: sorted(str(p.relative_to(cache)) for p in cache.rglob("*") if p.is_file())
warm_up()
after_warm_up = listing()
for objective in Objective:
    solve(synthetic_problem(1500, 1500, seed=2, capacity=1, objective=objective))
# Rounds that add few arcs: the auction repairs its last solve.
solve(synthetic_problem(10_000, 10_000, seed=0))
print(json.dumps({"after_warm_up": after_warm_up, "after_runs": listing()}))
"""


def test_after_warm_up_a_match_run_compiles_nothing(tmp_path: Path) -> None:
    environment = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=environment,
    )
    files = json.loads(done.stdout.splitlines()[-1])
    assert files["after_warm_up"], "warm_up compiled nothing into the fresh cache"
    assert files["after_runs"] == files["after_warm_up"]
