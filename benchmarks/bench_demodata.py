"""Benchmark: generate the 200,000-person demo company, and write its files.

Each measurement runs in a fresh subprocess so that peak memory (``ru_maxrss``)
belongs to that measurement alone. The reference, in the same run, is the
least work that yields as many roster rows in Python: one tuple of eleven
random fields per person with ``random.Random``. Generation must stay well
under a minute and within a small multiple of the reference.

    .venv/bin/python benchmarks/bench_demodata.py [--employees 200000] [--xlsx]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path


def reference(count: int) -> int:
    rng = random.Random(7)
    names = ["Ann", "José", "Zoë", "Bo", "Łukasz", "Mei", "Olu", "Søren", "Priya", "Kenji"]
    rows = []
    for i in range(count):
        first, last = rng.choice(names), rng.choice(names)
        rows.append(
            (
                f"NW{i:06d}", first, last, f"{first}.{last}{i}@northwind.example", "Engineer",
                "Engineering", "London", "Europe/London", f"NW{i // 8:06d}",
                date(2000, 1, 1) + timedelta(days=rng.randrange(9000)), rng.randrange(6),
            )
        )  # fmt: skip
    return len(rows)


def child(mode: str, count: int, folder: Path) -> dict[str, float]:
    from crossgen.taxonomy import load_starter_taxonomy

    load_starter_taxonomy()  # parsed once per process; not what is measured
    extra: dict[str, float] = {}
    started = time.perf_counter()
    if mode == "imports":
        import crossgen.demodata  # noqa: F401

        rows = 0
    elif mode == "reference":
        rows = reference(count)
    else:
        from crossgen.demodata import (
            generate_company,
            write_roster_csv,
            write_roster_xlsx,
            write_skills_csv,
        )

        company = generate_company(employees=count)
        rows = len(company)
        generated = time.perf_counter()
        if mode in {"csv", "xlsx"}:
            write_roster_csv(company, folder / "roster.csv")
            write_skills_csv(company, folder / "skills.csv")
            extra["csv_seconds"] = time.perf_counter() - generated
        if mode == "xlsx":
            written = time.perf_counter()
            write_roster_xlsx(company, folder / "roster.xlsx")
            extra["xlsx_seconds"] = time.perf_counter() - written
        started_writes = generated
        extra["generate_seconds"] = started_writes - started
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"seconds": seconds, "peak_mb": peak_mb, "rows": rows, **extra}


def measure(mode: str, count: int, folder: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(count), str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=200_000)
    parser.add_argument("--xlsx", action="store_true", help="also time the XLSX writer (slow)")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "COUNT", "FOLDER"))
    args = parser.parse_args(sys.argv[1:] if __name__ == "__main__" else [])
    if args.child:
        mode, count, folder = args.child
        print(json.dumps(child(mode, int(count), Path(folder))))
        return
    n = args.employees
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = measure("imports", n, folder)
        ref = measure("reference", n, folder)
        ours = measure("xlsx" if args.xlsx else "csv", n, folder)
        assert ours["rows"] == ref["rows"] == n, (ours, ref)
        print(f"{n:,} employees")
        print(f"{'interpreter + imports only':<30} {'':>9} {base['peak_mb']:8.0f} MB peak")
        print(
            f"{'reference: plain row tuples':<30} {ref['seconds']:7.2f} s {ref['peak_mb']:8.0f} MB peak"
        )
        print(
            f"{'generate_company':<30} {ours['generate_seconds']:7.2f} s {ours['peak_mb']:8.0f} MB peak"
            f"   {ours['generate_seconds'] / ref['seconds']:5.1f}x the reference's time"
        )
        print(f"{'write roster + skills CSV':<30} {ours['csv_seconds']:7.2f} s")
        if args.xlsx:
            print(f"{'write roster XLSX':<30} {ours['xlsx_seconds']:7.2f} s")


if __name__ == "__main__":
    main()
