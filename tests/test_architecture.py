"""The dependency rule: the pure libraries never import Django."""

from __future__ import annotations

import subprocess
import sys

import pytest

PURE_PACKAGES = [
    "crossgen.matching",
    "crossgen.rosterfile",
    "crossgen.taxonomy",
    "crossgen.demodata",
]


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_a_pure_library_and_all_its_modules_import_without_django(package: str) -> None:
    script = f"""
import importlib, pkgutil, sys
root = importlib.import_module({package!r})
for module in pkgutil.walk_packages(root.__path__, root.__name__ + "."):
    importlib.import_module(module.name)
assert "django" not in sys.modules, sorted(m for m in sys.modules if m.startswith("django"))
print("ok")
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
