"""Committing an uploaded roster: exactly once, all or nothing, even when two
commits of the same upload arrive together."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from crossgen.audit.models import AuditEntry
from crossgen.people.models import Employee
from crossgen.roster import services
from crossgen.roster.models import ImportStatus, RosterImport
from crossgen.tenancy.models import Organization
from tests.conftest import World
from tests.roster.builders import roster_csv


def _upload(client: Client) -> RosterImport:
    file = SimpleUploadedFile("roster.csv", roster_csv(), content_type="text/csv")
    response = client.post(reverse("roster:start"), {"file": file, "full_roster": "1"})
    assert response.status_code == 302
    return RosterImport.unscoped.latest("created_at")


def _commit_url(roster_import: RosterImport) -> str:
    return reverse("roster:commit", kwargs={"import_id": roster_import.public_id})


def _imports_logged(organization: Organization) -> int:
    return AuditEntry.objects.for_org(organization).filter(action="roster.imported").count()


def test_committing_the_same_upload_twice_writes_once_and_says_so(world: World) -> None:
    client = world.client_for(world.alice)
    roster_import = _upload(client)
    client.post(_commit_url(roster_import))
    people = list(Employee.objects.for_org(world.acme).order_by("pk").values_list())

    response = client.post(_commit_url(roster_import), follow=True)

    assert response.status_code == 200
    assert "imported already; nothing was changed" in response.content.decode()
    assert list(Employee.objects.for_org(world.acme).order_by("pk").values_list()) == people
    assert _imports_logged(world.acme) == 1
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.COMMITTED


def test_a_file_with_errors_is_not_committed_and_its_problems_are_kept(world: World) -> None:
    client = world.client_for(world.alice)
    file = SimpleUploadedFile("r.csv", roster_csv([("E1", "Ann", "Lee", "bad", *[""] * 7)]))
    client.post(reverse("roster:start"), {"file": file, "full_roster": "1"})
    roster_import = RosterImport.unscoped.latest("created_at")

    response = client.post(_commit_url(roster_import), follow=True)

    assert "Nothing was imported" in response.content.decode()
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.INVALID
    assert any(issue["field"] == "email" for issue in roster_import.issues)
    assert _imports_logged(world.acme) == 0


@pytest.mark.django_db(transaction=True)
def test_two_commits_racing_import_once_on_postgresql(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: commits cannot race there")
    roster_import = _upload(world.client_for(world.alice))
    first_is_writing, release = threading.Event(), threading.Event()
    insert = services._insert_employees

    def paused_insert(*args: Any, **kwargs: Any) -> None:
        first_is_writing.set()
        assert release.wait(timeout=30)
        insert(*args, **kwargs)

    monkeypatch.setattr(services, "_insert_employees", paused_insert)
    outcomes: list[object] = []

    def commit() -> None:
        try:
            response = world.client_for(world.alice).post(_commit_url(roster_import), follow=True)
            outcomes.append(response.status_code)
            outcomes.append(response.content.decode())
        except Exception as error:  # a 500 in the test client
            outcomes.append(error)
        finally:
            connections.close_all()

    first = threading.Thread(target=commit)
    first.start()
    assert first_is_writing.wait(timeout=30)
    second = threading.Thread(target=commit)
    second.start()
    time.sleep(0.5)  # the second commit plans (or, correctly, waits for the lock) meanwhile
    release.set()
    first.join(timeout=60)
    second.join(timeout=60)

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert not errors, errors
    pages = [o for o in outcomes if isinstance(o, str)]
    assert sum("Roster imported" in page for page in pages) == 1
    assert sum("imported already" in page for page in pages) == 1
    assert Employee.objects.for_org(world.acme).filter(is_active=True).count() == 4
    assert _imports_logged(world.acme) == 1
