"""Target: the people directory answers at p95 <= 100 ms with 50,000 employees
(search, filters, deep pages). Reference in the same run: the health check,
the cheapest page the framework serves (middleware, session, one query)."""

from __future__ import annotations

import os

from benchmarks._web import fresh_database, median, percentile, postgres_available, run_child

EMPLOYEES = int(os.environ.get("BENCH_EMPLOYEES", "50000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
TARGET_P95_MS = 100.0


def main() -> None:
    print(
        f"{EMPLOYEES:,} employees, {REQUESTS} requests each (page 1, deep pages, filters, searches)."
    )
    kinds = ["sqlite", *(["postgres"] if postgres_available() else [])]
    for kind in kinds:
        with fresh_database(kind) as url:
            result = run_child(
                "benchmarks.directory_child", str(EMPLOYEES), str(REQUESTS), database_url=url
            )
        directory = [s * 1000 for s in result["directory"]]
        health = [s * 1000 for s in result["health"]]
        p95 = percentile(directory, 95)
        verdict = "OK" if p95 <= TARGET_P95_MS else "MISSED"
        print(
            f"{kind:>8}: directory p50 {median(directory):6.1f} ms, p95 {p95:6.1f} ms | "
            f"health check p50 {median(health):5.1f} ms, p95 {percentile(health, 95):5.1f} ms | "
            f"p95 ratio {p95 / percentile(health, 95):4.1f}x | target p95 <= {TARGET_P95_MS:.0f} ms: {verdict}"
        )


if __name__ == "__main__":
    main()
