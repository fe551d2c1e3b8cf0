"""The engine never imports Django (the dependency rule in docs/architecture.md)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_importing_every_engine_module_loads_no_django() -> None:
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import crossgen.matching as engine
        for module in pkgutil.walk_packages(engine.__path__, "crossgen.matching."):
            importlib.import_module(module.name)
        loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
        assert not loaded, loaded
        print("ok")
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
