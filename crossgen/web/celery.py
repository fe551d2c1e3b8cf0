"""The Celery application: a real worker fed by Redis in production, and
in-process (eager) execution when no broker is configured."""

import contextlib
import os
import subprocess
import sys
from typing import Any

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossgen.web.settings")

_WARM_UP_LIMIT = 600  # seconds: a hung warm-up must not keep the worker from starting

app = Celery("crossgen")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _prepare_the_matching_engine(**_: Any) -> None:
    """Compile the engine's loops into numba's disk cache before the first job
    (about 15 s once after an install), in a child process: the worker's own
    pool processes are forked from this one, and a process that has run
    numba's parallel loops must not fork."""
    # Past the limit, the first run compiles what is missing: slower, never wrong.
    with contextlib.suppress(subprocess.TimeoutExpired):
        subprocess.run(
            [sys.executable, "-m", "crossgen.matching.warm_up"], check=False, timeout=_WARM_UP_LIMIT
        )
