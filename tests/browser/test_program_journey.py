"""The whole journey of issue 4, in a real browser.

A program manager creates a program from the Reverse mentoring template,
invites everyone eligible, three people enrol through their personal links,
the manager runs matching, sets one pair by hand, publishes, and a mentee
signs in and sees their partner and why they were matched. Every step leaves a
screenshot in ``test-artifacts/<test name>/``.

The roster (set up through the services, not the UI):

- Ada, CEO (London), the top of the tree;
- José, Sales Director (Berlin) and Beatriz, Marketing Director (New York): mentee side;
- Zoë, Strategy Analyst reporting to Ada, and Kenji, Marketing Associate
  reporting to Beatriz: mentor side.

José (mentee), Zoë and Kenji (mentors) enrol. José wants to learn Generative
AI and data visualisation; Zoë teaches both at a higher level than Kenji, who
teaches Generative AI only, so the matcher pairs José with Zoë. The manager
then pairs José with Kenji by hand (no hard rule broken: Kenji is outside
José's reporting chain), Zoë gives way, and the published relationship is
José ⇄ Kenji.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from crossgen.matchmaking.models import (
    Decision,
    MatchRun,
    PairDecision,
    ProposedPair,
    Relationship,
    RunStatus,
)
from crossgen.notifications.models import OutboxMessage
from crossgen.programs.enrolment import CONSENT_STATEMENTS
from crossgen.programs.invitations import LINK_REMOVED, organization_today
from crossgen.programs.models import (
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    Invitation,
    Program,
)
from crossgen.roster.services import roster_import
from crossgen.tenancy.models import Role
from crossgen.tenancy.services import membership_grant, organization_create
from tests.factories import UserFactory
from tests.roster.builders import roster_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MANAGER_EMAIL = "pat@acme.example"
MANAGER_PASSWORD = "correct horse battery staple"  # what UserFactory sets
ROSTER = (
    ("E1", "Ada", "Okafor", "ada@acme.example", "Chief Executive", "Leadership", "London", "Europe/London", "", "2001-04-01", "Executive"),
    ("E2", "José", "Müller", "jose@acme.example", "Sales Director", "Sales", "Berlin", "Europe/Berlin", "E1", "2010-09-15", "Director"),
    ("E3", "Beatriz", "Santos", "beatriz@acme.example", "Marketing Director", "Marketing", "New York", "America/New_York", "E1", "2012-03-01", "Director"),
    ("E4", "Zoë", "O'Brien", "zoe@acme.example", "Strategy Analyst", "Leadership", "London", "Europe/London", "E1", "2023-02-01", "Early career"),
    ("E5", "Kenji", "Sato", "kenji@acme.example", "Marketing Associate", "Marketing", "London", "Europe/London", "E3", "2024-01-08", "Early career"),
)  # fmt: skip
LINK = re.compile(r"https?://[^/\s]+(/enrol/[A-Za-z0-9_-]+/)")
RUN_TIMEOUT_S = 60


def _shot(page: Any, folder: Path, name: str, *, full_page: bool = True) -> None:
    page.screenshot(path=folder / f"{name}.png", full_page=full_page)


def _sign_in(page: Any, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def _pick_skill(page: Any, direction: str, query: str, skill: str, level: str) -> None:
    """Type in the skill picker, choose ``skill`` from the results, set its level."""
    page.locator(f"#{direction}-search").fill(query)
    results = page.locator(f"#{direction}-results")
    results.get_by_role("button", name=re.compile(rf"^{re.escape(skill)}\b")).click()
    chosen = page.locator(f"#{direction}-chosen li", has_text=skill)
    chosen.wait_for()
    what = "Proficiency" if direction == "teach" else "Interest"
    page.get_by_label(f"{what} in {skill}").select_option(level)


def _enrol(
    browser: Any,
    base: str,
    link: str,
    *,
    teach: tuple[tuple[str, str, str], ...] = (),
    learn: tuple[tuple[str, str, str], ...] = (),
    password: str,
    folder: Path,
    step: str,
) -> None:
    """Open a personal link in a fresh browser (no session), answer, enrol."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(base + link)
        page.get_by_role("heading", name="Enrol in Cohort 1").wait_for()
        for query, skill, level in teach:
            _pick_skill(page, "teach", query, skill, level)
        for query, skill, level in learn:
            _pick_skill(page, "learn", query, skill, level)
        for statement in CONSENT_STATEMENTS.values():
            page.get_by_label(statement).check()
        page.get_by_label("Choose a password").fill(password)
        page.get_by_label("Repeat the password").fill(password)
        _shot(page, folder, f"{step}-questionnaire")
        page.get_by_role("button", name="Enrol", exact=True).click()
        page.get_by_role("heading", name="My enrolment").wait_for()
        page.get_by_text("You are enrolled in Cohort 1").wait_for()
        _shot(page, folder, f"{step}-enrolled")
    finally:
        context.close()


def test_a_program_from_template_to_a_mentee_seeing_their_partner(
    page, live_server, screenshot_dir: Path
) -> None:
    base = live_server.url
    browser = page.context.browser

    # --- 1. The world, through the services -----------------------------------------------
    acme = organization_create(name="Acme", slug="acme", default_timezone="Europe/London")
    plan = roster_import(
        organization=acme, actor=None, source=roster_csv(ROSTER), filename="acme.csv"
    )
    assert plan.ok
    manager = UserFactory.create(email=MANAGER_EMAIL, first_name="Pat", last_name="Manager")
    membership_grant(organization=acme, user=manager, role=Role.PROGRAM_MANAGER)
    today = organization_today(acme)
    start = today + timedelta(weeks=2)  # the template opens enrolment today (3 weeks before)

    # --- 2. The manager creates a program and invites everyone eligible ----------------------
    page.goto(f"{base}/login/")
    page.get_by_label("Email").fill(MANAGER_EMAIL)
    page.get_by_label("Password").fill(MANAGER_PASSWORD)
    _shot(page, screenshot_dir, "01-manager-sign-in", full_page=False)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs").click()
    page.get_by_role("heading", name="No programs yet").wait_for()
    _shot(page, screenshot_dir, "02-programs-empty")
    page.get_by_role("link", name="Create a program from a template").click()
    page.get_by_role("radio", name=re.compile(r"^Reverse mentoring")).check()
    page.get_by_label(re.compile(r"^Name")).fill("Digital reverse mentoring 2026")
    page.get_by_label("First cohort starts").fill(start.isoformat())
    _shot(page, screenshot_dir, "03-new-program")
    page.get_by_role("button", name="Create program").click()
    page.get_by_role("heading", name="Digital reverse mentoring 2026").wait_for()
    page.get_by_text("is ready with its first cohort").wait_for()
    _shot(page, screenshot_dir, "04-program-created")

    program = Program.objects.for_org(acme).get()
    cohort = Cohort.objects.for_org(acme).get(program=program)
    assert program.mentor_label == "Reverse mentor"
    assert program.mentee_label == "Senior mentee"
    assert cohort.enrolment_opens <= today <= cohort.enrolment_closes, "enrolment is open today"
    assert cohort.starts_on == start

    page.get_by_role("link", name="Invite people").click()
    page.get_by_role("heading", name="Invite people").wait_for()
    page.get_by_text("will be invited").wait_for()
    assert page.locator(".counts .stat").first.inner_text() == "5"
    _shot(page, screenshot_dir, "05-invite-preview")
    mail.outbox.clear()
    page.get_by_role("button", name="Send invitations").click()
    page.get_by_role("heading", name="Invitations sent").wait_for()
    _shot(page, screenshot_dir, "06-invitations-sent")

    assert Invitation.objects.for_org(acme).filter(cohort=cohort).count() == 5
    stored = OutboxMessage.objects.for_org(acme).filter(kind="invitation")
    assert stored.count() == 5
    # DEBUG is off: the outbox's copies lost their links once delivered, so the
    # links come from the delivered mail.
    assert all(LINK_REMOVED in m.body and m.sent_at is not None for m in stored)
    links: dict[str, str] = {}
    for message in mail.outbox:
        found = LINK.search(str(message.body))
        assert found is not None, message.body
        links[message.to[0]] = found.group(1)
    assert set(links) == {row[3] for row in ROSTER}

    # --- 3. Three people enrol through their links ----------------------------------------------
    _enrol(
        browser, base, links["jose@acme.example"],
        learn=(("ChatGPT", "Generative AI", "3"), ("visualisation", "Data visualisation", "2")),
        password="jose-learns-genai-2026", folder=screenshot_dir, step="07-jose",
    )  # fmt: skip
    _enrol(
        browser, base, links["zoe@acme.example"],
        teach=(("ChatGPT", "Generative AI", "4"), ("visualisation", "Data visualisation", "3")),
        password="zoe-teaches-genai-2026", folder=screenshot_dir, step="08-zoe",
    )  # fmt: skip
    _enrol(
        browser, base, links["kenji@acme.example"],
        teach=(("ChatGPT", "Generative AI", "2"),),
        password="kenji-teaches-genai-2026", folder=screenshot_dir, step="09-kenji",
    )  # fmt: skip

    enrolments = {
        e.employee.email: e
        for e in Enrolment.objects.for_org(acme).filter(cohort=cohort).select_related("employee")
    }
    assert set(enrolments) == {"jose@acme.example", "zoe@acme.example", "kenji@acme.example"}
    assert all(e.status == EnrolmentStatus.ENROLLED for e in enrolments.values())
    jose, zoe, kenji = (enrolments[f"{n}@acme.example"] for n in ("jose", "zoe", "kenji"))
    assert (jose.role, zoe.role, kenji.role) == ("mentee", "mentor", "mentor")
    assert jose.learns == {"generative-ai": 3, "data-visualisation": 2}
    assert zoe.teaches == {"generative-ai": 4, "data-visualisation": 3}
    assert kenji.teaches == {"generative-ai": 2}

    # --- 4. The manager runs matching, overrides one pair, publishes ------------------------------
    page.goto(f"{base}/programs/{program.pk}/")
    page.get_by_role("link", name="Matching", exact=True).click()
    page.get_by_role("heading", name="Matching · Cohort 1").wait_for()
    _shot(page, screenshot_dir, "10-matching-before-run")
    page.get_by_role("button", name="Run matching").click()
    page.get_by_text("Run 1 started").wait_for()
    _shot(page, screenshot_dir, "11-matching-run-started")
    # The run goes on in the background; the page polls and reloads when it ends.
    review = page.get_by_role("link", name="Review", exact=True)
    review.wait_for(timeout=RUN_TIMEOUT_S * 1000)
    run = MatchRun.objects.for_org(acme).get(cohort=cohort, number=1)
    assert run.status == RunStatus.DONE, (run.status, run.error)
    assert run.stats["pairs"] == 1
    first = ProposedPair.objects.for_org(acme).get(run=run)
    assert (first.mentor_id, first.mentee_id) == (zoe.pk, jose.pk)

    review.click()
    page.get_by_role("heading", name="Run 1", exact=True).wait_for()
    pairs = page.locator("#pairs")
    assert pairs.locator("article.pair").count() == 1
    assert "Zoë O'Brien" in pairs.inner_text()
    assert "Generative AI" in pairs.inner_text()
    _shot(page, screenshot_dir, "12-review-run-1")

    page.get_by_role("link", name="Set a pair by hand").click()
    page.get_by_role("heading", name="Set a pair by hand").wait_for()
    page.get_by_label("Reverse mentor").select_option(str(kenji.pk))
    page.get_by_label("Senior mentee").select_option(str(jose.pk))
    page.get_by_label(re.compile(r"^Reason")).fill(
        "José asked to learn from the marketing team's first generative-AI campaign."
    )
    _shot(page, screenshot_dir, "13-set-pair-by-hand")
    page.get_by_role("button", name="Pair them").click()
    page.get_by_text("Paired Kenji Sato with José Müller by hand.").wait_for()
    _shot(page, screenshot_dir, "14-review-after-override")

    hand_made = ProposedPair.objects.for_org(acme).get(run=run)
    assert (hand_made.mentor_id, hand_made.mentee_id) == (kenji.pk, jose.pk)
    assert hand_made.manual and hand_made.broken_rules == []
    decision = PairDecision.objects.for_org(acme).get(cohort=cohort)
    assert (decision.decision, decision.mentor_id, decision.mentee_id) == (
        Decision.MANUAL,
        kenji.pk,
        jose.pk,
    )

    page.goto(f"{base}/runs/{run.pk}/")  # the whole review, not just the hand-made filter
    page.get_by_text("Publish run 1…").click()
    page.get_by_label("I have reviewed the pairs and want to publish run 1.").check()
    _shot(page, screenshot_dir, "15-publish")
    page.get_by_role("button", name="Publish and send introductions").click()
    page.get_by_text("Run 1 published: 1 relationship.").wait_for()
    _shot(page, screenshot_dir, "16-published")

    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.PUBLISHED
    relationship = Relationship.objects.for_org(acme).get(cohort=cohort)
    assert (relationship.mentor_id, relationship.mentee_id) == (kenji.pk, jose.pk)
    assert relationship.run_id == run.pk
    # The introductions go out in the background once the publish commits.
    introductions = OutboxMessage.objects.for_org(acme).filter(kind="introduction")
    deadline = time.monotonic() + 20
    while introductions.count() < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert sorted(introductions.values_list("to", flat=True)) == [
        "jose@acme.example",
        "kenji@acme.example",
    ]

    # --- 5. The mentee signs in and sees their partner and why --------------------------------------
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        mentee = context.new_page()
        _sign_in(mentee, base, "jose@acme.example", "jose-learns-genai-2026")
        programs = mentee.get_by_role("region", name="Your programs")
        programs.get_by_role("link", name="Kenji Sato").wait_for()
        text = programs.inner_text()
        assert "Your reverse mentor: Kenji Sato" in text
        assert "Generative AI" in text
        assert "Zoë" not in text
        _shot(mentee, screenshot_dir, "17-mentee-home")
        # On a phone: the same page, nothing wider than the screen.
        mentee.set_viewport_size({"width": 390, "height": 844})
        mentee.reload()
        programs.get_by_role("link", name="Kenji Sato").wait_for()
        assert mentee.evaluate("document.documentElement.scrollWidth") <= 390
        _shot(mentee, screenshot_dir, "18-mentee-home-phone")
        mentee.get_by_role("link", name="Kenji Sato").first.click()
        mentee.get_by_text("I agree").first.wait_for()
        assert mentee.evaluate("document.documentElement.scrollWidth") <= 390
        _shot(mentee, screenshot_dir, "19-relationship-phone")
    finally:
        context.close()
