"""Target: importing a 100,000-row roster takes <= 30 s and <= 500 MB peak
memory, on SQLite and on PostgreSQL. Reference in the same run: csv.reader +
bulk_create of the same rows with no validation (the floor).

Besides wall-clock seconds it prints this process's CPU seconds, which a busy
shared machine disturbs far less (on PostgreSQL the server's own work is not
in it)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from benchmarks._web import fresh_database, median, postgres_available, run_child

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
TARGET_SECONDS, TARGET_MB = 30.0, 500.0


def main() -> None:
    from crossgen.demodata import generate_company, write_roster_csv

    with tempfile.TemporaryDirectory() as folder:
        roster = Path(folder) / f"roster-{ROWS}.csv"
        write_roster_csv(generate_company(employees=ROWS, seed=11), roster)
        print(
            f"Roster: {ROWS:,} rows, {roster.stat().st_size / 1e6:.1f} MB; {REPEAT} runs each, medians."
        )
        kinds = ["sqlite", *(["postgres"] if postgres_available() else [])]
        for kind in kinds:
            ours: list[dict[str, float]] = []
            reference: list[dict[str, float]] = []
            for _ in range(REPEAT):
                for mode, results in (("ours", ours), ("reference", reference)):
                    with fresh_database(kind) as url:
                        results.append(
                            run_child(
                                "benchmarks.roster_import_child",
                                mode,
                                str(roster),
                                database_url=url,
                            )
                        )
            ours_s = median([r["seconds"] for r in ours])
            ref_s = median([r["seconds"] for r in reference])
            ours_cpu = median([r["cpu"] for r in ours])
            ref_cpu = median([r["cpu"] for r in reference])
            ours_mb = max(r["peak_mb"] for r in ours)
            ref_mb = max(r["peak_mb"] for r in reference)
            verdict = "OK" if ours_s <= TARGET_SECONDS and ours_mb <= TARGET_MB else "MISSED"
            print(
                f"{kind:>8}: crossgen import {ours_s:6.1f} s (CPU {ours_cpu:5.1f} s), "
                f"peak {ours_mb:5.0f} MB | reference (no checks) {ref_s:6.1f} s "
                f"(CPU {ref_cpu:5.1f} s), peak {ref_mb:5.0f} MB | "
                f"ratio {ours_s / ref_s:4.2f}x | target <= {TARGET_SECONDS:.0f} s, <= {TARGET_MB:.0f} MB: {verdict}"
            )


if __name__ == "__main__":
    main()
