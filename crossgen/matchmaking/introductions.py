"""Introductions: what each person of a published pair receives.

An email that says who the partner is, why they were matched (skills each
way, in plain words), the program's relationship charter to agree to, and
what to do next; with it a calendar invitation (RFC 5545 ``.ics``) proposing a
first meeting inside both people's working hours.

The first meeting is the earliest slot of ``program.session_minutes`` on a
weekday (for both people) from the day after publishing, or the cohort's start
if later, where the two working days overlap. Times are computed in UTC with
each person's IANA time zone (``zoneinfo``), so daylight saving is that of the
day itself. If the two working days never overlap, the mentee's morning is
proposed and the email says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from crossgen.matchmaking.models import Relationship, RelationshipStatus
from crossgen.matchmaking.wording import pair_sentences
from crossgen.notifications.services import email_send
from crossgen.programs.models import Cohort, Enrolment, Program

SEARCH_DAYS = 21
SLOT_STEP_MINUTES = 15
PRODID = "-//Crossgen//Reverse mentoring//EN"

NEXT_STEPS = (
    "Read the relationship charter and agree to it.",
    "Accept the calendar invitation for your first meeting, or propose a time that suits you both.",
    "Before you meet, note two or three things you want to learn and two or three you can share.",
)


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """A person's local working day: hours in their IANA time zone."""

    timezone: str
    start_hour: float
    end_hour: float

    @classmethod
    def of(cls, enrolment: Enrolment) -> WorkingHours:
        return cls(
            enrolment.timezone or "UTC",
            float(enrolment.work_start_hour),
            float(enrolment.work_end_hour),
        )

    @property
    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    def window(self, day: date) -> tuple[datetime, datetime]:
        """The working hours of local calendar ``day``, in UTC."""
        midnight = datetime.combine(day, time())
        start = (midnight + timedelta(hours=self.start_hour)).replace(tzinfo=self.zone)
        end = (midnight + timedelta(hours=self.end_hour)).replace(tzinfo=self.zone)
        return start.astimezone(UTC), end.astimezone(UTC)

    def contains(self, start: datetime, end: datetime) -> bool:
        """Whether ``start``-``end`` lies inside one of this person's working weekdays."""
        local_day = start.astimezone(self.zone).date()
        if local_day.weekday() >= 5:
            return False
        day_start, day_end = self.window(local_day)
        return day_start <= start and end <= day_end


@dataclass(frozen=True, slots=True)
class MeetingSlot:
    start: datetime  # UTC
    end: datetime  # UTC
    inside_both: bool  # False: no overlap was found, the mentee's morning is proposed


def _round_up(moment: datetime, minutes: int = SLOT_STEP_MINUTES) -> datetime:
    excess = (moment.minute % minutes) * 60 + moment.second + moment.microsecond / 1e6
    if not excess:
        return moment
    return (moment + timedelta(seconds=minutes * 60 - excess)).replace(second=0, microsecond=0)


def first_meeting_slot(
    *,
    mentor: WorkingHours,
    mentee: WorkingHours,
    not_before: date,
    minutes: int,
    search_days: int = SEARCH_DAYS,
) -> MeetingSlot:
    """The earliest ``minutes``-long slot inside both working days, on a day
    that is a weekday for both, from the mentee's local day ``not_before``.

    >>> slot = first_meeting_slot(
    ...     mentor=WorkingHours("Europe/London", 9, 17),
    ...     mentee=WorkingHours("America/New_York", 9, 17),
    ...     not_before=date(2026, 1, 19), minutes=45)
    >>> slot.start.isoformat(), slot.inside_both
    ('2026-01-19T14:00:00+00:00', True)
    """
    length = timedelta(minutes=minutes)
    for offset in range(search_days):
        day = not_before + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        mentee_start, mentee_end = mentee.window(day)
        found: list[datetime] = []
        for mentor_day in (day - timedelta(days=1), day, day + timedelta(days=1)):
            if mentor_day.weekday() >= 5:
                continue
            mentor_start, mentor_end = mentor.window(mentor_day)
            start = _round_up(max(mentee_start, mentor_start))
            if start + length <= min(mentee_end, mentor_end):
                found.append(start)
        if found:
            start = min(found)
            return MeetingSlot(start=start, end=start + length, inside_both=True)
    day = not_before
    while day.weekday() >= 5:
        day += timedelta(days=1)
    start = mentee.window(day)[0]
    return MeetingSlot(start=start, end=start + length, inside_both=False)


def meeting_start_day(cohort: Cohort, published_at: datetime) -> date:
    """The first day a first meeting may fall on: the day after publishing, or the cohort's start."""
    return max(published_at.astimezone(UTC).date() + timedelta(days=1), cohort.starts_on)


def relationship_slot(relationship: Relationship) -> MeetingSlot:
    """The proposed first meeting of a published relationship (as stored at publish)."""
    mentor, mentee = WorkingHours.of(relationship.mentor), WorkingHours.of(relationship.mentee)
    minutes = relationship.cohort.program.session_minutes
    if relationship.first_meeting_at is None:
        return first_meeting_slot(
            mentor=mentor,
            mentee=mentee,
            not_before=meeting_start_day(relationship.cohort, relationship.published_at),
            minutes=minutes,
        )
    start = relationship.first_meeting_at.astimezone(UTC)
    end = start + timedelta(minutes=minutes)
    return MeetingSlot(
        start=start,
        end=end,
        inside_both=mentor.contains(start, end) and mentee.contains(start, end),
    )


# -- The charter -------------------------------------------------------------------------

DEFAULT_CHARTER = """\
1. Confidentiality. What we talk about stays between the two of us unless we
   both agree to share it.
2. Candour without career consequences. The {mentor_label} gives honest
   feedback upward; nothing said in this relationship affects anyone's
   performance review, promotion or standing.
3. Cadence. We meet every {cadence} days for about {minutes} minutes, and
   reschedule within the week if one of us must cancel.
4. Topics. The {mentor_label} brings digital skills and new ways of working;
   the {mentee_label} shares experience, strategy and how the organisation
   really works.
5. Either of us can end the relationship at any time, without giving a reason,
   by telling the program manager.
"""


def charter_text(program: Program) -> str:
    """The program's charter, or the standard reverse-mentoring charter when it has none."""
    if program.charter.strip():
        return program.charter.strip()
    return DEFAULT_CHARTER.format(
        mentor_label=program.mentor_label,
        mentee_label=program.mentee_label,
        cadence=program.meeting_cadence_days,
        minutes=program.session_minutes,
    ).strip()


# -- The calendar invitation ------------------------------------------------------------


def organizer_address(relationship: Relationship) -> tuple[str, str]:
    """(name, email) of the invitation's organiser: the program manager who published."""
    publisher = relationship.cohort.published_by
    if publisher is not None and publisher.email:
        return (publisher.get_full_name() or publisher.email, publisher.email)
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return (name or "Crossgen", address or "crossgen@localhost")


def _address(email: str, name: str, **params: str) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{email}")
    address.params["CN"] = icalendar.vText(name)
    for key, value in params.items():
        address.params[key] = icalendar.vText(value)
    return address


def first_meeting_ics(relationship: Relationship) -> str:
    """The first meeting of ``relationship`` as an RFC 5545 calendar (METHOD:REQUEST)."""
    program = relationship.cohort.program
    mentor, mentee = relationship.mentor.employee, relationship.mentee.employee
    slot = relationship_slot(relationship)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "REQUEST")
    event = icalendar.Event()
    event.add(
        "uid",
        f"relationship-{relationship.pk}-first-meeting@{relationship.organization_id}.crossgen",
    )
    event.add("dtstamp", relationship.published_at.astimezone(UTC))
    event.add("dtstart", slot.start)
    event.add("dtend", slot.end)
    event.add("sequence", 0)
    event.add(
        "summary", f"{program.name}: first meeting, {mentor.full_name} and {mentee.full_name}"
    )
    description = [
        f"Your first {program.name} conversation.",
        f"{program.mentor_label}: {mentor.full_name}. {program.mentee_label}: {mentee.full_name}.",
    ]
    if not slot.inside_both:
        description.append(
            "Your working hours do not overlap, so this proposes the start of "
            f"{mentee.first_name}'s working day: agree a time that suits you both."
        )
    description.append("Move it if it does not suit you; agree the charter before you meet.")
    event.add("description", "\n".join(description))
    name, email = organizer_address(relationship)
    event.add("organizer", _address(email, name))
    for person in (mentor, mentee):
        event.add(
            "attendee",
            _address(
                person.email,
                person.full_name,
                ROLE="REQ-PARTICIPANT",
                PARTSTAT="NEEDS-ACTION",
                RSVP="TRUE",
            ),
        )
    event.add("transp", "OPAQUE")
    calendar.add_component(event)
    ics: bytes = calendar.to_ical()
    return ics.decode()


# -- The email ---------------------------------------------------------------------------


def _local(moment: datetime, hours: WorkingHours) -> str:
    local = moment.astimezone(hours.zone)
    return f"{local:%A %-d %B %Y, %H:%M} ({hours.timezone})"


def introduction_text(relationship: Relationship, side: str) -> tuple[str, str]:
    """(subject, body) of the introduction for the ``side`` ("mentor"/"mentee") of a pair."""
    program = relationship.cohort.program
    me_enrolment = relationship.mentor if side == "mentor" else relationship.mentee
    partner_enrolment = relationship.mentee if side == "mentor" else relationship.mentor
    me, partner = me_enrolment.employee, partner_enrolment.employee
    my_label = program.mentor_label if side == "mentor" else program.mentee_label
    partner_label = program.mentee_label if side == "mentor" else program.mentor_label
    mentor_name = relationship.mentor.employee.first_name
    mentee_name = relationship.mentee.employee.first_name
    why = pair_sentences(
        relationship.explanation,
        mentor=mentor_name,
        mentee=mentee_name,
        viewer="mentor" if side == "mentor" else "mentee",
    )
    slot = relationship_slot(relationship)
    minutes = program.session_minutes
    mine, theirs = WorkingHours.of(me_enrolment), WorkingHours.of(partner_enrolment)
    about = ", ".join(x for x in (partner.job_title, partner.department, partner.location) if x)
    page = settings.SITE_URL + reverse(
        "matchmaking:relationship", kwargs={"relationship_id": relationship.pk}
    )
    lines = [
        f"Hello {me.first_name},",
        "",
        f"You are matched in {program.name} ({relationship.cohort.name}) as {my_label.lower()}.",
        f"Your {partner_label.lower()} is {partner.full_name}{f' ({about})' if about else ''}, "
        f"{partner.email}.",
        "",
        "Why you were matched",
        *(f"- {sentence}" for sentence in why),
        "",
        "Your relationship charter",
        charter_text(program),
        "",
        f"Agree to it on your relationship page: {page}",
        "",
        "Your first meeting",
        f"Proposed: {_local(slot.start, mine)}, {minutes} minutes.",
        f"That is {_local(slot.start, theirs)} for {partner.first_name}.",
    ]
    if slot.inside_both:
        lines.append("It falls inside both your working hours.")
    else:
        whose = f"{mentee_name}'s" if side == "mentor" else "your"
        lines.append(
            f"Your working hours do not overlap, so this proposes the start of {whose} "
            "working day: agree a time that suits you both."
        )
    lines += [
        "The attached invitation (first-meeting.ics) adds it to your calendar.",
        "",
        "What to do next",
        f"1. {NEXT_STEPS[0][:-1]} on your relationship page: {page}",
        *(f"{n}. {step}" for n, step in enumerate(NEXT_STEPS[1:], start=2)),
        "",
        f"Questions? Reply to your program manager. — {program.name}",
    ]
    subject = f"{program.name}: meet {partner.full_name}, your {partner_label.lower()}"
    return subject, "\n".join(lines)


def introduction_send(relationship: Relationship) -> None:
    """Email both people of ``relationship`` their introduction with the .ics attached."""
    ics = first_meeting_ics(relationship)
    for side in ("mentor", "mentee"):
        enrolment = relationship.mentor if side == "mentor" else relationship.mentee
        subject, body = introduction_text(relationship, side)
        email_send(
            organization=relationship.cohort.organization,
            to=enrolment.employee.email,
            subject=subject,
            body=body,
            kind="introduction",
            attachment_name="first-meeting.ics",
            attachment=ics,
            attachment_mimetype="text/calendar; method=REQUEST",
        )


def introductions_send(*, cohort: Cohort) -> int:
    """Introduce every active pair of ``cohort`` not introduced yet; returns
    the number of pairs introduced now.

    Idempotent: a job delivered twice (Celery acknowledges late, so a worker
    lost mid-job means a redelivery), or two at once, introduces each pair
    once. The cohort's row is locked, the pairs already introduced are
    skipped, and the outbox rows and ``introduced_at`` are written in one
    transaction; the emails are delivered after it commits.
    """
    org_id = cohort.organization_id
    with transaction.atomic():
        # One introducer at a time per cohort; publishing takes the same lock.
        Cohort.objects.for_org(org_id).select_for_update().get(pk=cohort.pk)
        pending = _to_introduce(cohort)
        count = 0
        for relationship in pending:
            introduction_send(relationship)
            count += 1
        pending.update(introduced_at=timezone.now())
    return count


def _to_introduce(cohort: Cohort) -> QuerySet[Relationship]:
    return (
        Relationship.objects.for_org(cohort.organization_id)
        .filter(cohort=cohort, status=RelationshipStatus.ACTIVE, introduced_at__isnull=True)
        .select_related(
            "cohort__program",
            "cohort__organization",
            "cohort__published_by",
            "mentor__employee",
            "mentee__employee",
        )
        .order_by("pk")
    )
