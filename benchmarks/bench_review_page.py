"""Target: a run's review page answers at p95 <= 300 ms with 5,000 pairs
(paginated: first, middle and last pages, filters, searches, the htmx partial).
Reference in the same run: the health check, the cheapest page the framework
serves (middleware, session, one query). The program (10,000 enrolments,
seeded) is built and matched through the app first. SQLite by default;
PostgreSQL when DATABASE_URL names one (a database of its own there)."""

from __future__ import annotations

import os

from benchmarks._web import database_from_environment, median, percentile, run_child

ENROLMENTS = int(os.environ.get("BENCH_ENROLMENTS", "10000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
TARGET_P95_MS = 300.0


def main() -> None:
    with database_from_environment("review") as (kind, url):
        result = run_child(
            "benchmarks.review_page_child", str(ENROLMENTS), str(REQUESTS), database_url=url
        )
    review = [s * 1000 for s in result["review"]]
    health = [s * 1000 for s in result["health"]]
    p95 = percentile(review, 95)
    verdict = "OK" if p95 <= TARGET_P95_MS else "MISSED"
    print(
        f"{ENROLMENTS:,} enrolments -> {result['pairs']:,} pairs ({result['pages']} pages of 50), "
        f"built and matched in {result['setup_seconds']:.0f} s; {REQUESTS} requests each."
    )
    print(
        f"{kind:>8}: review page p50 {median(review):6.1f} ms, p95 {p95:6.1f} ms, "
        f"max {max(review):6.1f} ms | health check p50 {median(health):5.1f} ms, "
        f"p95 {percentile(health, 95):5.1f} ms | p95 ratio {p95 / percentile(health, 95):4.1f}x | "
        f"target p95 <= {TARGET_P95_MS:.0f} ms: {verdict}"
    )


if __name__ == "__main__":
    main()
