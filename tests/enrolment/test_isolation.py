"""Every invitation, enrolment and outbox URL, filled with a Globex object and
requested by Acme's org admin (the most privileged role), answers 404 and
changes nothing. (tests/web/test_tenant_isolation.py walks the whole site; this
file covers these pages on its own, with the Globex objects they need.)"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from crossgen.notifications.models import OutboxMessage
from crossgen.programs.models import Enrolment, EnrolmentStatus, Invitation
from tests.conftest import World
from tests.enrolment.factories import CohortFactory, invitation_for
from tests.factories import EmployeeFactory


def globex_objects(world: World) -> dict[str, Any]:
    """One Globex object per URL keyword (the recipe for the site-wide walk)."""
    cohort = CohortFactory.create(organization=world.globex)
    person = EmployeeFactory.create(organization=world.globex, first_name="Zebulon")
    invitation, token = invitation_for(person, cohort)
    enrolment = Enrolment.objects.create(
        organization=world.globex, cohort=cohort, employee=person, invitation=invitation,
        role="mentor", status=EnrolmentStatus.ENROLLED, timezone="UTC",
        consented_at=invitation.created_at,
    )  # fmt: skip
    message = OutboxMessage.objects.create(
        organization=world.globex, to="zebulon@globex.example", subject="Zebulon", body="Hi",
        kind="invitation",
    )  # fmt: skip
    return {
        "program_id": cohort.program_id,  # the cohort's own program (URLs taking both ids)
        "cohort_id": cohort.pk,
        "enrolment_id": enrolment.pk,
        "message_id": message.pk,
        "token": token,
    }


URLS = [
    ("enrolment:invite", ["cohort_id"]),
    ("enrolment:cohort-enrolments", ["cohort_id"]),
    ("enrolment:enrol", ["token"]),
    ("enrolment:enrol-skills", ["token"]),
    ("enrolment:mine", ["enrolment_id"]),
    ("enrolment:mine-skills", ["enrolment_id"]),
    ("notifications:message", ["message_id"]),
]


def _snapshot(world: World) -> list[Any]:
    return [
        list(model.unscoped.filter(organization=world.globex).order_by("pk").values_list())
        for model in (Invitation, Enrolment, OutboxMessage)
    ]


@pytest.mark.parametrize(("name", "keys"), URLS, ids=[name for name, _ in URLS])
def test_acme_reaches_no_globex_object(world: World, name: str, keys: list[str]) -> None:
    objects = globex_objects(world)
    url = reverse(name, kwargs={key: objects[key] for key in keys})
    before = _snapshot(world)
    client = world.client_for(world.alice)
    assert client.get(url, {"q": "a", "add": "tiktok"}).status_code == 404
    assert client.post(url, {"action": "withdraw", "role": "mentor"}).status_code == 404
    assert _snapshot(world) == before


def test_the_outbox_list_shows_no_globex_message(world: World) -> None:
    globex_objects(world)
    body = world.client_for(world.alice).get(reverse("notifications:outbox")).content.decode()
    assert "Zebulon" not in body
