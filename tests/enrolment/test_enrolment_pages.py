"""The enrolment pages: the public questionnaire behind a personal link, the
skill picker, "My enrolment", and the staff's list of a cohort's enrolments."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crossgen.people.models import Employee
from crossgen.programs.enrolment import CONSENT_STATEMENTS, EnrolmentAnswers, enrolment_submit
from crossgen.programs.models import Cohort, Enrolment, EnrolmentStatus
from crossgen.skills.models import Skill
from crossgen.tenancy.middleware import ACTIVE_ORG_SESSION_KEY
from tests.conftest import World
from tests.enrolment.factories import invitation_for
from tests.factories import EmployeeFactory, EmployeeSkillFactory, UserFactory, stage

PASSWORD = "a long and unusual passphrase"


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "role": "mentor",
        "teach_skill": ["generative-ai", "tiktok"],
        "teach_level": ["4", "3"],
        "learn_skill": ["negotiation"],
        "learn_level": ["2"],
        "topics": "",
        "timezone": "Europe/London",
        "work_start_hour": "9",
        "work_end_hour": "17",
        "meeting_preference": "video",
        "capacity": "2",
        "bio": "I run our AI office hours.",
        "consents": list(CONSENT_STATEMENTS),
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def _url(token: str) -> str:
    return reverse("enrolment:enrol", kwargs={"token": token})


def _enrolled(employee: Employee, cohort: Cohort, **answers: Any) -> Enrolment:
    invitation, _ = invitation_for(employee, cohort)
    defaults: dict[str, Any] = {
        "role": "mentor",
        "teaches": {"tiktok": 3},
        "timezone": "Europe/London",
        "consents": frozenset(CONSENT_STATEMENTS),
    }
    return enrolment_submit(
        invitation=invitation,
        answers=EnrolmentAnswers(**(defaults | answers)),
        password=PASSWORD,
    )


# --- The questionnaire ------------------------------------------------------------------


def test_the_questionnaire_is_prefilled_from_eligibility_and_the_profile(
    acme: World, cohort: Cohort, junior: Employee, client: Client
) -> None:
    EmployeeSkillFactory.create(
        employee=junior, skill=Skill.objects.for_org(acme.acme).get(slug="tiktok"), level=4
    )
    _, token = invitation_for(junior, cohort)
    response = client.get(_url(token))
    body = response.content.decode()
    assert response.status_code == 200
    assert "You join as <strong>Reverse mentor</strong>" in body
    assert 'value="Europe/London" selected' in body
    assert 'name="teach_skill" value="tiktok"' in body
    assert 'name="password1"' in body


def test_an_invited_person_enrols_and_is_signed_in(
    acme: World, cohort: Cohort, junior: Employee, client: Client
) -> None:
    _, token = invitation_for(junior, cohort)
    response = client.post(_url(token), _form())
    enrolment = Enrolment.objects.for_org(acme.acme).get(employee=junior)
    assert response.status_code == 302
    assert response["Location"] == reverse("enrolment:mine", kwargs={"enrolment_id": enrolment.pk})
    assert enrolment.teaches == {"generative-ai": 4, "tiktok": 3}
    assert client.session[ACTIVE_ORG_SESSION_KEY] == acme.acme.pk
    page = client.get(response["Location"]).content.decode()
    assert "My enrolment" in page and "You are enrolled in" in page
    assert "Generative AI" in page


def test_problems_are_shown_next_to_their_fields_and_answers_kept(
    cohort: Cohort, junior: Employee, client: Client
) -> None:
    _, token = invitation_for(junior, cohort)
    data = _form(
        consents=[], timezone="", teach_level=["9", "3"], password1="short", password2="short"
    )
    response = client.post(_url(token), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tick every consent statement" in body
    assert "Choose your time zone" in body
    assert "Choose a proficiency from 1 to 4 for Generative AI" in body
    assert "too short" in body
    assert 'name="teach_skill" value="tiktok"' in body  # the picker keeps what was chosen


def test_the_two_passwords_must_match(cohort: Cohort, junior: Employee, client: Client) -> None:
    _, token = invitation_for(junior, cohort)
    body = client.post(_url(token), _form(password2="something else")).content.decode()
    assert "The two passwords differ" in body
    assert not Enrolment.objects.for_org(cohort.organization).exists()


def test_before_the_window_the_page_says_when_it_opens(
    cohort: Cohort, junior: Employee, client: Client
) -> None:
    cohort.enrolment_opens = timezone.now().date() + timedelta(days=3)
    cohort.save()
    _, token = invitation_for(junior, cohort)
    body = client.get(_url(token)).content.decode()
    assert "Enrolment has not opened yet" in body and "opens on" in body


def test_an_ineligible_person_sees_the_reasons_instead_of_the_form(
    acme: World, cohort: Cohort, client: Client
) -> None:
    outsider = EmployeeFactory.create(organization=acme.acme, department="Legal")
    cohort.program.eligibility = {
        "mentor": {"departments": ["Marketing"]},
        "mentee": {"departments": ["Marketing"]},
    }
    cohort.program.save()
    _, token = invitation_for(outsider, cohort)
    body = client.get(_url(token)).content.decode()
    assert "You cannot join this program" in body
    assert "department is not part of this program" in body
    assert client.post(_url(token), _form()).status_code == 200
    assert not Enrolment.objects.for_org(acme.acme).exists()


def test_someone_with_an_account_is_asked_to_sign_in_and_comes_back(
    cohort: Cohort, junior: Employee, client: Client
) -> None:
    UserFactory.create(email="jun.ito@acme.example")
    _, token = invitation_for(junior, cohort)
    body = client.get(_url(token)).content.decode()
    assert "Sign in to enrol" in body
    assert f"?next={_url(token)}" in body


def test_after_the_window_the_page_warns_about_the_waitlist(
    acme: World, cohort: Cohort, junior: Employee, client: Client
) -> None:
    cohort.enrolment_opens = timezone.now().date() - timedelta(days=20)
    cohort.enrolment_closes = timezone.now().date() - timedelta(days=1)
    cohort.save()
    _, token = invitation_for(junior, cohort)
    assert "you will go on the waitlist" in client.get(_url(token)).content.decode()
    page = client.post(_url(token), _form(), follow=True).content.decode()
    assert "you are on the waitlist" in page
    assert Enrolment.objects.for_org(acme.acme).get().status == EnrolmentStatus.WAITLISTED


def test_following_a_used_link_again_while_signed_in_opens_my_enrolment(
    cohort: Cohort, junior: Employee, client: Client
) -> None:
    _, token = invitation_for(junior, cohort)
    client.post(_url(token), _form())
    enrolment = Enrolment.objects.for_org(cohort.organization).get()
    response = client.get(_url(token))
    assert response["Location"] == reverse("enrolment:mine", kwargs={"enrolment_id": enrolment.pk})
    # Re-submitting the old form edits instead of failing.
    assert client.post(_url(token), _form(capacity="1")).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.capacity == 1


# --- The skill picker ---------------------------------------------------------------------


def test_the_skill_search_finds_skills_by_alias(
    cohort: Cohort, junior: Employee, client: Client
) -> None:
    _, token = invitation_for(junior, cohort)
    url = reverse("enrolment:enrol-skills", kwargs={"token": token})
    body = client.get(url, {"q": "ChatGPT", "direction": "learn"}).content.decode()
    assert "Generative AI" in body and "also called ChatGPT" in body
    assert "No skill matches" in client.get(url, {"q": "zzzz"}).content.decode()


def test_choosing_a_search_result_adds_a_row_once(
    cohort: Cohort, junior: Employee, client: Client
) -> None:
    _, token = invitation_for(junior, cohort)
    url = reverse("enrolment:enrol-skills", kwargs={"token": token})
    row = client.get(url, {"add": "generative-ai", "direction": "teach"})
    assert 'name="teach_skill" value="generative-ai"' in row.content.decode()
    assert 'name="teach_level"' in row.content.decode()
    again = client.get(
        url, {"add": "generative-ai", "direction": "teach", "teach_skill": "generative-ai"}
    )
    assert again.status_code == 204
    assert client.get(url, {"add": "no-such-skill"}).status_code == 404


def test_the_skill_search_needs_a_live_link(
    cohort: Cohort, junior: Employee, client: Client
) -> None:
    _, token = invitation_for(junior, cohort, expires_in=timedelta(seconds=-1))
    url = reverse("enrolment:enrol-skills", kwargs={"token": token})
    assert client.get(url, {"q": "chat"}).status_code == 404


def test_without_javascript_the_form_offers_plain_selects(
    cohort: Cohort, junior: Employee, client: Client
) -> None:
    _, token = invitation_for(junior, cohort)
    body = client.get(_url(token)).content.decode()
    assert "<noscript>" in body and '<optgroup label="AI and automation"' in body.replace(
        "&amp;", "&"
    )
    data = _form(teach_skill=["", "generative-ai", ""], teach_level=["", "3", ""])
    assert client.post(_url(token), data).status_code == 302


# --- My enrolment -------------------------------------------------------------------------


def _signed_in_as(employee: Employee) -> Client:
    from crossgen.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=employee.email.lower()))
    return client


def test_a_participant_edits_their_answers_on_my_enrolment(
    cohort: Cohort, junior: Employee
) -> None:
    enrolment = _enrolled(junior, cohort)
    client = _signed_in_as(junior)
    url = reverse("enrolment:mine", kwargs={"enrolment_id": enrolment.pk})
    assert "Change your answers" in client.get(url).content.decode()
    data = _form(bio="Updated bio")
    del data["password1"], data["password2"]
    response = client.post(url, data, follow=True)
    assert "Your answers are saved" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.bio == "Updated bio"


def test_after_the_window_my_enrolment_is_read_only(cohort: Cohort, junior: Employee) -> None:
    enrolment = _enrolled(junior, cohort)
    cohort.enrolment_opens = timezone.now().date() - timedelta(days=20)
    cohort.enrolment_closes = timezone.now().date() - timedelta(days=1)
    cohort.save()
    client = _signed_in_as(junior)
    url = reverse("enrolment:mine", kwargs={"enrolment_id": enrolment.pk})
    body = client.get(url).content.decode()
    assert "can no longer be changed" in body and "Change your answers" not in body
    body = client.post(url, _form(bio="Late")).content.decode()
    assert "can no longer be changed" in body
    enrolment.refresh_from_db()
    assert enrolment.bio != "Late"


def test_a_participant_withdraws_from_my_enrolment(cohort: Cohort, junior: Employee) -> None:
    enrolment = _enrolled(junior, cohort)
    url = reverse("enrolment:mine", kwargs={"enrolment_id": enrolment.pk})
    _signed_in_as(junior).post(url, {"action": "withdraw"})
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN


def test_nobody_else_sees_a_participants_enrolment_but_staff_can_read_it(
    acme: World, cohort: Cohort, junior: Employee
) -> None:
    enrolment = _enrolled(junior, cohort)
    url = reverse("enrolment:mine", kwargs={"enrolment_id": enrolment.pk})
    assert acme.client_for(acme.carol).get(url).status_code == 404
    assert acme.client_for(acme.carol).post(url, {"action": "withdraw"}).status_code == 404
    staff_view = acme.client_for(acme.bob).get(url).content.decode()
    assert "Jun Ito" in staff_view and "Change your answers" not in staff_view
    assert acme.client_for(acme.bob).post(url, _form(bio="Bob was here")).status_code == 403
    skills = reverse("enrolment:mine-skills", kwargs={"enrolment_id": enrolment.pk})
    assert acme.client_for(acme.bob).get(skills, {"q": "chat"}).status_code == 404
    assert _signed_in_as(junior).get(skills, {"q": "chat"}).status_code == 200


# --- The staff's list ---------------------------------------------------------------------


@pytest.fixture
def enrolled_cohort(acme: World, cohort: Cohort) -> Cohort:
    org = acme.acme
    _enrolled(
        EmployeeFactory.create(organization=org, first_name="Mira", last_name="Mentor"), cohort
    )
    senior = EmployeeFactory.create(
        organization=org,
        first_name="Sven",
        last_name="Senior",
        career_stage=stage(org, "Executive"),
    )
    _enrolled(senior, cohort, role="mentee", teaches={}, learns={"generative-ai": 3})
    late = EmployeeFactory.create(organization=org, first_name="Wanda", last_name="Waiting")
    invitation, _ = invitation_for(late, cohort)
    Enrolment.objects.create(
        organization=org, cohort=cohort, employee=late, invitation=invitation, role="mentor",
        status=EnrolmentStatus.WAITLISTED, timezone="UTC", consented_at=timezone.now(),
    )  # fmt: skip
    return cohort


def test_staff_see_enrolments_by_role_and_status_with_the_waitlist(
    acme: World, enrolled_cohort: Cohort
) -> None:
    url = reverse("enrolment:cohort-enrolments", kwargs={"cohort_id": enrolled_cohort.pk})
    client = acme.client_for(acme.bob)
    body = client.get(url).content.decode()
    assert all(name in body for name in ("Mira Mentor", "Sven Senior", "Wanda Waiting"))
    waitlist = client.get(url, {"status": "waitlisted"}).content.decode()
    assert "Wanda Waiting" in waitlist and "Mira Mentor" not in waitlist
    mentees = client.get(url, {"role": "mentee"}).content.decode()
    assert "Sven Senior" in mentees and "Mira Mentor" not in mentees
    found = client.get(url, {"q": "mira"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Mira Mentor" in found and "Sven Senior" not in found and "<html" not in found


def test_bad_list_parameters_are_ignored_not_a_500(acme: World, enrolled_cohort: Cohort) -> None:
    url = reverse("enrolment:cohort-enrolments", kwargs={"cohort_id": enrolled_cohort.pk})
    response = acme.client_for(acme.bob).get(url, {"status": "'; drop", "role": "x", "page": "-1"})
    assert response.status_code == 200


def test_participants_cannot_see_the_list(acme: World, enrolled_cohort: Cohort) -> None:
    url = reverse("enrolment:cohort-enrolments", kwargs={"cohort_id": enrolled_cohort.pk})
    assert acme.client_for(acme.carol).get(url).status_code == 403


def test_a_used_link_sends_the_person_to_sign_in_and_back(
    cohort: Cohort, junior: Employee, client: Client
) -> None:
    _, token = invitation_for(junior, cohort)
    client.post(_url(token), _form())
    client.logout()
    body = client.get(_url(token)).content.decode()
    assert "already used — sign in to edit your enrolment" in body
    assert f"?next={_url(token)}" in body


def test_after_withdrawing_the_old_link_explains_how_to_come_back(
    cohort: Cohort, junior: Employee, client: Client
) -> None:
    _, token = invitation_for(junior, cohort)
    client.post(_url(token), _form())
    enrolment = Enrolment.objects.for_org(cohort.organization).get()
    client.post(
        reverse("enrolment:mine", kwargs={"enrolment_id": enrolment.pk}), {"action": "withdraw"}
    )
    body = client.get(_url(token)).content.decode()
    assert "ask your program manager for a new invitation" in body
    assert 'name="consents"' not in body
