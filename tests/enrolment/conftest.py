from __future__ import annotations

import pytest

from crossgen.people.models import Employee
from crossgen.programs.models import Cohort
from crossgen.skills.services import skills_install_starter_taxonomy
from tests.conftest import World
from tests.enrolment.factories import CohortFactory
from tests.factories import EmployeeFactory, stage


@pytest.fixture
def acme(world: World) -> World:
    """Acme with the curated skill taxonomy installed (Generative AI, alias ChatGPT...)."""
    skills_install_starter_taxonomy(organization=world.acme)
    return world


@pytest.fixture
def cohort(acme: World) -> Cohort:
    return CohortFactory.create(organization=acme.acme)


@pytest.fixture
def junior(acme: World) -> Employee:
    """An early-career analyst: eligible as a mentor only, with no Crossgen account."""
    return EmployeeFactory.create(
        organization=acme.acme,
        first_name="Jun",
        last_name="Ito",
        email="Jun.Ito@Acme.example",
        email_key="jun.ito@acme.example",
        job_title="Data analyst",
        career_stage=stage(acme.acme, "Early career"),
    )
