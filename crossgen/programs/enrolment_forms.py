"""Forms of the invitation and enrolment pages. They only parse: the rules
live in crossgen.programs.enrolment and crossgen.programs.invitations."""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from crossgen.people.models import CareerStage
from crossgen.people.selectors import DirectoryFilters
from crossgen.programs.enrolment import (
    BIO_MAX,
    CONSENT_STATEMENTS,
    EnrolmentAnswers,
    time_zones,
)
from crossgen.programs.invitations import role_label
from crossgen.programs.models import MeetingPreference, Program
from crossgen.programs.skill_picker import OrgSkills, SkillOption
from crossgen.skills.models import LEVEL_LABELS, MAX_LEVEL, Direction
from crossgen.tenancy.models import Organization
from crossgen.web.params import small_int_param

DIRECTIONS = {"teach": Direction.TEACH, "learn": Direction.LEARN}


def _choices(form: forms.Form, name: str, choices: list[tuple[Any, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _hour(h: int) -> str:
    return f"{h:02d}:00"


class InviteFilterForm(forms.Form):
    """The roster filter of the directory, plus the side to invite people for."""

    q = forms.CharField(required=False, max_length=100, label="Search")
    department = forms.ChoiceField(required=False)
    location = forms.ChoiceField(required=False)
    stage = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Career stage"
    )
    role = forms.ChoiceField(required=False, label="Invite as")

    def __init__(
        self,
        data: QueryDict | None,
        *,
        organization: Organization,
        program: Program,
        choices: dict[str, list[str]],
    ) -> None:
        super().__init__(data, label_suffix="")
        # dict.fromkeys: the directory's choice lists may repeat a value.
        departments = dict.fromkeys(choices["departments"])
        locations = dict.fromkeys(choices["locations"])
        _choices(self, "department", [("", "All"), *((d, d) for d in departments)])
        _choices(self, "location", [("", "All"), *((loc, loc) for loc in locations)])
        stages = CareerStage.objects.for_org(organization).order_by("rank")
        _choices(self, "stage", [("", "All"), *((s.pk, s.name) for s in stages)])
        _choices(
            self,
            "role",
            [
                ("", "Whichever side they are eligible for"),
                ("mentor", role_label(program, "mentor")),
                ("mentee", role_label(program, "mentee")),
            ],
        )

    def filters(self) -> DirectoryFilters:
        data = self.cleaned_data
        return DirectoryFilters(
            query=data["q"].strip(),
            department=data["department"],
            location=data["location"],
            career_stage_id=data["stage"],
        )

    def role_hint(self) -> str | None:
        return self.cleaned_data["role"] or None


class EnrolmentForm(forms.Form):
    """The questionnaire. Fields are lenient: the enrolment service checks every
    answer at once and names each problem."""

    role = forms.ChoiceField(required=False, widget=forms.RadioSelect, label="I join as")
    topics = forms.CharField(
        required=False,
        max_length=1000,
        label="Anything else you want to learn?",
        help_text="Separate topics with commas. We match them to skills where we can "
        '("ChatGPT" becomes Generative AI) and keep the rest for your program manager.',
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    timezone = forms.ChoiceField(required=False, label="Time zone")
    work_start_hour = forms.TypedChoiceField(
        coerce=int, choices=[(h, _hour(h)) for h in range(24)], initial=9, label="From"
    )
    work_end_hour = forms.TypedChoiceField(
        coerce=int, choices=[(h, _hour(h)) for h in range(1, 25)], initial=17, label="To"
    )
    meeting_preference = forms.ChoiceField(
        choices=MeetingPreference.choices,
        initial=MeetingPreference.EITHER,
        widget=forms.RadioSelect,
        label="How would you like to meet?",
    )
    capacity = forms.TypedChoiceField(
        coerce=int,
        choices=[(1, "1 mentee"), (2, "2 mentees"), (3, "3 mentees")],
        initial=1,
        label="How many mentees can you take?",
    )
    bio = forms.CharField(
        required=False,
        max_length=4 * BIO_MAX,
        label="A short bio",
        help_text=f"Plain text, up to {BIO_MAX} characters: what you do, what you enjoy, "
        "what you hope to get from the program.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consents = forms.MultipleChoiceField(
        required=False,
        choices=list(CONSENT_STATEMENTS.items()),
        widget=forms.CheckboxSelectMultiple,
        label="Consent",
    )
    password1 = forms.CharField(
        required=False,
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="You will sign in with your work email and this password to see your match.",
    )
    password2 = forms.CharField(
        required=False,
        label="Repeat the password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        program: Program,
        roles: tuple[str, ...],
        needs_password: bool,
        initial: EnrolmentAnswers | None = None,
    ) -> None:
        start = initial or EnrolmentAnswers()
        super().__init__(
            data,
            label_suffix="",
            initial={
                "role": start.role,
                "topics": start.topics,
                "timezone": start.timezone,
                "work_start_hour": start.work_start_hour,
                "work_end_hour": start.work_end_hour,
                "meeting_preference": start.meeting_preference,
                "capacity": start.capacity,
                "bio": start.bio,
                "consents": sorted(start.consents),
            },
        )
        self.start = start
        self.roles = roles
        _choices(self, "role", [(r, role_label(program, r)) for r in roles])
        _choices(
            self,
            "timezone",
            [
                ("", "Choose your time zone"),
                *((z, z.replace("_", " ")) for z in sorted(time_zones())),
            ],
        )
        self.fields["bio"].widget.attrs["maxlength"] = str(BIO_MAX)
        if not needs_password:
            del self.fields["password1"]
            del self.fields["password2"]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        if (
            data is not None
            and "password1" in self.fields
            and data.get("password1")
            and data.get("password1") != data.get("password2")
        ):
            self.add_error("password2", "The two passwords differ: type the same one twice.")
        return data

    def chosen(self, direction: str) -> dict[str, int]:
        """Skill slug -> level, from the picker's rows (an empty level drops the row;
        a level that is not a number becomes 0, which the service reports)."""
        if self.data is None or not self.is_bound:
            start = self.start.teaches if direction == "teach" else self.start.learns
            return dict(start)
        data = cast(QueryDict, self.data)
        slugs = data.getlist(f"{direction}_skill")
        levels = data.getlist(f"{direction}_level")
        picked: dict[str, int] = {}
        for slug, level in zip(slugs, levels, strict=False):
            slug, level = slug.strip()[:80], level.strip()
            if not slug or not level:
                continue
            picked[slug] = small_int_param(level, maximum=99) or 0
        return picked

    def answers(self) -> EnrolmentAnswers:
        data = self.cleaned_data
        return EnrolmentAnswers(
            role=data["role"] or (self.roles[0] if len(self.roles) == 1 else ""),
            teaches=self.chosen("teach"),
            learns=self.chosen("learn"),
            topics=data["topics"],
            timezone=data["timezone"],
            work_start_hour=data["work_start_hour"],
            work_end_hour=data["work_end_hour"],
            meeting_preference=data["meeting_preference"],
            capacity=data["capacity"],
            bio=data["bio"],
            consents=frozenset(data["consents"]),
        )

    def password(self) -> str | None:
        return self.cleaned_data.get("password1") or None


@cache
def _zone_options() -> tuple[tuple[str, str], ...]:
    return tuple(
        (zone, str(format_html('<option value="{}">{}</option>', zone, zone.replace("_", " "))))
        for zone in sorted(time_zones())
    )


def timezone_options(selected: str) -> SafeString:
    """The time-zone <option>s, pre-rendered: Django's widget templates take a
    noticeable time to render six hundred options one by one."""
    parts: list[str] = [format_html('<option value="">{}</option>', "Choose your time zone")]
    for zone, option in _zone_options():
        parts.append(option.replace(">", " selected>", 1) if zone == selected else option)
    return mark_safe("".join(parts))  # every part was escaped by format_html


def skill_options(skills: OrgSkills) -> SafeString:
    """Every skill as <option>s grouped by category, for the no-JavaScript picker."""
    groups: dict[str, list[SkillOption]] = {}
    for skill in skills.all():
        groups.setdefault(skill.category, []).append(skill)
    return format_html_join(
        "",
        '<optgroup label="{}">{}</optgroup>',
        (
            (
                category,
                format_html_join(
                    "", '<option value="{}">{}</option>', ((s.slug, s.name) for s in members)
                ),
            )
            for category, members in groups.items()
        ),
    )


def picked_rows(form: EnrolmentForm, skills: OrgSkills) -> dict[str, list[tuple[str, str, int]]]:
    """For the template: per direction, the chosen skills as (slug, name, level)."""
    return {
        name: [
            (slug, skill.name if (skill := skills.get(slug)) else slug, level)
            for slug, level in form.chosen(name).items()
        ]
        for name in DIRECTIONS
    }


def level_choices(direction: str) -> list[tuple[int, str]]:
    levels = LEVEL_LABELS[DIRECTIONS[direction]]
    return [(v, f"{v} · {levels[v]}") for v in range(1, MAX_LEVEL[DIRECTIONS[direction]] + 1)]
