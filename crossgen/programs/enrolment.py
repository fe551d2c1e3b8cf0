"""Enrolment: a person's sign-up to a cohort with their questionnaire.

Rules, each with its own message:

- before the window opens, nobody can enrol yet;
- after it closes (or once matching started), a new sign-up goes to the
  waitlist instead of being refused;
- enrolling a second time edits the existing enrolment, until the window
  closes; after that, edits are refused;
- a person can only take a role the program's eligibility rules allow them.

Every answer is checked at once and :class:`EnrolmentError` names each field
with its problem.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cache
from zoneinfo import available_timezones

import nh3
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from crossgen.accounts.models import User
from crossgen.audit.services import audit_record
from crossgen.people.models import Employee
from crossgen.programs.eligibility import ROLES, Eligibility
from crossgen.programs.invitations import (
    InvitationError,
    format_date,
    invitation_check,
    invitation_is_for,
    organization_today,
    role_label,
)
from crossgen.programs.models import (
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    Invitation,
    MeetingPreference,
    Program,
)
from crossgen.programs.skill_picker import MAX_TOPICS, OrgSkills, split_topics
from crossgen.skills.models import MAX_LEVEL, Direction, EmployeeSkill, Skill
from crossgen.tenancy.models import Membership, Organization, Role

BIO_MAX = 1000
OTHER_TOPICS_MAX = 500
MAX_SKILLS = 10  # per direction: enough to match on, few enough to mean something
MAPPED_TOPIC_INTEREST = 2
CONSENT_STATEMENTS: dict[str, str] = {
    "matching": "The program team may use my answers and my roster details (career stage, "
    "department, location, manager) to find me a partner.",
    "sharing": "My partner will see my name, job title, bio and the skills I chose.",
    "confidentiality": "I will keep what my partner tells me in our conversations confidential.",
}
NON_FIELD = "__all__"


class EnrolmentError(ValueError):
    """Every problem found, by field (``__all__`` for the enrolment as a whole)."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


@dataclass(frozen=True, slots=True, kw_only=True)
class EnrolmentAnswers:
    role: str = ""
    teaches: Mapping[str, int] = field(default_factory=dict)  # skill slug -> proficiency 1-4
    learns: Mapping[str, int] = field(default_factory=dict)  # skill slug -> interest 1-3
    topics: str = ""  # free text: "ChatGPT, TikTok for brands"; mapped to skills where it can be
    timezone: str = ""
    work_start_hour: int = 9
    work_end_hour: int = 17
    meeting_preference: str = MeetingPreference.EITHER
    capacity: int = 1
    bio: str = ""
    consents: frozenset[str] = frozenset()


class Window(StrEnum):
    BEFORE = "before"
    OPEN = "open"
    LATE = "late"  # closed, or matching already started: new sign-ups wait


def enrolment_window(cohort: Cohort, *, now: datetime | None = None) -> Window:
    today = organization_today(cohort.organization, now=now)
    if today < cohort.enrolment_opens:
        return Window.BEFORE
    if today > cohort.enrolment_closes or cohort.status in (
        CohortStatus.MATCHING,
        CohortStatus.PUBLISHED,
    ):
        return Window.LATE
    return Window.OPEN


def before_window_message(cohort: Cohort) -> str:
    return (
        f"Enrolment for {cohort.name} opens on {format_date(cohort.enrolment_opens)}. "
        "Come back then: your link keeps working."
    )


def edits_closed_message(cohort: Cohort) -> str:
    return (
        f"Enrolment for {cohort.name} closed on {format_date(cohort.enrolment_closes)}, so your "
        "answers can no longer be changed. If something important changed, tell your program "
        "manager."
    )


def waitlist_message(cohort: Cohort) -> str:
    return (
        f"Enrolment for {cohort.name} closed on {format_date(cohort.enrolment_closes)}, so you "
        "are on the waitlist. The program team will be in touch if a place opens."
    )


# --- Who may take which role -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoleChoice:
    roles: tuple[str, ...]  # the roles this person may take
    reasons: dict[str, list[str]]  # role -> reasons against

    def explain(self, program: Program) -> str:
        parts = [
            f"as {role_label(program, role)}, your {'; your '.join(found)}"
            for role, found in self.reasons.items()
            if found
        ]
        return "You are not eligible for this program: " + "; ".join(parts) + "."


def eligible_roles(
    program: Program, employee: Employee, *, now: datetime | None = None
) -> RoleChoice:
    eligibility = Eligibility.from_json(program.eligibility)
    today = organization_today(employee.organization, now=now)
    reasons = {role: eligibility.reasons_against(employee, role, today=today) for role in ROLES}
    return RoleChoice(tuple(role for role in ROLES if not reasons[role]), reasons)


# --- Checking the answers ---------------------------------------------------------------


@cache
def time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_bio(text: str) -> str:
    """Plain text: markup removed (script and style with their content), control
    characters dropped, at most one blank line in a row."""
    stripped = html.unescape(nh3.clean(text, tags=set(), attributes={}))
    stripped = unicodedata.normalize("NFC", stripped.replace("\r\n", "\n").replace("\r", "\n"))
    stripped = _CONTROL.sub("", stripped)
    return _BLANK_LINES.sub("\n\n", stripped).strip()


@dataclass(frozen=True, slots=True)
class CleanAnswers:
    role: str
    teaches: dict[str, int]
    learns: dict[str, int]
    other_topics: str
    timezone: str
    work_start_hour: int
    work_end_hour: int
    meeting_preference: str
    capacity: int
    bio: str


def _check_levels(
    chosen: Mapping[str, int], direction: Direction, skills: OrgSkills, problems: dict[str, str]
) -> dict[str, int]:
    name = "teaches" if direction == Direction.TEACH else "learns"
    top = MAX_LEVEL[direction]
    what = "proficiency" if direction == Direction.TEACH else "interest"
    unknown = sorted(slug for slug in chosen if slug not in skills)
    bad_levels = sorted(
        (skills.get(slug).name if slug in skills else slug)  # type: ignore[union-attr]
        for slug, level in chosen.items()
        if not (isinstance(level, int) and 1 <= level <= top)
    )
    if unknown:
        problems[name] = (
            ngettext("Unknown skill: %(list)s.", "Unknown skills: %(list)s.", len(unknown))
            % {"list": ", ".join(unknown)}
            + " Pick skills from the list."
        )
    elif bad_levels:
        problems[name] = f"Choose a {what} from 1 to {top} for {', '.join(bad_levels)}."
    elif len(chosen) > MAX_SKILLS:
        problems[name] = f"Choose at most {MAX_SKILLS} skills."
    return {slug: level for slug, level in chosen.items() if slug in skills}


def answers_check(
    *,
    program: Program,
    employee: Employee,
    answers: EnrolmentAnswers,
    skills: OrgSkills,
    problems: dict[str, str] | None = None,
    now: datetime | None = None,
) -> CleanAnswers:
    """Check every answer; raise :class:`EnrolmentError` with all problems."""
    problems = dict(problems or {})
    choice = eligible_roles(program, employee, now=now)
    role = answers.role or (choice.roles[0] if len(choice.roles) == 1 else "")
    if not choice.roles:
        problems["role"] = choice.explain(program)
    elif role not in ROLES:
        problems["role"] = "Choose the side you want to join on."
    elif role not in choice.roles:
        problems["role"] = (
            f"You can join as {role_label(program, choice.roles[0])} only: your "
            f"{'; your '.join(choice.reasons[role])} for {role_label(program, role)}."
        )

    teaches = _check_levels(answers.teaches, Direction.TEACH, skills, problems)
    learns = _check_levels(answers.learns, Direction.LEARN, skills, problems)
    topics = split_topics(answers.topics)
    unmapped: list[str] = []
    if len(topics) > MAX_TOPICS:
        problems["topics"] = f"List at most {MAX_TOPICS} topics."
    for topic in topics[:MAX_TOPICS]:
        skill = skills.resolve(topic)
        if skill is None:
            unmapped.append(topic)
        elif skill.slug not in learns:
            learns[skill.slug] = MAPPED_TOPIC_INTEREST
    other_topics = ", ".join(unmapped)
    if len(other_topics) > OTHER_TOPICS_MAX:
        problems["topics"] = (
            f"Topics we could not match to a skill come to {len(other_topics)} characters; "
            f"keep them under {OTHER_TOPICS_MAX}."
        )
    if "learns" not in problems and len(learns) > MAX_SKILLS:
        problems["learns"] = (
            f"Choose at most {MAX_SKILLS} skills to learn (topics you typed count too)."
        )
    if role == "mentor" and not teaches and "teaches" not in problems:
        problems["teaches"] = "Choose at least one skill you can teach."
    if role == "mentee" and not learns and not other_topics and "learns" not in problems:
        problems["learns"] = "Choose at least one topic you want to learn."

    if answers.timezone not in time_zones():
        problems["timezone"] = (
            "Choose your time zone from the list (a name such as Europe/London)."
            if answers.timezone
            else "Choose your time zone."
        )
    start, end = answers.work_start_hour, answers.work_end_hour
    if not (0 <= start <= 23 and 1 <= end <= 24):
        problems["work_hours"] = "Working hours run from 00:00 to 24:00."
    elif end <= start:
        problems["work_hours"] = "Your working day must end after it starts."
    if answers.meeting_preference not in MeetingPreference.values:
        problems["meeting_preference"] = "Choose video, in person, or either."
    capacity = answers.capacity if role == "mentor" else 1
    if not 1 <= capacity <= 3:
        problems["capacity"] = "A mentor can take 1, 2 or 3 mentees."
    bio = clean_bio(answers.bio)
    if len(bio) > BIO_MAX:
        problems["bio"] = f"Keep your bio under {BIO_MAX} characters (it has {len(bio)})."
    missing = set(CONSENT_STATEMENTS) - set(answers.consents)
    if missing:
        problems["consent"] = "Tick every consent statement to enrol."
    if problems:
        raise EnrolmentError(problems)
    return CleanAnswers(
        role=role,
        teaches=teaches,
        learns=learns,
        other_topics=other_topics,
        timezone=answers.timezone,
        work_start_hour=start,
        work_end_hour=end,
        meeting_preference=answers.meeting_preference,
        capacity=capacity,
        bio=bio,
    )


# --- Accounts and the person's profile -------------------------------------------------


def account_for(employee: Employee) -> User | None:
    """The Crossgen user with the employee's work email, if there is one."""
    return User.objects.filter(email__iexact=employee.email.strip()).first()


def _password_problem(password: str | None, employee: Employee) -> str:
    if not password:
        return "Choose a password for your new Crossgen account."
    candidate = User(
        email=employee.email.strip().lower(),
        first_name=employee.first_name,
        last_name=employee.last_name,
    )
    try:
        validate_password(password, user=candidate)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def _ensure_membership(organization: Organization, user: User, employee: Employee) -> None:
    """A participant membership linked to the employee; staff keep their role."""
    membership = Membership.objects.for_org(organization).filter(user=user).first()
    if membership is None:
        Membership.objects.create(
            organization=organization, user=user, role=Role.PARTICIPANT, employee=employee
        )
        audit_record(
            organization=organization,
            actor=user,
            action="membership.granted",
            target=user.email,
            details={"role": str(Role.PARTICIPANT), "via": "enrolment"},
        )
    elif membership.employee_id is None:
        membership.employee = employee
        membership.save(update_fields=["employee"])


def _record_profile_skills(
    organization: Organization, employee: Employee, clean: CleanAnswers
) -> None:
    """Add or update the chosen skills on the person's profile (skills they
    dropped from the questionnaire stay on the profile)."""
    slugs = set(clean.teaches) | set(clean.learns)
    skill_pk = dict(
        Skill.objects.for_org(organization).filter(slug__in=slugs).values_list("slug", "pk")
    )
    entries = EmployeeSkill.objects.for_org(organization)
    existing = {(row.skill_id, row.direction): row for row in entries.filter(employee=employee)}
    create: list[EmployeeSkill] = []
    update: list[EmployeeSkill] = []
    for direction, chosen in ((Direction.TEACH, clean.teaches), (Direction.LEARN, clean.learns)):
        for slug, level in chosen.items():
            row = existing.get((skill_pk[slug], str(direction)))
            if row is None:
                create.append(
                    EmployeeSkill(
                        organization=organization,
                        employee=employee,
                        skill_id=skill_pk[slug],
                        direction=direction,
                        level=level,
                    )
                )
            elif row.level != level:
                row.level = level
                update.append(row)
    entries.bulk_create(create)
    if update:
        entries.bulk_update(update, ["level"])


def _apply(enrolment: Enrolment, clean: CleanAnswers) -> None:
    enrolment.role = clean.role
    enrolment.teaches = clean.teaches
    enrolment.learns = clean.learns
    enrolment.other_topics = clean.other_topics
    enrolment.timezone = clean.timezone
    enrolment.work_start_hour = clean.work_start_hour
    enrolment.work_end_hour = clean.work_end_hour
    enrolment.meeting_preference = clean.meeting_preference
    enrolment.capacity = clean.capacity
    enrolment.bio = clean.bio


def _is_participant(user: User, enrolment: Enrolment) -> bool:
    return (
        Membership.objects.for_org(enrolment.organization_id)
        .filter(user=user, employee_id=enrolment.employee_id)
        .exists()
    )


# --- Services ----------------------------------------------------------------------------


@transaction.atomic
def enrolment_submit(
    *,
    invitation: Invitation,
    answers: EnrolmentAnswers,
    password: str | None,
    signed_in_as: User | None = None,
    now: datetime | None = None,
) -> Enrolment:
    """Enrol the invited person (or edit their enrolment if they have one).

    A person without a Crossgen account gets one for their work email with
    ``password``; a person with an account must be signed in as it
    (``signed_in_as``). After the window closes, a new sign-up is waitlisted.
    """
    now = now or timezone.now()
    invitation = (
        Invitation.unscoped.select_for_update(of=("self",))
        .select_related("organization", "cohort", "cohort__program", "employee__career_stage")
        .get(pk=invitation.pk)
    )
    organization = invitation.organization
    cohort = invitation.cohort
    employee = invitation.employee
    signed_in = signed_in_as if signed_in_as is not None and signed_in_as.is_authenticated else None
    owner = signed_in is not None and invitation_is_for(invitation, signed_in)
    if signed_in is not None and not owner:
        raise EnrolmentError(
            {NON_FIELD: "This invitation is for someone else. Sign out, then open the link again."}
        )
    invitation_check(invitation, now=now, owner_signed_in=owner)
    window = enrolment_window(cohort, now=now)
    if window is Window.BEFORE:
        raise EnrolmentError({NON_FIELD: before_window_message(cohort)})
    existing = (
        Enrolment.objects.for_org(organization).filter(cohort=cohort, employee=employee).first()
    )
    active = existing is not None and existing.status != EnrolmentStatus.WITHDRAWN
    if invitation.used_at is not None and not active:
        raise InvitationError(
            "This link was already used. To join again, ask your program manager for a new "
            "invitation.",
            code="used",
            invitation=invitation,
        )
    if active and window is Window.LATE:
        raise EnrolmentError({NON_FIELD: edits_closed_message(cohort)})

    account = signed_in
    problems: dict[str, str] = {}
    if account is None:
        account = account_for(employee)
        if account is not None:
            raise EnrolmentError(
                {
                    NON_FIELD: f"You already have a Crossgen account ({account.email}). Sign in, "
                    "then open your invitation link again."
                }
            )
        if problem := _password_problem(password, employee):
            problems["password"] = problem
    clean = answers_check(
        program=cohort.program,
        employee=employee,
        answers=answers,
        skills=OrgSkills.of(organization),
        problems=problems,
        now=now,
    )
    if account is None:
        assert password is not None  # checked above
        account = User.objects.create_user(
            employee.email.strip().lower(),
            password,
            first_name=employee.first_name,
            last_name=employee.last_name,
        )
    _ensure_membership(organization, account, employee)

    status = EnrolmentStatus.WAITLISTED if window is Window.LATE else EnrolmentStatus.ENROLLED
    if existing is None:
        enrolment = Enrolment(organization=organization, cohort=cohort, employee=employee)
    else:
        enrolment = existing
    if not active:
        enrolment.status = status
        enrolment.invitation = invitation
        enrolment.consented_at = now
    _apply(enrolment, clean)
    enrolment.save()
    cohort.advance_status(CohortStatus.ENROLLING)  # a draft cohort someone joined is enrolling
    _record_profile_skills(organization, employee, clean)
    if invitation.used_at is None:
        invitation.used_at = now
        invitation.save(update_fields=["used_at"])
    audit_record(
        organization=organization,
        actor=account,
        action="enrolment.updated" if active else "enrolment.submitted",
        target=f"Enrolment {enrolment.pk}",
        scope=f"program:{cohort.program_id}",
        details={"role": enrolment.role, "status": enrolment.status},
    )
    return enrolment


@transaction.atomic
def enrolment_update(
    *, enrolment: Enrolment, answers: EnrolmentAnswers, actor: User, now: datetime | None = None
) -> Enrolment:
    """The participant changes their answers, until the window closes."""
    enrolment = (
        Enrolment.objects.for_org(enrolment.organization_id)
        .select_for_update(of=("self",))
        .select_related("organization", "cohort", "cohort__program", "employee__career_stage")
        .get(pk=enrolment.pk)
    )
    cohort = enrolment.cohort
    if not _is_participant(actor, enrolment):
        raise EnrolmentError({NON_FIELD: "Only the participant can change their enrolment."})
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        raise EnrolmentError(
            {
                NON_FIELD: "You withdrew from this cohort. To join again, ask your program "
                "manager for a new invitation."
            }
        )
    if enrolment_window(cohort, now=now) is Window.LATE:
        raise EnrolmentError({NON_FIELD: edits_closed_message(cohort)})
    clean = answers_check(
        program=cohort.program,
        employee=enrolment.employee,
        answers=answers,
        skills=OrgSkills.of(enrolment.organization),
        now=now,
    )
    _apply(enrolment, clean)
    enrolment.save()
    _record_profile_skills(enrolment.organization, enrolment.employee, clean)
    audit_record(
        organization=enrolment.organization,
        actor=actor,
        action="enrolment.updated",
        target=f"Enrolment {enrolment.pk}",
        scope=f"program:{cohort.program_id}",
        details={"role": enrolment.role, "status": enrolment.status},
    )
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, actor: User) -> Enrolment:
    """The participant (or staff, for them) leaves the cohort before pairs are published."""
    enrolment = (
        Enrolment.objects.for_org(enrolment.organization_id)
        .select_for_update(of=("self",))
        .select_related("organization", "cohort")
        .get(pk=enrolment.pk)
    )
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        return enrolment
    is_staff = (
        Membership.objects.for_org(enrolment.organization_id)
        .filter(user=actor, role__in=Membership.STAFF_ROLES)
        .exists()
    )
    if not (is_staff or _is_participant(actor, enrolment)):
        raise EnrolmentError({NON_FIELD: "Only the participant or the program team can withdraw."})
    cohort = enrolment.cohort
    if cohort.status in (CohortStatus.PUBLISHED, CohortStatus.CLOSED):
        raise EnrolmentError(
            {
                NON_FIELD: f"Pairs for {cohort.name} are already published. To leave, talk to "
                "your program manager: they can close your pair without blame."
            }
        )
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save(update_fields=["status", "updated_at"])
    audit_record(
        organization=enrolment.organization,
        actor=actor,
        action="enrolment.withdrawn",
        target=f"Enrolment {enrolment.pk}",
        scope=f"program:{cohort.program_id}",
    )
    return enrolment


def enrolment_defaults(
    *, invitation: Invitation, existing: Enrolment | None, roles: tuple[str, ...]
) -> EnrolmentAnswers:
    """What the questionnaire shows first: the existing answers, or the person's
    profile (roster time zone, the skills already on their profile)."""
    if existing is not None and existing.status != EnrolmentStatus.WITHDRAWN:
        return answers_from(existing)
    employee = invitation.employee
    rows = sorted(employee.skill_entries.select_related("skill"), key=lambda r: -r.level)
    teaches = {r.skill.slug: r.level for r in rows if r.direction == Direction.TEACH}
    learns = {r.skill.slug: r.level for r in rows if r.direction == Direction.LEARN}
    return EnrolmentAnswers(
        role=roles[0] if len(roles) == 1 else "",
        teaches=dict(list(teaches.items())[:MAX_SKILLS]),
        learns=dict(list(learns.items())[:MAX_SKILLS]),
        timezone=employee.timezone if employee.timezone in time_zones() else "",
        capacity=invitation.cohort.program.default_mentor_capacity,
    )


def answers_from(enrolment: Enrolment) -> EnrolmentAnswers:
    return EnrolmentAnswers(
        role=enrolment.role,
        teaches=dict(enrolment.teaches),
        learns=dict(enrolment.learns),
        topics=enrolment.other_topics,
        timezone=enrolment.timezone,
        work_start_hour=enrolment.work_start_hour,
        work_end_hour=enrolment.work_end_hour,
        meeting_preference=enrolment.meeting_preference,
        capacity=enrolment.capacity,
        bio=enrolment.bio,
        consents=frozenset(CONSENT_STATEMENTS),
    )
