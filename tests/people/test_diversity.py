"""Optional diversity attributes: off by default, opt-in, prefer-not-to-say,
stored apart, withdrawable, and deleted when the organisation turns them off."""

from __future__ import annotations

from django.urls import reverse

from crossgen.people.models import DiversityProfile
from crossgen.people.services import organization_set_diversity
from tests.conftest import World

MINE = reverse("people:my-diversity")


def test_diversity_questions_are_off_by_default(world: World) -> None:
    assert world.acme.diversity_attributes_enabled is False
    assert world.client_for(world.carol).get(MINE).status_code == 404


def test_a_person_answers_with_consent_and_may_prefer_not_to_say(world: World) -> None:
    organization_set_diversity(organization=world.acme, actor=world.alice, enabled=True)
    client = world.client_for(world.carol)
    response = client.post(
        MINE, {"gender": "Woman", "ethnicity": "Prefer not to say", "consent": "1"}
    )
    assert response.status_code == 302
    profile = DiversityProfile.objects.for_org(world.acme).get(employee=world.carol_employee)
    assert (profile.gender, profile.ethnicity, profile.disability) == (
        "Woman",
        "Prefer not to say",
        "",
    )


def test_nothing_is_stored_without_consent_or_with_an_invented_answer(world: World) -> None:
    organization_set_diversity(organization=world.acme, actor=world.alice, enabled=True)
    client = world.client_for(world.carol)
    assert "consent" in client.post(MINE, {"gender": "Woman"}).content.decode()
    assert (
        "offered answers" in client.post(MINE, {"gender": "Robot", "consent": "1"}).content.decode()
    )
    assert not DiversityProfile.objects.for_org(world.acme).exists()


def test_a_person_can_withdraw_their_answers(world: World) -> None:
    organization_set_diversity(organization=world.acme, actor=world.alice, enabled=True)
    client = world.client_for(world.carol)
    client.post(MINE, {"gender": "Woman", "consent": "1"})
    client.post(MINE, {"action": "withdraw"})
    assert not DiversityProfile.objects.for_org(world.acme).exists()


def test_turning_the_questions_off_deletes_every_answer(world: World) -> None:
    organization_set_diversity(organization=world.acme, actor=world.alice, enabled=True)
    world.client_for(world.carol).post(MINE, {"gender": "Woman", "consent": "1"})
    world.client_for(world.alice).post(reverse("settings:privacy"), {})
    world.acme.refresh_from_db()
    assert world.acme.diversity_attributes_enabled is False
    assert not DiversityProfile.objects.for_org(world.acme).exists()


def test_the_audit_log_never_records_the_answers(world: World) -> None:
    from crossgen.audit.models import AuditEntry

    organization_set_diversity(organization=world.acme, actor=world.alice, enabled=True)
    world.client_for(world.carol).post(MINE, {"gender": "Non-binary", "consent": "1"})
    logged = str(list(AuditEntry.objects.for_org(world.acme).values_list("details", "target")))
    assert "Non-binary" not in logged
