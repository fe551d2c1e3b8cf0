"""`python -m benchmarks [NAME ...]`: run the named benchmarks (all bench_* modules without a name)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> None:
    here = Path(__file__).parent
    available = sorted(
        m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")
    )
    wanted = sys.argv[1:]
    if not wanted:
        print("Benchmarks:", ", ".join(n.removeprefix("bench_") for n in available))
        print("Run one with: ./run bench NAME [NAME ...]")
        return
    for name in wanted:
        module_name = name if name.startswith("bench_") else f"bench_{name}"
        if module_name not in available:
            raise SystemExit(f"No benchmark {name!r}. Known: {', '.join(available)}")
        print(f"\n=== {module_name} ===", flush=True)
        importlib.import_module(f"benchmarks.{module_name}").main()


if __name__ == "__main__":
    main()
