"""The program pages: list, new program, detail, settings, cohorts, audit log.
Staff only; participants get 403, another organisation's admin gets 404."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from crossgen.audit.models import AuditEntry
from crossgen.audit.services import audit_record
from crossgen.programs.models import Cohort, Program
from crossgen.programs.program_settings import ProgramSettings, rules_to_json, weights_to_json
from crossgen.programs.selectors import AUDIT_PAGE_SIZE
from tests.conftest import World
from tests.factories import EmployeeFactory
from tests.programs.factories import CohortFactory, EnrolmentFactory, ProgramFactory

LIST = reverse("programs:list")
CREATE = reverse("programs:create")


def _url(name: str, program: Program, cohort: Cohort | None = None) -> str:
    kwargs = {"program_id": program.pk}
    if cohort is not None:
        kwargs["cohort_id"] = cohort.pk
    return reverse(f"programs:{name}", kwargs=kwargs)


def _settings_post(
    program: Program, cohort: Cohort | None = None, **overrides: Any
) -> dict[str, Any]:
    """What the settings form posts when nothing is touched, plus ``overrides``."""
    current = ProgramSettings.of(program)
    data: dict[str, Any] = {
        "name": current.name,
        "description": current.description,
        "mentor_label": current.mentor_label,
        "mentee_label": current.mentee_label,
        "goals": list(current.goals),
        "meeting_cadence_days": current.meeting_cadence_days,
        "session_minutes": current.session_minutes,
        "default_mentor_capacity": current.default_mentor_capacity,
        "charter": current.charter,
        "objective": current.objective,
    }
    for role, rule in current.eligibility.rules.items():
        data[f"{role}_min_stage"] = rule.min_stage or ""
        data[f"{role}_max_stage"] = rule.max_stage or ""
        data[f"{role}_departments"] = list(rule.departments)
        data[f"{role}_locations"] = list(rule.locations)
        data[f"{role}_min_tenure_months"] = rule.min_tenure_months
    for key, value in rules_to_json(current.rules).items():
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        else:
            data[key] = "" if value is None else value
    data.update({f"weight_{k}": v for k, v in weights_to_json(current.weights).items()})
    if cohort is not None:
        for field in ("enrolment_opens", "enrolment_closes", "starts_on", "ends_on"):
            data[field] = getattr(cohort, field).isoformat()
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# -- Access --------------------------------------------------------------------------------


def _every_page(program: Program, cohort: Cohort) -> list[str]:
    return [
        LIST,
        CREATE,
        _url("detail", program),
        _url("settings", program),
        _url("audit", program),
        _url("cohort-create", program),
        _url("cohort-edit", program, cohort),
    ]


def test_participants_cannot_open_any_program_page(world: World) -> None:
    cohort = CohortFactory.create(program=ProgramFactory.create(organization=world.acme))
    client = world.client_for(world.carol)
    for url in _every_page(cohort.program, cohort):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url


def test_another_organisations_admin_gets_404_on_acmes_programs(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme, name="Acme secret program")
    cohort = CohortFactory.create(program=program)
    client = world.client_for(world.charlie)
    for url in _every_page(program, cohort)[2:]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, _settings_post(program, cohort)).status_code == 404, url
    assert "Acme secret program" not in client.get(LIST).content.decode()
    program.refresh_from_db()
    assert program.name == "Acme secret program"


def test_a_cohort_is_only_reachable_through_its_own_program(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme)
    other_cohort = CohortFactory.create(program=ProgramFactory.create(organization=world.acme))
    response = world.client_for(world.bob).get(_url("cohort-edit", program, other_cohort))
    assert response.status_code == 404


def test_staff_see_programs_in_the_menu_and_participants_do_not(world: World) -> None:
    assert f'href="{LIST}"' in world.client_for(world.bob).get(reverse("home")).content.decode()
    assert (
        f'href="{LIST}"' not in world.client_for(world.carol).get(reverse("home")).content.decode()
    )


# -- List and creation ---------------------------------------------------------------------


def test_without_programs_the_list_invites_to_create_one_from_a_template(world: World) -> None:
    body = world.client_for(world.bob).get(LIST).content.decode()
    assert "No programs yet" in body
    assert "Reverse mentoring" in body and "Reciprocal mentoring" in body
    assert f'href="{CREATE}"' in body


def test_the_list_shows_each_program_with_its_current_cohort_and_enrolments(
    world: World,
) -> None:
    program = ProgramFactory.create(organization=world.acme, name="Digital 2026")
    cohort = CohortFactory.create(program=program, name="Spring")
    EnrolmentFactory.create(cohort=cohort)
    EnrolmentFactory.create(cohort=cohort, status="withdrawn")
    ProgramFactory.create(organization=world.globex, name="Globex program")
    response = world.client_for(world.alice).get(LIST)
    body = response.content.decode()
    assert "Digital 2026" in body and "Spring" in body and "Globex program" not in body
    (row,) = response.context["rows"]
    assert (row.cohort_count, row.enrolled) == (1, 1)


def test_creating_a_program_lands_on_its_page_with_its_first_cohort(world: World) -> None:
    start = timezone.localdate() + timedelta(weeks=6)
    response = world.client_for(world.bob).post(
        CREATE, {"template": "reciprocal", "name": "Both ways", "start": start.isoformat()}
    )
    program = Program.objects.for_org(world.acme).get()
    assert response.status_code == 302
    assert response["Location"] == _url("detail", program)
    assert program.name == "Both ways" and program.kind == "reciprocal"
    assert program.cohorts.get().starts_on == start
    body = world.client_for(world.bob).get(response["Location"]).content.decode()
    assert "Both ways" in body and "Cohort 1" in body


def test_the_new_program_form_puts_each_error_on_its_field(world: World) -> None:
    past = timezone.localdate() - timedelta(days=3)
    response = world.client_for(world.bob).post(
        CREATE, {"template": "reverse", "name": "Too late", "start": past.isoformat()}
    )
    assert response.status_code == 200
    assert "cannot start in the past" in response.context["form"].errors["start"][0]
    response = world.client_for(world.bob).post(CREATE, {"template": "mystery", "start": "soon"})
    errors = response.context["form"].errors
    assert errors["template"] == ["Choose a template."]
    assert errors["name"] == ["Give the program a name."]
    assert "must be a date" in errors["start"][0]
    assert not Program.objects.for_org(world.acme).exists()


# -- Detail --------------------------------------------------------------------------------


def test_the_program_page_counts_enrolments_by_side_and_status(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme)
    cohort = CohortFactory.create(program=program, name="Spring")
    EnrolmentFactory.create_batch(3, cohort=cohort, role="mentor")
    EnrolmentFactory.create(cohort=cohort, role="mentor", status="waitlisted")
    EnrolmentFactory.create_batch(2, cohort=cohort, role="mentee")
    response = world.client_for(world.bob).get(_url("detail", program))
    (summary,) = response.context["summaries"]
    counts = {r.role: r.counts for r in summary.roles}
    assert counts == {"mentor": {"enrolled": 3, "waitlisted": 1}, "mentee": {"enrolled": 2}}
    body = response.content.decode()
    assert "Reverse mentor" in body and "Senior mentee" in body and "Waitlisted" in body


def test_the_program_page_shows_who_can_join_in_words(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme)
    body = world.client_for(world.bob).get(_url("detail", program)).content.decode()
    assert "Early career to Senior professional" in body
    assert "Manager to Executive" in body


def test_a_program_without_cohorts_invites_to_add_one(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme)
    body = world.client_for(world.bob).get(_url("detail", program)).content.decode()
    assert "No cohorts" in body and _url("cohort-create", program) in body


def test_links_to_other_teams_pages_appear_only_when_those_pages_exist() -> None:
    template = Template(
        '{% load program_links %}{% url_if_exists "programs:detail" program_id=7 as a %}'
        '{% url_if_exists "nowhere:page" cohort_id=7 as b %}[{{ a }}][{{ b }}]'
    )
    assert template.render(Context()) == "[/programs/7/][]"


# -- Settings ------------------------------------------------------------------------------


def test_the_settings_page_offers_the_ladder_and_the_roster_as_choices(world: World) -> None:
    EmployeeFactory.create(organization=world.acme, department="Sales", location="Paris")
    program = ProgramFactory.create(organization=world.acme)
    CohortFactory.create(program=program)
    body = world.client_for(world.bob).get(_url("settings", program)).content.decode()
    for text in ("Executive", "Early career", "Sales", "Engineering", "Paris", "London"):
        assert text in body
    assert 'name="mentor_departments"' in body and 'name="enrolment_closes"' in body


def test_saving_the_settings_changes_the_program_and_logs_it(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme)
    cohort = CohortFactory.create(program=program)
    data = _settings_post(
        program,
        cohort,
        mentee_label="Executive learner",
        weight_diversity="0.9",
        objective="fair",
        forbid_same_manager="on",
    )
    response = world.client_for(world.bob).post(_url("settings", program), data)
    assert response.status_code == 302, response.context["form"].errors
    program.refresh_from_db()
    assert program.mentee_label == "Executive learner"
    assert program.objective == "fair"
    assert program.matching_weights["diversity"] == 0.9
    assert program.matching_rules["forbid_same_manager"] is True
    entry = AuditEntry.objects.for_org(world.acme).get(scope=f"program:{program.pk}")
    assert set(entry.details["changed"]) == {
        "mentee_label",
        "objective",
        "weights.diversity",
        "rules.forbid_same_manager",
    }


def test_saving_unchanged_settings_from_the_page_changes_nothing(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme)
    cohort = CohortFactory.create(program=program)
    response = world.client_for(world.bob).post(
        _url("settings", program), _settings_post(program, cohort)
    )
    assert response.status_code == 302
    assert not AuditEntry.objects.for_org(world.acme).exists()


def test_the_settings_page_shows_every_problem_next_to_its_field(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme)
    cohort = CohortFactory.create(program=program)
    data = _settings_post(
        program,
        cohort,
        mentor_label="",
        default_mentor_capacity="5",
        mentee_min_stage="",
        mentee_max_stage="",
        min_stage_gap="7",
        weight_forward="0",
        weight_reciprocal="0",
        weight_diversity="0",
        weight_timezone="0",
        enrolment_opens="2026-02-20",
        enrolment_closes="2026-02-10",
    )
    response = world.client_for(world.bob).post(_url("settings", program), data)
    assert response.status_code == 200
    form, rules_form = response.context["form"], response.context["rules_form"]
    assert set(form.errors) == {
        "mentor_label",
        "default_mentor_capacity",
        "mentee_min_stage",
        "enrolment_closes",
    }
    assert set(rules_form.errors) == {"min_stage_gap", "__all__"}
    body = response.content.decode()
    assert "Nothing was saved" in body
    assert len(response.context["error_summary"]) == 6
    assert 'href="#id_mentor_label"' in body and 'href="#s-weights"' in body
    assert "the largest possible gap is 5" in body
    assert "At least one weight must be above zero" in body
    program.refresh_from_db()
    assert program.mentor_label == "Reverse mentor"


def test_a_department_that_left_the_roster_is_named_rather_than_dropped(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme)
    program.eligibility["mentor"]["departments"] = ["Typing pool"]
    program.save()
    cohort = CohortFactory.create(program=program)
    client = world.client_for(world.bob)
    assert (
        "Typing pool (not on the roster)" in client.get(_url("settings", program)).content.decode()
    )
    response = client.post(_url("settings", program), _settings_post(program, cohort))
    assert response.context["form"].errors["mentor_departments"] == [
        "Reverse mentor: not a department on the roster: Typing pool."
    ]


@override_settings(ROOT_URLCONF="tests.programs.preview_urls")
def test_changing_a_rule_asks_the_matcher_for_a_live_preview(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme)
    cohort = CohortFactory.create(program=program)
    body = world.client_for(world.bob).get(_url("settings", program)).content.decode()
    preview = reverse("matchmaking:preview", kwargs={"cohort_id": cohort.pk})
    assert f'hx-post="{preview}"' in body
    assert 'hx-trigger="change delay:400ms"' in body
    assert 'hx-include="#settings-form"' in body
    assert 'id="preview"' in body and 'id="preview-indicator"' in body
    response = world.client_for(world.bob).post(preview, _settings_post(program, cohort))
    assert "fields previewed" in response.content.decode()


@override_settings(ROOT_URLCONF="tests.programs.no_preview_urls")
def test_without_the_preview_page_the_settings_page_says_so(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme)
    CohortFactory.create(program=program)
    body = world.client_for(world.bob).get(_url("settings", program)).content.decode()
    assert "hx-post" not in body
    assert 'id="preview-note"' in body and "not available yet" in body


def test_a_program_without_a_cohort_has_settings_but_no_dates_or_preview(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme)
    client = world.client_for(world.bob)
    body = client.get(_url("settings", program)).content.decode()
    assert "Add a cohort to preview" in body and 'name="starts_on"' not in body
    response = client.post(_url("settings", program), _settings_post(program, session_minutes="60"))
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.session_minutes == 60


# -- Cohorts -------------------------------------------------------------------------------


def test_adding_a_cohort_suggests_the_next_dates_and_saves_it(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme)
    previous = CohortFactory.create(program=program)
    client = world.client_for(world.bob)
    initial = client.get(_url("cohort-create", program)).context["form"].initial
    assert initial["name"] == "Cohort 2"
    assert initial["starts_on"] > previous.ends_on
    data = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in initial.items()}
    response = client.post(_url("cohort-create", program), data)
    assert response.status_code == 302
    assert program.cohorts.count() == 2


def test_editing_a_cohort_reports_dates_in_the_wrong_order(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme)
    cohort = CohortFactory.create(program=program)
    response = world.client_for(world.bob).post(
        _url("cohort-edit", program, cohort),
        {
            "name": "Spring",
            "enrolment_opens": "2026-02-01",
            "enrolment_closes": "2026-02-20",
            "starts_on": "2026-03-02",
            "ends_on": "2026-03-01",
        },
    )
    assert response.status_code == 200
    assert "ends before it starts" in response.context["form"].errors["ends_on"][0]


# -- Audit log -----------------------------------------------------------------------------


def test_the_audit_log_shows_the_programs_entries_newest_first(world: World) -> None:
    client = world.client_for(world.bob)
    start = timezone.localdate() + timedelta(weeks=6)
    client.post(CREATE, {"template": "reverse", "name": "Logged", "start": start.isoformat()})
    program = Program.objects.for_org(world.acme).get()
    client.post(
        _url("settings", program),
        _settings_post(program, program.cohorts.get(), mentor_label="Digital guide"),
    )
    other = ProgramFactory.create(organization=world.acme)
    audit_record(
        organization=world.acme, actor=None, action="program.created", scope=f"program:{other.pk}"
    )
    response = client.get(_url("audit", program))
    rows = response.context["page"].object_list
    assert [row.entry.action for row in rows] == [
        "program.settings_updated",
        "cohort.created",
        "program.created",
    ]
    body = response.content.decode()
    assert "Changed the settings" in body
    assert "Junior side&#x27;s name" in body and "Digital guide" in body
    assert "bob@acme.example" in body


def test_the_audit_log_is_paginated(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme)
    for n in range(AUDIT_PAGE_SIZE + 3):
        audit_record(
            organization=world.acme,
            actor=world.bob,
            action="cohort.updated",
            scope=f"program:{program.pk}",
            details={"changed": {"name": {"from": f"n{n}", "to": f"n{n + 1}"}}},
        )
    client = world.client_for(world.bob)
    first = client.get(_url("audit", program))
    assert len(first.context["page"].object_list) == AUDIT_PAGE_SIZE
    second = client.get(_url("audit", program), {"page": 2})
    assert len(second.context["page"].object_list) == 3
    assert client.get(_url("audit", program), {"page": "last-ish"}).status_code == 200


def test_an_empty_audit_log_says_so(world: World) -> None:
    program = ProgramFactory.create(organization=world.acme)
    body = world.client_for(world.bob).get(_url("audit", program)).content.decode()
    assert "Nothing recorded yet" in body


@pytest.mark.parametrize("user", ["alice", "bob"])
def test_org_admins_and_program_managers_both_run_programs(world: World, user: str) -> None:
    client: Client = world.client_for(getattr(world, user))
    assert client.get(LIST).status_code == 200
    assert client.get(CREATE).status_code == 200
