"""Program templates, as data: what a new program starts with.

A template holds the defaults a program manager would otherwise have to
know: role names, the goals it serves, a suggested meeting cadence, a charter
that protects candour, who is eligible on each side, and the engine's rules
and weights. Everything is editable afterwards on the program's settings page.

Two templates exist:

- **Reverse mentoring**: the junior side teaches digital skills and culture,
  the senior side learns and shares institutional knowledge back.
- **Reciprocal mentoring**: both sides teach; the engine values what flows
  back to the junior side as much as what flows forward.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from crossgen.matching.problem import Objective, Rules, Weights
from crossgen.programs.eligibility import Eligibility, RoleRule
from crossgen.programs.models import ProgramGoal, ProgramKind
from crossgen.programs.program_settings import COHORT_MONTHS, ENROLMENT_WEEKS

# One line per paragraph: pages wrap it, and an edited charter keeps its shape.
_CHARTER = "\n".join(
    (
        "Our {program_kind} charter",
        "",
        "1. Confidentiality. What we talk about stays between the two of us unless we both "
        "agree to share it. Notes we keep are our own.",
        "2. Candour without consequences. The {mentor_label} gives honest feedback upward. "
        "Nothing said in this relationship affects anyone's performance review, promotion or "
        "standing, and the {mentee_label} does not pass it on to the {mentor_label}'s line "
        "manager.",
        "3. Cadence. We meet every {cadence_days} days for about {session_minutes} minutes, "
        "for the {cohort_months} months of the cohort. If one of us must cancel, we "
        "reschedule within the week.",
        "4. Topics. {topics}",
        "5. Either of us can end the relationship at any time, without giving a reason, by "
        "telling the program manager. No fault, no follow-up.",
    )
)

_REVERSE_TOPICS = (
    "The {mentor_label} brings the digital skills and ways of working the "
    "{mentee_label} wants to learn (AI tools, social media, data, new ways of "
    "working, how younger colleagues and customers think); the {mentee_label} "
    "shares experience, strategy and how the organisation really works."
)
_RECIPROCAL_TOPICS = (
    "Each of us teaches and each of us learns: digital skills, tools and "
    "culture in one direction, experience, strategy and institutional "
    "knowledge in the other. We agree our goals for both sides at the first "
    "meeting."
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgramTemplate:
    key: str
    kind: ProgramKind
    title: str
    summary: str
    mentor_label: str
    mentee_label: str
    goals: tuple[ProgramGoal, ...]
    meeting_cadence_days: int = 14
    session_minutes: int = 45
    default_mentor_capacity: int = 1
    cohort_months: int = COHORT_MONTHS
    enrolment_weeks: int = ENROLMENT_WEEKS  # the enrolment window closes the day before the start
    rules: Rules
    weights: Weights
    objective: Objective = Objective.MAX_PARTICIPATION
    topics: str

    def charter(self) -> str:
        """The default charter, worded with this template's role names and cadence."""
        words = {"mentor_label": self.mentor_label, "mentee_label": self.mentee_label}
        return _CHARTER.format(
            program_kind=self.title.lower(),
            cadence_days=self.meeting_cadence_days,
            session_minutes=self.session_minutes,
            cohort_months=self.cohort_months,
            topics=self.topics.format(**words),
            **words,
        )

    def eligibility(self, stage_count: int) -> Eligibility:
        """The junior half of the ladder as mentors, the senior half as mentees.

        With an odd number of stages the middle one goes to the senior side.

        Examples
        --------
        >>> rules = REVERSE.eligibility(6).rules
        >>> (rules["mentor"].min_stage, rules["mentor"].max_stage)
        (1, 3)
        >>> (rules["mentee"].min_stage, rules["mentee"].max_stage)
        (4, 6)
        """
        junior_top = stage_count // 2
        return Eligibility(
            {
                "mentor": RoleRule(min_stage=1, max_stage=junior_top),
                "mentee": RoleRule(min_stage=junior_top + 1, max_stage=stage_count),
            }
        )


_ALL_GOALS = (
    ProgramGoal.DIGITAL_SKILLS,
    ProgramGoal.DIVERSITY_INCLUSION,
    ProgramGoal.INNOVATION,
    ProgramGoal.RELATIONSHIPS,
)

REVERSE = ProgramTemplate(
    key=ProgramKind.REVERSE.value,
    kind=ProgramKind.REVERSE,
    title="Reverse mentoring",
    summary=(
        "Junior colleagues teach senior ones digital skills and culture; seniors share "
        "experience back. Mentors come from the junior half of your career ladder, "
        "mentees from the senior half, never within one reporting chain."
    ),
    mentor_label="Reverse mentor",
    mentee_label="Senior mentee",
    goals=_ALL_GOALS,
    rules=Rules(),
    weights=Weights(),
    topics=_REVERSE_TOPICS,
)

RECIPROCAL = ProgramTemplate(
    key=ProgramKind.RECIPROCAL.value,
    kind=ProgramKind.RECIPROCAL,
    title="Reciprocal mentoring",
    summary=(
        "Both sides teach and both learn. Matching values what the senior side can "
        "teach the junior side as much as the other way round."
    ),
    mentor_label="Junior co-mentor",
    mentee_label="Senior co-mentor",
    goals=_ALL_GOALS,
    rules=Rules(),
    weights=Weights(forward=1.0, reciprocal=1.0),
    topics=_RECIPROCAL_TOPICS,
)

TEMPLATES: MappingProxyType[str, ProgramTemplate] = MappingProxyType(
    {template.key: template for template in (REVERSE, RECIPROCAL)}
)
