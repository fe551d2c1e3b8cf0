"""Counts read as English: "1 pair", "1 senior mentee", "2 senior mentees",
never "1 reverse mentors" (Django's pluralize / ngettext everywhere a count
is shown on the matching and program pages)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from crossgen.matchmaking.services import MatchingError, match_run_start
from crossgen.programs.models import Cohort
from tests.conftest import World
from tests.matchmaking.factories import mentee, mentor
from tests.matchmaking.helpers import Capture, run_matching

WRONG_PLURAL = re.compile(
    r"(?<![\d,.])1 (reverse mentors|senior mentees|pairs|relationships|people|entries|days|minutes)\b",
    re.IGNORECASE,
)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_review_and_cohort_pages_count_one_of_a_kind_in_the_singular(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    mentor(cohort, employee_fields={"first_name": "Ana"})
    mentee(cohort, employee_fields={"first_name": "Dee"})
    mentee(cohort, timezone="Australia/Sydney", employee_fields={"first_name": "Lonely"})
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    client = world.client_for(world.bob)

    review = _text(
        client.get(reverse("matchmaking:run-review", kwargs={"run_id": run.pk})).content.decode()
    )
    assert "1 pair " in review
    assert "of 2 senior mentees paired" in review
    assert "1 senior mentee, 0 reverse mentors with places left" in review
    assert "Publishing turns this 1 pair into relationship and" in review
    assert not WRONG_PLURAL.search(review), WRONG_PLURAL.search(review)

    matching = _text(
        client.get(reverse("matchmaking:cohort", kwargs={"cohort_id": cohort.pk})).content.decode()
    )
    assert "1 reverse mentor enrolled" in matching and "2 senior mentees enrolled" in matching
    assert not WRONG_PLURAL.search(matching), WRONG_PLURAL.search(matching)

    program = _text(
        client.get(
            reverse("programs:detail", kwargs={"program_id": cohort.program_id})
        ).content.decode()
    )
    assert not WRONG_PLURAL.search(program), WRONG_PLURAL.search(program)


def test_nothing_to_match_says_one_in_the_singular(world: World, cohort: Cohort) -> None:
    mentor(cohort)

    with pytest.raises(MatchingError) as refused:
        match_run_start(cohort=cohort, actor=world.bob)

    assert str(refused.value) == (
        "Nothing to match yet: 1 reverse mentor and 0 senior mentees are enrolled."
    )


def test_publishing_one_pair_says_one_relationship(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    mentor(cohort)
    mentee(cohort)
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    client = world.client_for(world.bob)

    with django_capture_on_commit_callbacks(execute=True):
        published = client.post(
            reverse("matchmaking:run-publish", kwargs={"run_id": run.pk}),
            {"confirm": "yes"},
            follow=True,
        )

    assert "Run 1 published: 1 relationship." in _text(published.content.decode())
