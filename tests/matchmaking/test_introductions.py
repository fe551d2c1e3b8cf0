"""Introductions: the email each person receives on publish, and the RFC 5545
invitation to a first meeting inside both people's working hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail

from crossgen.matchmaking.introductions import (
    WorkingHours,
    charter_text,
    first_meeting_ics,
    first_meeting_slot,
)
from crossgen.matchmaking.models import Relationship
from crossgen.matchmaking.services import run_publish
from crossgen.programs.models import Cohort
from tests.conftest import World
from tests.matchmaking.factories import mentee, mentor
from tests.matchmaking.helpers import Capture, run_matching

LONDON = WorkingHours("Europe/London", 9, 17)
NEW_YORK = WorkingHours("America/New_York", 9, 17)


def inside(start: datetime, end: datetime, zone: str, first_hour: int, last_hour: int) -> bool:
    """Checked independently of the code under test: local weekday and clock times."""
    local_start, local_end = start.astimezone(ZoneInfo(zone)), end.astimezone(ZoneInfo(zone))
    opens = local_start.replace(hour=first_hour, minute=0, second=0, microsecond=0)
    closes = local_start.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(
        hours=last_hour
    )
    return local_start.weekday() < 5 and opens <= local_start and local_end <= closes


def test_london_and_new_york_meet_in_the_afternoon_of_the_first_weekday() -> None:
    friday = date(2026, 1, 16)
    slot = first_meeting_slot(mentor=LONDON, mentee=NEW_YORK, not_before=friday, minutes=45)
    assert slot.start == datetime(2026, 1, 16, 14, 0, tzinfo=UTC)  # 14:00 London, 09:00 New York
    assert slot.end - slot.start == timedelta(minutes=45) and slot.inside_both
    saturday = first_meeting_slot(
        mentor=LONDON, mentee=NEW_YORK, not_before=date(2026, 1, 17), minutes=45
    )
    assert saturday.start.date() == date(2026, 1, 19)  # the weekend is skipped


def test_daylight_saving_is_that_of_the_day_itself() -> None:
    # 9 March 2026: New York is on summer time (since 8 March), London not yet (29 March).
    slot = first_meeting_slot(
        mentor=LONDON, mentee=NEW_YORK, not_before=date(2026, 3, 9), minutes=60
    )
    assert slot.start == datetime(2026, 3, 9, 13, 0, tzinfo=UTC)
    assert inside(slot.start, slot.end, "Europe/London", 9, 17)
    assert inside(slot.start, slot.end, "America/New_York", 9, 17)
    # 30 March 2026: both on summer time again.
    later = first_meeting_slot(
        mentor=LONDON, mentee=NEW_YORK, not_before=date(2026, 3, 30), minutes=60
    )
    assert later.start == datetime(2026, 3, 30, 13, 0, tzinfo=UTC)  # 14:00 BST, 09:00 EDT
    assert inside(later.start, later.end, "Europe/London", 9, 17)


def test_a_pair_across_the_date_line_meets_on_a_weekday_for_both() -> None:
    tokyo = WorkingHours("Asia/Tokyo", 9, 17)
    los_angeles = WorkingHours("America/Los_Angeles", 9, 17)
    # Monday 9:00 in Tokyo is Sunday afternoon in Los Angeles: not that one.
    slot = first_meeting_slot(
        mentor=los_angeles, mentee=tokyo, not_before=date(2026, 1, 19), minutes=45
    )
    assert inside(slot.start, slot.end, "Asia/Tokyo", 9, 17)
    assert inside(slot.start, slot.end, "America/Los_Angeles", 9, 17)
    assert slot.start.astimezone(ZoneInfo("Asia/Tokyo")).date() == date(2026, 1, 20)


def test_without_any_overlap_the_mentees_morning_is_proposed() -> None:
    sydney = WorkingHours("Australia/Sydney", 9, 17)
    slot = first_meeting_slot(
        mentor=LONDON, mentee=sydney, not_before=date(2026, 1, 19), minutes=45
    )
    assert not slot.inside_both
    assert slot.start.astimezone(ZoneInfo("Australia/Sydney")) == datetime(
        2026, 1, 19, 9, 0, tzinfo=ZoneInfo("Australia/Sydney")
    )


@pytest.fixture
def published(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> Relationship:
    cohort.program.charter = ""
    cohort.program.save()
    mentor(
        cohort,
        teaches={"ai-tools": 4, "social-media": 3},
        learns={"strategy": 2},
        employee_fields={"first_name": "Ana", "last_name": "Lopez", "department": "IT"},
    )
    mentee(
        cohort,
        employee=world.carol_employee,
        timezone="America/New_York",
        learns={"ai-tools": 3},
        teaches={"strategy": 4},
    )
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        (relationship,) = run_publish(run=run, actor=world.bob)
    return (
        Relationship.objects.for_org(world.acme)
        .select_related(
            "cohort__program", "cohort__published_by", "mentor__employee", "mentee__employee"
        )
        .get(pk=relationship.pk)
    )


def test_each_person_is_introduced_with_their_partner_the_reasons_the_charter_and_next_steps(
    world: World, published: Relationship
) -> None:
    by_recipient = {m.to[0]: m for m in mail.outbox}
    to_carol = by_recipient[world.carol_employee.email]
    to_ana = by_recipient[published.mentor.employee.email]
    assert "meet Ana Lopez, your reverse mentor" in to_carol.subject
    assert "Your reverse mentor is Ana Lopez" in to_carol.body
    assert "Ana can teach you ai tools (expert, a priority)" in to_carol.body
    assert "You can share strategy (expert, keen) with Ana in return." in to_carol.body
    assert "You can teach Carol ai tools" in to_ana.body
    for words in (
        "Confidentiality",
        "Candour without career consequences",
        "every 14 days",
        "Topics",
    ):
        assert words in to_carol.body
    assert (
        "What to do next" in to_carol.body
        and "agree to it on your relationship page" in to_carol.body.lower()
    )
    assert f"/relationships/{published.pk}/" in to_carol.body
    assert "inside both your working hours" in to_carol.body


def test_the_invitation_is_rfc_5545_and_inside_both_working_days(
    world: World, published: Relationship
) -> None:
    calendar = icalendar.Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["METHOD"]) == "REQUEST"
    assert str(calendar["PRODID"])
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]).startswith(f"relationship-{published.pk}-")
    assert event.decoded("DTSTAMP") == published.published_at.replace(microsecond=0)
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert published.first_meeting_at is not None
    assert start == published.first_meeting_at.replace(microsecond=0)
    assert end - start == timedelta(minutes=45)
    assert start.date() > published.published_at.date()
    assert inside(start, end, "Europe/London", 9, 17)
    assert inside(start, end, "America/New_York", 9, 17)
    assert str(event["ORGANIZER"]) == "mailto:bob@acme.example"
    attendees = sorted(str(a) for a in cast(list[Any], event["ATTENDEE"]))
    assert attendees == sorted(
        f"mailto:{e}" for e in (published.mentor.employee.email, world.carol_employee.email)
    )
    assert (
        first_meeting_ics(published) == mail.outbox[1].attachments[0][1]
    )  # one invitation for both


def test_a_program_charter_is_used_as_written(cohort: Cohort) -> None:
    cohort.program.charter = "  We meet monthly and keep it between us.  "
    assert charter_text(cohort.program) == "We meet monthly and keep it between us."
