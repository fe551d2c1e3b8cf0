"""Publishing a run: relationships once, introductions after the commit, and
a clear conflict for the second of two program managers."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core import mail
from django.db import connections
from django.utils import timezone

from crossgen.audit.models import AuditEntry
from crossgen.matchmaking.models import MatchRun, ProposedPair, Relationship, RunStatus
from crossgen.matchmaking.services import (
    MatchingError,
    PublishConflict,
    match_run_start,
    run_publish,
)
from crossgen.matchmaking.tasks import send_introductions
from crossgen.notifications.models import OutboxMessage
from crossgen.programs.models import Cohort, CohortStatus
from tests.conftest import World
from tests.matchmaking.helpers import Capture, pairable_cohort, run_matching


def test_publishing_makes_each_pair_a_relationship_and_introduces_both_people(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    pairable_cohort(cohort, 3)
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        created = run_publish(run=run, actor=world.bob)

    pairs = ProposedPair.objects.for_org(world.acme).filter(run=run)
    assert len(created) == 3
    assert set(Relationship.objects.for_org(world.acme).values_list("mentor", "mentee")) == set(
        pairs.values_list("mentor", "mentee")
    )
    relationship = Relationship.objects.for_org(world.acme).first()
    assert relationship is not None and relationship.run == run
    assert relationship.explanation and relationship.first_meeting_at is not None
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.PUBLISHED and cohort.published_by == world.bob
    intros = OutboxMessage.objects.for_org(world.acme).filter(kind="introduction")
    assert intros.count() == 6
    assert len(mail.outbox) == 6
    assert all(m.attachments[0][0] == "first-meeting.ics" for m in mail.outbox)
    entry = AuditEntry.objects.for_org(world.acme).get(action="matching.run_published")
    assert entry.actor == world.bob and entry.details["relationships"] == 3
    assert entry.scope == f"program:{cohort.program_id}"


def test_publishing_again_is_a_clear_conflict_that_changes_nothing(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    pairable_cohort(cohort, 2)
    first = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        run_publish(run=first, actor=world.bob)
    sent = len(mail.outbox)

    with pytest.raises(PublishConflict) as conflict:
        run_publish(run=first, actor=world.alice)

    message = str(conflict.value)
    assert message.startswith("Run 1 of Spring 2026 was already published by bob@acme.example at ")
    assert Relationship.objects.for_org(world.acme).count() == 2
    assert len(mail.outbox) == sent


def test_only_a_finished_run_with_pairs_is_published(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    pairable_cohort(cohort, 1)
    queued = match_run_start(cohort=cohort, actor=world.bob)  # its job has not run
    with pytest.raises(MatchingError, match="Run 1 is queued"):
        run_publish(run=queued, actor=world.bob)
    MatchRun.objects.for_org(world.acme).filter(pk=queued.pk).update(status=RunStatus.DONE)
    with pytest.raises(MatchingError, match="proposes no pairs"):
        run_publish(run=queued, actor=world.bob)
    assert not Relationship.objects.for_org(world.acme).exists()


@pytest.mark.django_db(transaction=True)
def test_two_managers_publishing_at_once_one_wins_and_nothing_is_duplicated(
    shared_database: dict[str, Any], world: World, cohort: Cohort
) -> None:
    pairable_cohort(cohort, 4)
    first = match_run_start(cohort=cohort, actor=world.bob)  # runs on commit
    second = match_run_start(cohort=cohort, actor=world.alice)
    assert {r.status for r in MatchRun.objects.for_org(world.acme).all()} == {RunStatus.DONE}
    barrier = threading.Barrier(2, timeout=30)
    outcomes: list[tuple[str, str]] = []

    def publish(run: MatchRun, user: Any) -> None:
        try:
            barrier.wait()
            created = run_publish(run=run, actor=user)
            outcomes.append(("published", f"{user.email} {len(created)}"))
        except PublishConflict as conflict:
            outcomes.append(("conflict", str(conflict)))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=publish, args=(first, world.bob)),
        threading.Thread(target=publish, args=(second, world.alice)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(kind for kind, _ in outcomes) == ["conflict", "published"]
    winner = next(text for kind, text in outcomes if kind == "published").split()[0]
    conflict = next(text for kind, text in outcomes if kind == "conflict")
    assert f"was already published by {winner}" in conflict
    relationships = Relationship.objects.for_org(world.acme)
    assert relationships.count() == 4
    assert relationships.values("run").distinct().count() == 1
    assert OutboxMessage.objects.for_org(world.acme).filter(kind="introduction").count() == 8


def test_introductions_delivered_again_send_nothing_twice(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    pairable_cohort(cohort, 3)
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        run_publish(run=run, actor=world.bob)  # its job introduces the 3 pairs after the commit
    assert len(mail.outbox) == 6
    assert not Relationship.objects.for_org(world.acme).filter(introduced_at=None).exists()

    # The broker delivers the job again (a worker was lost before acknowledging it), twice.
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            send_introductions.apply(args=(cohort.pk,))

    assert OutboxMessage.objects.for_org(world.acme).filter(kind="introduction").count() == 6
    assert len(mail.outbox) == 6


@pytest.mark.django_db(transaction=True)
def test_two_deliveries_of_the_introductions_at_once_introduce_each_pair_once(
    shared_database: dict[str, Any], world: World, cohort: Cohort
) -> None:
    pairable_cohort(cohort, 4)
    run = match_run_start(cohort=cohort, actor=world.bob)  # runs on commit
    Relationship.objects.bulk_create(
        Relationship(
            organization=world.acme,
            cohort=cohort,
            run=run,
            mentor_id=pair.mentor_id,
            mentee_id=pair.mentee_id,
            score=pair.score,
            explanation=pair.explanation,
            published_at=timezone.now(),
        )
        for pair in ProposedPair.objects.for_org(world.acme).filter(run=run)
    )
    barrier = threading.Barrier(2, timeout=30)
    errors: list[BaseException] = []

    def deliver() -> None:
        try:
            barrier.wait()
            send_introductions.apply(args=(cohort.pk,), throw=True)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors
    intros = OutboxMessage.objects.for_org(world.acme).filter(kind="introduction")
    assert intros.count() == 8
    assert intros.values("to").distinct().count() == 8
