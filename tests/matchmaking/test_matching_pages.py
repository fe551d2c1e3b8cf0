"""The program manager's matching pages, through the URLs."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from crossgen.matchmaking.models import (
    MatchRun,
    PairDecision,
    ProposedPair,
    Relationship,
    RunStatus,
)
from crossgen.programs.models import Cohort
from tests.conftest import World
from tests.matchmaking.factories import mentee, mentor, person
from tests.matchmaking.helpers import Capture, pairable_cohort, run_matching


def test_a_program_manager_starts_a_run_from_the_cohort_page(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    pairable_cohort(cohort, 2)
    client = world.client_for(world.bob)
    page = client.get(reverse("matchmaking:cohort", kwargs={"cohort_id": cohort.pk}))
    assert page.status_code == 200 and "No runs yet" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matchmaking:run-start", kwargs={"cohort_id": cohort.pk}))

    assert response.status_code == 302
    run = MatchRun.objects.for_org(world.acme).get(cohort=cohort)
    assert run.status == RunStatus.DONE and run.started_by == world.bob
    body = client.get(response["Location"]).content.decode()
    assert "Run 1 started" in body and "Review</a>" in body


def test_the_progress_fragment_polls_while_running_and_refreshes_the_page_when_done(
    world: World, cohort: Cohort
) -> None:
    run = MatchRun.objects.create(
        organization=world.acme,
        cohort=cohort,
        number=1,
        objective="fair",
        status=RunStatus.RUNNING,
        phase="Matching: Scoring every possible pair",
        progress=0.4,
    )
    url = reverse("matchmaking:run-progress", kwargs={"run_id": run.pk})
    client = world.client_for(world.bob)
    running = client.get(url, HTTP_HX_REQUEST="true")
    body = running.content.decode()
    assert 'hx-trigger="every 1s"' in body and 'aria-valuenow="40"' in body
    assert "Scoring every possible pair" in body and "HX-Refresh" not in running.headers

    MatchRun.objects.for_org(world.acme).filter(pk=run.pk).update(
        status=RunStatus.FAILED, error="Matching stopped: out of memory."
    )
    done = client.get(url + "?poll=1", HTTP_HX_REQUEST="true")
    assert done.headers["HX-Refresh"] == "true"
    assert "every 1s" not in done.content.decode() and "out of memory" in done.content.decode()


def test_the_review_page_shows_the_summary_pairs_with_reasons_and_the_unmatched(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    pairable_cohort(cohort, 2)
    lonely = mentee(cohort, timezone="Australia/Sydney", employee_fields={"first_name": "Lonely"})
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)

    body = (
        world.client_for(world.bob)
        .get(reverse("matchmaking:run-review", kwargs={"run_id": run.pk}))
        .content.decode()
    )

    assert "Run 1" in body and "67%" in body  # 2 of 3 mentees paired
    assert ("Score distribution" in body and "Proven" in body) or "proven" in body
    assert "Mentor000" in body and "can teach" in body
    assert lonely.employee.full_name in body and "sharing too few working hours" in body
    assert "Publish run 1" in body


def test_the_pairs_are_searched_filtered_and_paginated(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    pairable_cohort(cohort, 55)
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    url = reverse("matchmaking:run-review", kwargs={"run_id": run.pk})
    client = world.client_for(world.bob)

    first = client.get(url)
    assert len(first.context["page"].object_list) == 50 and "Page 1 of 2" in first.content.decode()
    assert first.context["departments"] == ["IT", "Sales"]  # each once
    assert len(client.get(url, {"page": 2}).context["page"].object_list) == 5
    found = client.get(url, {"q": "mentee007"}, HTTP_HX_REQUEST="true")
    assert [p.mentee.employee.first_name for p in found.context["page"]] == ["Mentee007"]
    assert "<html" not in found.content.decode()  # the fragment only
    assert client.get(url, {"department": "Sales"}).context["page"].paginator.count == 55
    assert client.get(url, {"department": "Legal"}).context["page"].paginator.count == 0
    assert client.get(url, {"flag": "pinned"}).context["page"].paginator.count == 0
    top = run.stats["max_possible"]
    high = client.get(url, {"band": "high"}).context["page"]
    assert all(p.score >= 2 / 3 * top for p in high.object_list)


def test_the_review_page_reads_a_page_of_pairs_in_a_fixed_number_of_queries(
    world: World,
    cohort: Cohort,
    django_capture_on_commit_callbacks: Capture,
    django_assert_max_num_queries: Any,
) -> None:
    pairable_cohort(cohort, 60)
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    client = world.client_for(world.bob)
    url = reverse("matchmaking:run-review", kwargs={"run_id": run.pk})
    client.get(url)
    with django_assert_max_num_queries(20):
        client.get(url)


def test_pin_and_break_buttons_act_and_come_back_to_the_same_filters(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    pairable_cohort(cohort, 2)
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    pair, other = ProposedPair.objects.for_org(world.acme).filter(run=run)
    client = world.client_for(world.bob)

    pinned = client.post(
        reverse("matchmaking:pair-pin", kwargs={"pair_id": pair.pk}),
        {"q": "mentor", "page": "1", "evil": "x"},
    )
    assert pinned.status_code == 302
    assert pinned["Location"].endswith(f"/runs/{run.pk}/?q=mentor&page=1#pairs")
    pair.refresh_from_db()
    assert pair.pinned

    broken = client.post(reverse("matchmaking:pair-break", kwargs={"pair_id": other.pk}))
    assert broken.status_code == 302
    assert not ProposedPair.objects.for_org(world.acme).filter(pk=other.pk).exists()
    assert PairDecision.objects.for_org(world.acme).filter(decision="forbid").count() == 1


def test_pairing_by_hand_asks_for_a_reason_when_a_rule_is_broken(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    boss = person(world.acme, "Director")
    report = mentor(cohort, manager=boss)
    mentor(cohort)
    boss_mentee = mentee(cohort, employee=boss)
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    url = reverse("matchmaking:pair-manual", kwargs={"run_id": run.pk})
    client = world.client_for(world.bob)
    form = client.get(url, {"mentee": boss_mentee.pk}).content.decode()
    assert f'<option value="{boss_mentee.pk}" selected>' in form

    refused = client.post(url, {"mentor": report.pk, "mentee": boss_mentee.pk, "reason": ""})
    assert refused.status_code == 400
    assert "in the same reporting chain" in refused.content.decode()
    assert 'aria-invalid="true"' in refused.content.decode()

    made = client.post(url, {"mentor": report.pk, "mentee": boss_mentee.pk, "reason": "They asked"})
    assert made.status_code == 302
    review = client.get(made["Location"]).content.decode()
    assert "breaks a rule" in review and "They asked" in review


def test_the_compare_page_says_what_changed_and_why(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    pairable_cohort(cohort, 2)
    run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    late = mentee(cohort, employee_fields={"first_name": "Latecomer"})
    mentor(cohort)
    program = cohort.program
    program.matching_rules = {**program.matching_rules, "min_overlap_hours": 1.0}
    program.save()
    second = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)

    body = (
        world.client_for(world.bob)
        .get(reverse("matchmaking:run-compare", kwargs={"run_id": second.pk}))
        .content.decode()
    )

    assert "Run 2 against run 1" in body
    assert "Minimum shared working hours: 2 → 1" in body
    assert f"{late.employee.full_name} joined the cohort after run 1." in body


def test_publishing_needs_the_confirmation_and_a_second_publish_explains_the_conflict(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    pairable_cohort(cohort, 2)
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    url = reverse("matchmaking:run-publish", kwargs={"run_id": run.pk})
    client = world.client_for(world.bob)
    client.post(url)
    assert not Relationship.objects.for_org(world.acme).exists()

    with django_capture_on_commit_callbacks(execute=True):
        published = client.post(url, {"confirm": "yes"}, follow=True)
    assert "Run 1 published: 2 relationships" in published.content.decode()

    again = world.client_for(world.alice).post(url, {"confirm": "yes"}, follow=True)
    assert "was already published by bob@acme.example" in again.content.decode()
    assert Relationship.objects.for_org(world.acme).count() == 2


def test_the_live_preview_matches_with_the_posted_settings(world: World, cohort: Cohort) -> None:
    pairable_cohort(cohort, 3)
    mentee(cohort, timezone="Australia/Sydney")
    url = reverse("matchmaking:preview", kwargs={"cohort_id": cohort.pk})
    form = {
        "min_stage_gap": "1",
        "max_stage_gap": "",
        "forbid_reporting_chain": "on",
        "min_overlap_hours": "0",
        "forbid_previous_partners": "on",
        "weight_forward": "1",
        "weight_reciprocal": "0.5",
        "weight_diversity": "0.3",
        "weight_timezone": "0.2",
        "objective": "max-participation",
    }
    body = world.client_for(world.bob).post(url, form).content.decode()
    assert "These settings" in body and "Saved" in body
    assert (
        "<strong>3</strong>" in body and "<strong>75%</strong>" in body
    )  # 3 mentors for 4 mentees
    problems = (
        world.client_for(world.bob).post(url, {**form, "min_stage_gap": "-4"}).content.decode()
    )
    assert 'class="errorlist"' in problems


def test_participants_and_outsiders_cannot_reach_the_matching_pages(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    pairable_cohort(cohort, 1)
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    pages = [
        reverse("matchmaking:cohort", kwargs={"cohort_id": cohort.pk}),
        reverse("matchmaking:run-review", kwargs={"run_id": run.pk}),
        reverse("matchmaking:run-compare", kwargs={"run_id": run.pk}),
        reverse("matchmaking:run-progress", kwargs={"run_id": run.pk}),
        reverse("matchmaking:pair-manual", kwargs={"run_id": run.pk}),
    ]
    for url in pages:
        assert world.client_for(world.carol).get(url).status_code == 403
        assert world.client_for(world.charlie).get(url).status_code == 404
    publish = reverse("matchmaking:run-publish", kwargs={"run_id": run.pk})
    assert world.client_for(world.charlie).post(publish, {"confirm": "yes"}).status_code == 404
    assert not Relationship.objects.for_org(world.acme).exists()
