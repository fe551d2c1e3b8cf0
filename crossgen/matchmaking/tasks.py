"""Background jobs of matching: thin wrappers around the services.

In production a Celery worker fed by Redis runs them (``CELERY_BROKER_URL``,
``celery -A crossgen.web worker``; see README.md, Deploying). Without a
broker (the embedded default) they run in-process: on a background thread of
the web process, so the page shows progress while the run goes on; tests set
``MATCHING_IN_BACKGROUND_THREAD = False`` to run them inline.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery import Task
from django.conf import settings
from django.db import connections

from crossgen.matchmaking.introductions import introductions_send
from crossgen.matchmaking.services import match_run_execute
from crossgen.programs.models import Cohort
from crossgen.web.celery import app

logger = logging.getLogger(__name__)


@app.task(name="crossgen.matchmaking.execute_match_run", ignore_result=True)
def execute_match_run(run_id: int) -> None:
    match_run_execute(run_id)


@app.task(name="crossgen.matchmaking.send_introductions", ignore_result=True)
def send_introductions(cohort_id: int) -> None:
    # The job knows only the cohort's id: its organisation comes from the row itself.
    cohort = Cohort.unscoped.select_related("program", "organization").get(pk=cohort_id)
    introductions_send(cohort=cohort)


def _run_here(task: Task[Any, Any], args: tuple[Any, ...]) -> None:
    try:
        task.apply(args=args)
    except Exception:  # the services record their own failures; this is the last guard
        logger.exception("Background job %s%r failed", task.name, args)
    finally:
        connections.close_all()  # this thread's connections only


def enqueue(task: Task[Any, Any], *args: Any) -> None:
    """Hand ``task(*args)`` to the worker, or run it in-process without a broker."""
    if not app.conf.task_always_eager:
        task.delay(*args)
    elif settings.MATCHING_IN_BACKGROUND_THREAD:
        threading.Thread(
            target=_run_here, args=(task, args), name=f"{task.name}{args!r}", daemon=True
        ).start()
    else:
        task.delay(*args)
