"""Test factories: every test builds the world it needs, nothing from fixture files."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from crossgen.accounts.models import User
from crossgen.people.models import CareerStage, Employee
from crossgen.skills.models import EmployeeSkill, Skill, SkillCategory
from crossgen.tenancy.models import Membership, Organization, Role

LADDER = ("Early career", "Professional", "Senior professional", "Manager", "Director", "Executive")


class OrganizationFactory(DjangoModelFactory[Organization]):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")

    @factory.post_generation
    def ladder(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            for rank, name in enumerate(LADDER, start=1):
                CareerStage.objects.create(organization=self, name=name, rank=rank)


def stage(organization: Organization, name: str = "Professional") -> CareerStage:
    return CareerStage.objects.for_org(organization).get(name=name)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class EmployeeFactory(DjangoModelFactory[Employee]):
    class Meta:
        model = Employee

    organization = factory.SubFactory(OrganizationFactory)
    external_id = factory.Sequence(lambda n: f"E{n:05d}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    email = factory.LazyAttribute(lambda e: f"{e.first_name}.{e.last_name}@example.com".lower())
    email_key = factory.LazyAttribute(lambda e: e.email.casefold())
    department = "Engineering"
    location = "London"
    timezone = "Europe/London"
    career_stage = factory.LazyAttribute(lambda e: stage(e.organization))


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.PARTICIPANT


class SkillCategoryFactory(DjangoModelFactory[SkillCategory]):
    class Meta:
        model = SkillCategory

    organization = factory.SubFactory(OrganizationFactory)
    slug = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Category {n}")


class SkillFactory(DjangoModelFactory[Skill]):
    class Meta:
        model = Skill

    organization = factory.SubFactory(OrganizationFactory)
    category = factory.SubFactory(
        SkillCategoryFactory, organization=factory.SelfAttribute("..organization")
    )
    slug = factory.Sequence(lambda n: f"skill-{n}")
    name = factory.Sequence(lambda n: f"Skill {n}")


class EmployeeSkillFactory(DjangoModelFactory[EmployeeSkill]):
    class Meta:
        model = EmployeeSkill

    employee = factory.SubFactory(EmployeeFactory)
    organization = factory.SelfAttribute("employee.organization")
    skill = factory.SubFactory(SkillFactory, organization=factory.SelfAttribute("..organization"))
    direction = "teach"
    level = 3
