"""Child process of bench_program_matching, against a database built by ``setup``.

``setup``: migrate and build the program (benchmarks.program_builder); prints
its ids. ``app``: press "Run matching" once — the service the button calls,
its background job on a thread of this process (load the enrolments, score,
solve, explain, store the pairs) — and wait for the run to finish. ``engine``:
the pure engine alone, ``crossgen.matching.solve`` on the same Problem with
the same time budget (the problem is built before the clock starts). Each
prints seconds and this process's peak memory as JSON.
"""

from __future__ import annotations

import json
import sys
import time

import django


def main() -> None:
    mode = sys.argv[1]
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from benchmarks._web import peak_rss_mb
    from benchmarks.program_builder import build_program, start_and_finish_run

    if mode == "setup":
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        ids = build_program(enrolments=int(sys.argv[2]))
        print(json.dumps({**ids, "seconds": time.perf_counter() - started}))
        return

    cohort_id, manager_id = int(sys.argv[2]), int(sys.argv[3])
    from crossgen.matching import solve
    from crossgen.matchmaking.models import MatchRun, RunStatus
    from crossgen.matchmaking.problem_builder import cohort_problem
    from crossgen.programs.models import Cohort

    budget = float(settings.MATCHING_TIME_BUDGET_SECONDS) or None
    if mode == "app":
        import crossgen.matchmaking.tasks  # noqa: F401 (loaded, as in a running web process)

        started = time.perf_counter()
        run_id = start_and_finish_run(cohort_id, manager_id)
        seconds = time.perf_counter() - started
        run = MatchRun.unscoped.get(pk=run_id)
        if run.status != RunStatus.DONE:
            raise SystemExit(f"run {run.number} {run.status}: {run.error}")
        result = {
            "seconds": seconds,
            "peak_mb": peak_rss_mb(),
            "pairs": run.stats["pairs"],
            "mentees": run.stats["mentees"],
            "mentors": run.stats["mentors"],
            "certificate": run.stats["certificate"]["status"],
            "timings": run.stats["timings"],
        }
    else:
        cohort = Cohort.unscoped.select_related("program").get(pk=cohort_id)
        problem, _ = cohort_problem(cohort)
        started = time.perf_counter()
        solved = solve(problem, time_budget_seconds=budget)
        seconds = time.perf_counter() - started
        result = {
            "seconds": seconds,
            "peak_mb": peak_rss_mb(),
            "pairs": len(solved.pairs),
            "certificate": solved.certificate.status.value,
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
