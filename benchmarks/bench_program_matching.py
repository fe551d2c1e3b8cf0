"""Target: a program of 10,000 enrolments is matched through the web app's
background path — the service the "Run matching" button calls and its job:
load the enrolments, score, solve, explain, store the pairs — in <= 30 s.

Reference in the same run: the pure engine, ``crossgen.matching.solve`` on the
same Problem with the same time budget, so the ratio is the app's overhead
(loading, explaining, storing, progress). Each measurement is a fresh child
process (peak memory is its own); medians of BENCH_REPEAT runs. SQLite by
default; PostgreSQL when DATABASE_URL names one (a database of its own there).
"""

from __future__ import annotations

import os
from typing import Any

from benchmarks._web import database_from_environment, median, run_child

ENROLMENTS = int(os.environ.get("BENCH_ENROLMENTS", "10000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
TARGET_SECONDS = 30.0
CHILD = "benchmarks.program_matching_child"
PHASES = ("load", "solve", "explain", "store", "total")


def main() -> None:
    with database_from_environment("matching") as (kind, url):
        built = run_child(CHILD, "setup", str(ENROLMENTS), database_url=url)
        print(
            f"{kind}: {ENROLMENTS:,} enrolments (seeded), built in {built['seconds']:.1f} s; "
            f"{REPEAT} runs each, medians."
        )
        ids = (str(built["cohort"]), str(built["manager"]))
        app: list[dict[str, Any]] = []
        engine: list[dict[str, Any]] = []
        for _ in range(REPEAT):
            app.append(run_child(CHILD, "app", *ids, database_url=url))
            engine.append(run_child(CHILD, "engine", *ids, database_url=url))
    app_s = median([float(r["seconds"]) for r in app])
    engine_s = median([float(r["seconds"]) for r in engine])
    app_mb = max(float(r["peak_mb"]) for r in app)
    engine_mb = max(float(r["peak_mb"]) for r in engine)
    last = app[-1]
    timings = last["timings"]
    assert isinstance(timings, dict)
    print(
        f"  runs: {last['mentors']:,} mentors, {last['mentees']:,} mentees -> {last['pairs']:,} pairs, "
        f"certificate {last['certificate']}; engine alone: {engine[-1]['pairs']:,} pairs, "
        f"certificate {engine[-1]['certificate']}"
    )
    print(
        "  app run phases (last run): "
        + ", ".join(
            f"{k} {float(v):.1f} s"
            for k, v in sorted(
                timings.items(),
                key=lambda kv: PHASES.index(kv[0]) if kv[0] in PHASES else len(PHASES),
            )
        )
    )
    print(
        "  all app runs: "
        + ", ".join(f"{float(r['seconds']):.1f}" for r in app)
        + " s"
        + " | engine: "
        + ", ".join(f"{float(r['seconds']):.1f}" for r in engine)
        + " s"
    )
    verdict = "OK" if app_s <= TARGET_SECONDS else "MISSED"
    print(
        f"{kind:>8}: app (button -> pairs stored) {app_s:5.1f} s, peak {app_mb:4.0f} MB | "
        f"engine alone {engine_s:5.1f} s, peak {engine_mb:4.0f} MB | ratio {app_s / engine_s:4.2f}x | "
        f"target <= {TARGET_SECONDS:.0f} s: {verdict}"
    )


if __name__ == "__main__":
    main()
