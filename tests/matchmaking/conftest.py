from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connections

from crossgen.programs.models import Cohort
from tests.conftest import World
from tests.matchmaking.factories import CohortFactory, ProgramFactory


@pytest.fixture(autouse=True)
def jobs_run_inline(settings: Any) -> None:
    """Without a broker, jobs run in-process; in tests inline rather than on a thread."""
    settings.MATCHING_IN_BACKGROUND_THREAD = False


@pytest.fixture
def cohort(world: World) -> Cohort:
    program = ProgramFactory.create(organization=world.acme, name="Digital Bridge")
    return CohortFactory.create(program=program, name="Spring 2026")


@pytest.fixture
def shared_database(transactional_db: None, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A test database that other threads and processes can use, as a real
    deployment's is: on PostgreSQL the test database itself; on SQLite a file
    copy of the in-memory test database (in-memory SQLite with a shared cache
    fails at once on a locked table instead of waiting, unlike a real file).

    Request it before ``world``, so that everything the test makes is in it.
    """
    conn = connections["default"]
    if conn.vendor != "sqlite" or not conn.is_in_memory_db():  # type: ignore[attr-defined]
        yield conn.settings_dict
        return
    conn.ensure_connection()
    path = tmp_path / "shared.sqlite3"
    target = sqlite3.connect(path)
    conn.connection.backup(target)
    target.close()
    in_memory, name = conn.connection, conn.settings_dict["NAME"]
    conn.connection = None  # the in-memory database lives on while `in_memory` is open
    conn.settings_dict["NAME"] = str(path)
    try:
        yield conn.settings_dict
    finally:
        conn.close()
        conn.settings_dict["NAME"] = name
        conn.connection = in_memory


def database_url(settings_dict: dict[str, Any]) -> str:
    """The DATABASE_URL of a connection's settings, for a worker process."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = quote(settings_dict.get("USER") or "")
    password = quote(settings_dict.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"
