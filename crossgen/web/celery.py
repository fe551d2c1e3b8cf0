"""The Celery application: a real worker fed by Redis in production, and
in-process (eager) execution when no broker is configured."""

import os
import subprocess
import sys
from typing import Any

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossgen.web.settings")

app = Celery("crossgen")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _prepare_the_matching_engine(**_: Any) -> None:
    """Compile the engine's loops into numba's disk cache before the first job
    (about 15 s once after an install), in a child process: the worker's own
    pool processes are forked from this one, and a process that has run
    numba's parallel loops must not fork."""
    subprocess.run([sys.executable, "-m", "crossgen.matching.warm_up"], check=False)
