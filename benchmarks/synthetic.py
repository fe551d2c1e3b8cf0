"""Seeded generator of realistic synthetic reverse-mentoring programs.

Juniors (career stages 0-2) are the mentors and teach digital skills; seniors
(stages 3-5) are the mentees, want those skills and teach institutional ones
back. People sit in departments and offices around the world (so time zones
matter), under a manager tree in which seniors manage juniors of their own
department; a few people keep do-not-pair lists and some have had a partner
before. Skill popularity is skewed (a few skills everybody wants), which is
what makes capacity contested in real programs.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from crossgen.matching.problem import Objective, Person, Problem, Role, Rules, Weights

DIGITAL_SKILLS = (
    "ai-tools", "prompt-writing", "social-media", "short-video", "data-visualisation",
    "advanced-spreadsheets", "python-basics", "no-code-automation", "cloud-collaboration",
    "cyber-hygiene", "video-editing", "podcasting", "gen-z-culture", "inclusive-language",
    "remote-work-tools", "ux-basics", "mobile-apps", "online-communities", "personal-branding",
    "esg-data",
)  # fmt: skip
SENIOR_SKILLS = (
    "strategy", "negotiation", "leadership", "finance-basics", "stakeholder-management",
    "career-navigation", "public-speaking", "industry-knowledge", "decision-making",
    "networking", "board-communication", "change-management",
)  # fmt: skip
DEPARTMENTS = (
    "IT", "Sales", "Marketing", "Finance", "HR", "Operations", "Legal", "R&D",
    "Customer Success", "Product", "Supply Chain", "Communications",
)  # fmt: skip
OFFICES = (
    ("Paris", "Europe/Paris"), ("London", "Europe/London"), ("Berlin", "Europe/Berlin"),
    ("New York", "America/New_York"), ("San Francisco", "America/Los_Angeles"),
    ("Sao Paulo", "America/Sao_Paulo"), ("Pune", "Asia/Kolkata"), ("Singapore", "Asia/Singapore"),
    ("Tokyo", "Asia/Tokyo"), ("Sydney", "Australia/Sydney"),
)  # fmt: skip
OFFICE_SHARE = np.array([0.16, 0.14, 0.08, 0.16, 0.08, 0.05, 0.14, 0.08, 0.06, 0.05])
HOURS = ((9.0, 17.0), (8.0, 16.0), (10.0, 18.0), (9.0, 18.0))
HOURS_SHARE = np.array([0.6, 0.15, 0.15, 0.1])


def _zipf(count: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, count + 1) ** exponent
    return weights / weights.sum()


def _top_k(rng: np.random.Generator, popularity: np.ndarray, n: int) -> np.ndarray:
    """Per row, skills in a random order that favours popular ones (Gumbel top-k)."""
    keys = np.log(popularity)[None, :] + rng.gumbel(size=(n, popularity.size))
    return np.argsort(-keys, axis=1)


def synthetic_problem(
    n_mentors: int,
    n_mentees: int,
    *,
    seed: int = 0,
    capacity: int | None = 2,
    all_rules: bool = True,
    objective: Objective = Objective.MAX_TOTAL,
) -> Problem:
    """A program with ``n_mentors`` juniors and ``n_mentees`` seniors.

    ``capacity=None`` draws each mentor's capacity from 1-3; ``all_rules``
    switches on every optional hard rule (same manager, same department).
    """
    rng = np.random.default_rng(seed)
    people: list[Person] = []
    office = rng.choice(len(OFFICES), size=n_mentors + n_mentees, p=OFFICE_SHARE)
    department = rng.integers(0, len(DEPARTMENTS), size=n_mentors + n_mentees)
    hours = rng.choice(len(HOURS), size=n_mentors + n_mentees, p=HOURS_SHARE)
    senior_stage = rng.choice([3, 4, 5], size=n_mentees, p=[0.6, 0.3, 0.1])
    junior_stage = rng.choice([0, 1, 2], size=n_mentors, p=[0.4, 0.4, 0.2])
    digital_pop = _zipf(len(DIGITAL_SKILLS), 0.9)
    senior_pop = _zipf(len(SENIOR_SKILLS), 0.6)
    # Managers: each senior reports to a senior one stage up in the same
    # department (the top ones to a non-participating executive), each junior
    # to a stage-3 senior of the department.
    by_stage_dept: dict[tuple[int, int], list[int]] = {}
    for j in range(n_mentees):
        key = (int(senior_stage[j]), int(department[n_mentors + j]))
        by_stage_dept.setdefault(key, []).append(j)

    def boss_of(stage: int, dept: int) -> str:
        pool = by_stage_dept.get((stage, dept))
        if stage > 5 or not pool:
            return f"exec-{dept}"
        return f"e{int(pool[rng.integers(len(pool))]):06d}"

    for d in range(len(DEPARTMENTS)):
        people.append(Person(id=f"exec-{d}", role=None, career_stage=6, department=DEPARTMENTS[d]))
    n = n_mentors + n_mentees
    # Distinct skills drawn by popularity for everyone at once (Gumbel top-k).
    digital = _top_k(rng, digital_pop, n)
    senior = _top_k(rng, senior_pop, n)
    level = rng.integers(1, 5, size=(n, max(len(DIGITAL_SKILLS), len(SENIOR_SKILLS))))
    counts_teach = np.where(np.arange(n) < n_mentors, rng.integers(2, 6, n), rng.integers(2, 5, n))
    counts_learn = np.where(np.arange(n) < n_mentors, rng.integers(1, 4, n), rng.integers(2, 5, n))
    caps = rng.integers(1, 4, size=n_mentors) if capacity is None else np.full(n_mentors, capacity)
    flags = rng.random((n_mentees, 2))
    other = rng.integers(0, max(n_mentors, 1), size=(n_mentees, 2))
    mentor_boss = [boss_of(3, int(department[i])) for i in range(n_mentors)]
    mentee_boss = [
        boss_of(int(senior_stage[j]) + 1, int(department[n_mentors + j])) for j in range(n_mentees)
    ]
    for at in range(n):
        place = OFFICES[office[at]]
        start, end = HOURS[hours[at]]
        if at < n_mentors:
            teaches = {
                DIGITAL_SKILLS[s]: int(level[at, s]) for s in digital[at, : counts_teach[at]]
            }
            learns = {
                SENIOR_SKILLS[s]: int(level[at, s] % 3 + 1) for s in senior[at, : counts_learn[at]]
            }
            people.append(
                Person(
                    id=f"m{at:06d}",
                    role=Role.MENTOR,
                    career_stage=int(junior_stage[at]),
                    department=DEPARTMENTS[department[at]],
                    location=place[0],
                    timezone=place[1],
                    manager_id=mentor_boss[at],
                    teaches=teaches,
                    learns=learns,
                    capacity=int(caps[at]),
                    work_start_hour=start,
                    work_end_hour=end,
                )
            )
            continue
        j = at - n_mentors
        teaches = {SENIOR_SKILLS[s]: int(level[at, s]) for s in senior[at, : counts_teach[at]]}
        learns = {
            DIGITAL_SKILLS[s]: int(level[at, s] % 3 + 1) for s in digital[at, : counts_learn[at]]
        }
        people.append(
            Person(
                id=f"e{j:06d}",
                role=Role.MENTEE,
                career_stage=int(senior_stage[j]),
                department=DEPARTMENTS[department[at]],
                location=place[0],
                timezone=place[1],
                manager_id=mentee_boss[j],
                teaches=teaches,
                learns=learns,
                do_not_pair=frozenset({f"m{int(other[j, 0]):06d}"})
                if flags[j, 0] < 0.01
                else frozenset(),
                previous_partners=(
                    frozenset({f"m{int(other[j, 1]):06d}"}) if flags[j, 1] < 0.05 else frozenset()
                ),
                work_start_hour=start,
                work_end_hour=end,
            )
        )
    rules = Rules(
        min_stage_gap=1,
        max_stage_gap=4 if all_rules else None,
        forbid_reporting_chain=True,
        forbid_same_manager=all_rules,
        forbid_same_department=all_rules,
        min_overlap_hours=2.0 if all_rules else 0.0,
        forbid_previous_partners=True,
    )
    return Problem(
        people=tuple(people), rules=rules, weights=Weights(), objective=objective, seed=seed
    )


def alike_problem(problem: Problem, profiles: int) -> Problem:
    """``problem`` with each participant copying everything the score reads
    (stage, department, office, hours, skills) from one of the first
    ``profiles`` people of their side, keeping their own id, manager, capacity,
    do-not-pair list and previous partners: a program of many exact ties, as
    when a questionnaire offers few choices."""
    models: dict[Role, list[Person]] = {Role.MENTOR: [], Role.MENTEE: []}
    people: list[Person] = []
    for person in problem.people:
        if person.role is None:
            people.append(person)
            continue
        side = models[person.role]
        if len(side) < profiles:
            side.append(person)
        model = side[len(people) % len(side)]
        people.append(
            replace(
                person,
                career_stage=model.career_stage,
                department=model.department,
                location=model.location,
                timezone=model.timezone,
                teaches=model.teaches,
                learns=model.learns,
                work_start_hour=model.work_start_hour,
                work_end_hour=model.work_end_hour,
            )
        )
    return replace(problem, people=tuple(people))
