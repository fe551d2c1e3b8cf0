"""Factories for programs, cohorts and enrolments. A program made here has the
reverse-mentoring template's settings over the default six-stage ladder."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone as django_timezone
from factory.declarations import LazyFunction, SelfAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory

from crossgen.programs.models import Cohort, Enrolment, Program
from crossgen.programs.program_settings import rules_to_json, weights_to_json
from crossgen.programs.templates_catalog import REVERSE
from tests.factories import EmployeeFactory, OrganizationFactory

START = date(2026, 3, 2)


class ProgramFactory(DjangoModelFactory[Program]):
    class Meta:
        model = Program

    organization = SubFactory(OrganizationFactory)
    name = Sequence(lambda n: f"Program {n}")
    kind = REVERSE.kind
    mentor_label = REVERSE.mentor_label
    mentee_label = REVERSE.mentee_label
    goals = LazyFunction(lambda: [goal.value for goal in REVERSE.goals])
    eligibility = LazyFunction(lambda: REVERSE.eligibility(6).to_json())
    matching_rules = LazyFunction(lambda: rules_to_json(REVERSE.rules))
    matching_weights = LazyFunction(lambda: weights_to_json(REVERSE.weights))
    objective = REVERSE.objective.value
    charter = LazyFunction(lambda: REVERSE.charter().strip())


class CohortFactory(DjangoModelFactory[Cohort]):
    class Meta:
        model = Cohort

    program = SubFactory(ProgramFactory)
    organization = SelfAttribute("program.organization")
    name = Sequence(lambda n: f"Cohort {n}")
    enrolment_opens = START - timedelta(weeks=3)
    enrolment_closes = START - timedelta(days=1)
    starts_on = START
    ends_on = date(2026, 9, 2)


class EnrolmentFactory(DjangoModelFactory[Enrolment]):
    class Meta:
        model = Enrolment

    cohort = SubFactory(CohortFactory)
    organization = SelfAttribute("cohort.organization")
    employee = SubFactory(EmployeeFactory, organization=SelfAttribute("..organization"))
    role = "mentor"
    timezone = "Europe/London"
    consented_at = LazyFunction(django_timezone.now)
