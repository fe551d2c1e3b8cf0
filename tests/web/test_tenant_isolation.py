"""Walks every URL pattern of the site. As Acme's org admin (the most
privileged role), every object of Globex must answer 404 to GET and POST,
pages without objects must not show Globex's data, and nothing of Globex may
change. A new URL with a new kind of object id fails this test until the
walk knows how to make a Globex object for it, so new views are covered
automatically."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from crossgen.matchmaking.models import (
    Decision,
    MatchRun,
    PairDecision,
    ProposedPair,
    Relationship,
    RunStatus,
)
from crossgen.programs.models import Cohort, Enrolment
from crossgen.roster.models import RosterImport
from crossgen.tenancy.scoping import TenantOwned
from tests.conftest import World
from tests.enrolment.test_isolation import globex_objects as enrolment_objects
from tests.factories import EmployeeFactory, EmployeeSkillFactory, stage
from tests.matchmaking.factories import EnrolmentFactory

GLOBEX_MARKER = "Zebulon"


def _globex_objects(world: World) -> dict[str, Any]:
    employee = EmployeeFactory(
        organization=world.globex, first_name=GLOBEX_MARKER, last_name="Globexson"
    )
    EmployeeSkillFactory(employee=employee)
    roster_import = RosterImport.objects.create(
        organization=world.globex, filename=f"{GLOBEX_MARKER}.csv", file="rosters/none.csv"
    )
    objects = enrolment_objects(world)
    cohort = Cohort.unscoped.get(pk=objects["cohort_id"])
    senior = EnrolmentFactory(
        cohort=cohort, role="mentee", employee__career_stage=stage(world.globex, "Director")
    )
    junior = Enrolment.unscoped.get(pk=objects["enrolment_id"])
    run = MatchRun.objects.create(
        organization=world.globex,
        cohort=cohort,
        number=1,
        status=RunStatus.DONE,
        objective="max-total",
    )
    pair = ProposedPair.objects.create(
        organization=world.globex, run=run, mentor=junior, mentee=senior, score=1.0
    )
    decision = PairDecision.objects.create(
        organization=world.globex,
        cohort=cohort,
        mentor=junior,
        mentee=senior,
        decision=Decision.PIN,
    )
    relationship = Relationship.objects.create(
        organization=world.globex, cohort=cohort, run=run, mentor=junior, mentee=senior,
        score=1.0, published_at=timezone.now(),
    )  # fmt: skip
    return {
        "employee_id": employee.pk,
        "import_id": roster_import.public_id,
        "run_id": run.pk,
        "pair_id": pair.pk,
        "decision_id": decision.pk,
        "relationship_id": relationship.pk,
        **objects,
    }


# How to fill each URL keyword with a Globex object: add a line when a view
# takes a new kind of id.
KWARG_SOURCES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "employee_id": lambda objs: objs["employee_id"],
    "import_id": lambda objs: objs["import_id"],
    "program_id": lambda objs: objs["program_id"],
    "cohort_id": lambda objs: objs["cohort_id"],
    "enrolment_id": lambda objs: objs["enrolment_id"],
    "message_id": lambda objs: objs["message_id"],
    "token": lambda objs: objs["token"],
    "run_id": lambda objs: objs["run_id"],
    "pair_id": lambda objs: objs["pair_id"],
    "decision_id": lambda objs: objs["decision_id"],
    "relationship_id": lambda objs: objs["relationship_id"],
}


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


ALL_URLS = sorted(_walk(get_resolver().url_patterns), key=lambda item: item[0])


def _snapshot(world: World) -> dict[str, list[tuple[Any, ...]]]:
    snapshot = {}
    for model in apps.get_models():
        if issubclass(model, TenantOwned):
            rows = model.unscoped.filter(organization=world.globex).order_by("pk").values_list()
            snapshot[model.__name__] = list(rows)
    return snapshot


def test_the_walk_knows_every_kind_of_object_id() -> None:
    unknown = {
        name
        for _, pattern in ALL_URLS
        for name in pattern.pattern.converters
        if name not in KWARG_SOURCES
    }
    assert not unknown, f"Teach the isolation walk how to make a Globex object for: {unknown}"


@pytest.mark.parametrize(("name", "pattern"), ALL_URLS, ids=[name for name, _ in ALL_URLS])
def test_no_page_lets_one_tenant_reach_another(
    world: World, name: str, pattern: URLPattern
) -> None:
    objects = _globex_objects(world)
    kwargs = {key: KWARG_SOURCES[key](objects) for key in pattern.pattern.converters}
    url = reverse(name, kwargs=kwargs)
    before = _snapshot(world)

    for method in ("get", "post"):
        client = world.client_for(world.alice)
        response = getattr(client, method)(url, HTTP_HX_REQUEST="true" if method == "get" else "")
        if kwargs:
            # A POST-only view may refuse a GET with 405 before looking anything
            # up: that answer is the same for every id, so it reveals nothing.
            allowed = {404, 405} if method == "get" else {404}
            assert response.status_code in allowed, (
                f"{method.upper()} {url} answered {response.status_code}"
            )
        else:
            assert response.status_code in {200, 302, 404, 405}, (
                f"{method.upper()} {url}: {response.status_code}"
            )
            assert GLOBEX_MARKER not in response.content.decode(errors="replace")

    assert _snapshot(world) == before, f"{url} changed Globex's data"


def test_an_outsider_with_no_membership_here_sees_nothing_of_acme(world: World) -> None:
    carol_profile = reverse("people:profile", kwargs={"employee_id": world.carol_employee.pk})
    response = world.client_for(world.charlie).get(carol_profile)
    assert response.status_code == 404


def test_the_tenant_never_comes_from_a_request_parameter(world: World) -> None:
    client = world.client_for(world.charlie)
    response = client.get(
        reverse("people:directory"),
        {"organization": world.acme.pk},
        HTTP_X_ORGANIZATION=str(world.acme.pk),
    )
    assert response.status_code == 200
    assert "Carol" not in response.content.decode()


def test_switching_to_an_organisation_you_do_not_belong_to_changes_nothing(world: World) -> None:
    client: Client = world.client_for(world.charlie)
    client.post(reverse("switch-organization"), {"organization": world.acme.pk})
    response = client.get(reverse("people:directory"))
    assert "Carol" not in response.content.decode()
