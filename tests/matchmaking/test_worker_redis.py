"""The production path: the web process queues the run in Redis, a real
Celery worker process picks it up and runs it against the same database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from crossgen.matchmaking.models import MatchRun, ProposedPair, Relationship, RunStatus
from crossgen.matchmaking.services import match_run_start, run_publish
from crossgen.notifications.models import OutboxMessage
from crossgen.programs.models import Cohort
from crossgen.web.celery import app
from tests.conftest import World
from tests.matchmaking.conftest import database_url
from tests.matchmaking.helpers import pairable_cohort

BROKER = "redis://127.0.0.1:6379/15"
ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 120


SETTINGS = (
    "broker_url",
    "broker_read_url",
    "broker_write_url",
    "task_always_eager",
    "task_default_queue",
)


def _forget_connections() -> None:
    """Drop connection and producer pools: ones made earlier point at another broker."""
    app.close()
    app.amqp._producer_pool = None


@pytest.fixture
def redis_queue() -> Iterator[str]:
    """A queue of our own on the real Redis (another test run cannot take our job)."""
    client = redis.Redis.from_url(BROKER)
    try:
        client.ping()
    except redis.ConnectionError:
        message = "Redis is not running on 127.0.0.1:6379 (tests marked `redis` need it)."
        if os.environ.get("CROSSGEN_REQUIRE_REDIS") == "1":  # CI: the production path must run
            pytest.fail(message)
        pytest.skip(message)
    queue = f"crossgen-test-{uuid.uuid4().hex[:12]}"
    saved = {key: app.conf.get(key) for key in SETTINGS}
    app.conf.update(
        broker_url=BROKER,
        broker_read_url=BROKER,
        broker_write_url=BROKER,
        task_always_eager=False,
        task_default_queue=queue,
    )
    _forget_connections()
    with app.connection_for_write() as connection:
        assert connection.as_uri().startswith("redis://"), connection.as_uri()
    try:
        yield queue
    finally:
        app.conf.update(saved)
        _forget_connections()
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        client.close()


@pytest.fixture
def worker(
    shared_database: dict[str, Any], redis_queue: str, tmp_path: Path
) -> Iterator[subprocess.Popen[bytes]]:
    log = (tmp_path / "worker.log").open("wb")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crossgen.web.test_settings",
        "CELERY_BROKER_URL": BROKER,
        "DATABASE_URL": database_url(shared_database),
    }
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "crossgen.web", "worker",
            "--pool", "solo", "-c", "1", "-Q", redis_queue, "--loglevel", "INFO",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        # Wait until it listens: a message sent before its queue exists would be lost.
        deadline = time.monotonic() + WAIT_SECONDS
        while b"ready." not in (tmp_path / "worker.log").read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("The worker did not start:\n" + (tmp_path / "worker.log").read_text())
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_for(done: Callable[[], bool], worker: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline and worker.poll() is None and not done():
        time.sleep(0.25)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_run_is_queued_in_redis_and_executed_by_a_worker_process(
    worker: subprocess.Popen[bytes], world: World, cohort: Cohort, tmp_path: Path
) -> None:
    pairable_cohort(cohort, 5)

    run = match_run_start(cohort=cohort, actor=world.bob)  # queued in Redis on commit

    runs = MatchRun.objects.for_org(world.acme)
    _wait_for(lambda: runs.get(pk=run.pk).status in (RunStatus.DONE, RunStatus.FAILED), worker)
    run = runs.get(pk=run.pk)
    worker_log = (tmp_path / "worker.log").read_text(errors="replace")[-3000:]
    assert run.status == RunStatus.DONE, (
        f"run {run.status} {run.error!r}; worker log:\n{worker_log}"
    )
    assert "crossgen.matchmaking.execute_match_run" in worker_log  # it ran over there, not here
    assert ProposedPair.objects.for_org(world.acme).filter(run=run).count() == 5

    # Publishing queues the introductions in Redis too; the worker sends them once.
    run_publish(run=run, actor=world.bob)
    intros = OutboxMessage.objects.for_org(world.acme).filter(kind="introduction")
    _wait_for(lambda: intros.filter(sent_at__isnull=False).count() >= 10, worker)
    worker_log = (tmp_path / "worker.log").read_text(errors="replace")[-3000:]
    assert intros.filter(sent_at__isnull=False).count() == 10, worker_log
    assert "crossgen.matchmaking.send_introductions" in worker_log
    assert not Relationship.objects.for_org(world.acme).filter(introduced_at=None).exists()
