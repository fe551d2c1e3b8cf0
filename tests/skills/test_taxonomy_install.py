"""Organisations start with the curated taxonomy and may add their own skills."""

from __future__ import annotations

import pytest
from django.urls import reverse

from crossgen.skills.models import Skill
from crossgen.skills.services import SkillError, skill_create, skills_install_starter_taxonomy
from crossgen.taxonomy import load_starter_taxonomy
from tests.conftest import World


def test_installing_the_starter_taxonomy_copies_every_skill_once(world: World) -> None:
    added = skills_install_starter_taxonomy(organization=world.acme)
    assert added == len(load_starter_taxonomy().skills) >= 120
    assert skills_install_starter_taxonomy(organization=world.acme) == 0
    assert Skill.objects.for_org(world.acme).count() == added
    assert not Skill.objects.for_org(world.globex).exists()


def test_an_organisation_adds_its_own_skill(world: World) -> None:
    skills_install_starter_taxonomy(organization=world.acme)
    category = Skill.objects.for_org(world.acme).get(slug="generative-ai").category
    skill = skill_create(
        organization=world.acme,
        actor=world.alice,
        name="Acme Ledger",
        category=category,
        aliases=["ledger app"],
    )
    assert skill.source == "custom" and skill.slug == "acme-ledger"


def test_a_new_skill_cannot_shadow_an_existing_name_or_alias(world: World) -> None:
    skills_install_starter_taxonomy(organization=world.acme)
    category = Skill.objects.for_org(world.acme).get(slug="generative-ai").category
    with pytest.raises(SkillError) as error:
        skill_create(organization=world.acme, actor=world.alice, name="Chat GPT", category=category)
    assert "name" in error.value.problems


def test_the_skills_page_lists_skills_with_their_aliases(world: World) -> None:
    skills_install_starter_taxonomy(organization=world.acme)
    body = (
        world.client_for(world.alice)
        .get(reverse("settings:skills"), {"q": "chatgpt"})
        .content.decode()
    )
    assert "ChatGPT" in body


def test_the_add_skill_page_reports_a_clash_next_to_the_field(world: World) -> None:
    skills_install_starter_taxonomy(organization=world.acme)
    category = Skill.objects.for_org(world.acme).get(slug="generative-ai").category
    response = world.client_for(world.alice).post(
        reverse("settings:skill-create"),
        {"name": "GenAI", "category": category.pk, "side": "digital"},
    )
    assert response.status_code == 200
    assert "already a name or alias" in response.content.decode()


def test_the_add_skill_page_refuses_another_organisations_category(world: World) -> None:
    skills_install_starter_taxonomy(organization=world.globex)
    foreign = Skill.objects.for_org(world.globex).first().category
    response = world.client_for(world.alice).post(
        reverse("settings:skill-create"),
        {"name": "Sneaky", "category": foreign.pk, "side": "digital"},
    )
    assert response.status_code == 200
    assert not Skill.objects.for_org(world.acme).filter(name="Sneaky").exists()
