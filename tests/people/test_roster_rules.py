"""Roster rules in the organisation settings: an org admin may allow several
people at the top of the reporting lines, and the import's refusal says where."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from crossgen.audit.models import AuditEntry
from crossgen.people.models import Employee
from crossgen.roster.services import roster_import
from crossgen.tenancy.models import Organization
from tests.conftest import World
from tests.roster.builders import BASE_ROWS, replace, roster_csv

RULES = reverse("settings:roster")
TODAY = date(2026, 11, 25)
TWO_AT_THE_TOP = roster_csv(replace(BASE_ROWS, "E2", manager_id=""))


def _import_two_heads(organization: Organization) -> list[str]:
    plan = roster_import(
        organization=organization,
        actor=None,
        source=TWO_AT_THE_TOP,
        filename="group.csv",
        today=TODAY,
    )
    return [issue.message for issue in plan.errors]


def test_the_refusal_of_several_people_at_the_top_says_where_to_allow_them(world: World) -> None:
    [message] = _import_two_heads(world.acme)
    assert "Allow several people at the top" in message
    assert "Settings → Roster rules" in message and RULES in message


def test_an_org_admin_allows_several_people_at_the_top(world: World) -> None:
    client = world.client_for(world.alice)
    assert "Allow several people at the top" in client.get(RULES).content.decode()

    response = client.post(RULES, {"allow_multiple_roots": "1"})

    assert response.status_code == 302
    world.acme.refresh_from_db()
    assert world.acme.allow_multiple_roots is True
    assert _import_two_heads(world.acme) == []
    assert Employee.objects.for_org(world.acme).filter(manager=None).count() == 3  # with Carol


def test_unticking_refuses_several_people_at_the_top_again(world: World) -> None:
    client = world.client_for(world.alice)
    client.post(RULES, {"allow_multiple_roots": "1"})
    client.post(RULES, {})
    world.acme.refresh_from_db()
    assert world.acme.allow_multiple_roots is False


def test_each_change_is_in_the_audit_log_with_who_made_it(world: World) -> None:
    client = world.client_for(world.alice)
    client.post(RULES, {"allow_multiple_roots": "1"})
    client.post(RULES, {"allow_multiple_roots": "1"})  # no change, no entry
    client.post(RULES, {})
    entries = AuditEntry.objects.for_org(world.acme).filter(action__contains="multiple_roots")
    assert list(entries.order_by("pk").values_list("action", "actor")) == [
        ("organization.multiple_roots_allowed", world.alice.pk),
        ("organization.multiple_roots_refused", world.alice.pk),
    ]


def test_the_setting_changes_only_the_admins_own_organisation(world: World) -> None:
    world.client_for(world.alice).post(RULES, {"allow_multiple_roots": "1"})
    world.globex.refresh_from_db()
    assert world.globex.allow_multiple_roots is False


def test_only_org_admins_change_roster_rules(world: World) -> None:
    for user in (world.bob, world.carol):
        client = world.client_for(user)
        assert client.get(RULES).status_code == 403
        assert client.post(RULES, {"allow_multiple_roots": "1"}).status_code == 403
    world.acme.refresh_from_db()
    assert world.acme.allow_multiple_roots is False


def test_the_settings_overview_shows_the_rule(world: World) -> None:
    body = world.client_for(world.alice).get(reverse("settings:overview")).content.decode()
    assert RULES in body and "not allowed" in body
