"""Shared personas, as in healthchecks' alice/bob/charlie:

- ``alice``: org admin of Acme
- ``bob``: program manager at Acme
- ``carol``: participant at Acme, linked to her employee record
- ``charlie``: org admin of Globex, an outsider to Acme who must see none of it
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from crossgen.accounts.models import User
from crossgen.people.models import Employee
from crossgen.tenancy.models import Organization, Role
from tests.factories import (
    EmployeeFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    stage,
)


@dataclass
class World:
    acme: Organization
    globex: Organization
    alice: User
    bob: User
    carol: User
    charlie: User
    carol_employee: Employee

    def client_for(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client


@pytest.fixture
def world(db: None) -> World:
    acme = OrganizationFactory(name="Acme", slug="acme")
    globex = OrganizationFactory(name="Globex", slug="globex")
    alice = UserFactory(email="alice@acme.example")
    bob = UserFactory(email="bob@acme.example")
    carol = UserFactory(email="carol@acme.example")
    charlie = UserFactory(email="charlie@globex.example")
    carol_employee = EmployeeFactory(
        organization=acme,
        first_name="Carol",
        last_name="Jones",
        career_stage=stage(acme, "Director"),
    )
    MembershipFactory(organization=acme, user=alice, role=Role.ORG_ADMIN)
    MembershipFactory(organization=acme, user=bob, role=Role.PROGRAM_MANAGER)
    MembershipFactory(organization=acme, user=carol, role=Role.PARTICIPANT, employee=carol_employee)
    MembershipFactory(organization=globex, user=charlie, role=Role.ORG_ADMIN)
    return World(acme, globex, alice, bob, carol, charlie, carol_employee)
