"""Hypothesis strategies for random valid matching problems (shared by the
engine's tests and the explanation/stable tests).

Sizes, rule switches and weights are drawn by hypothesis (so they shrink); the
people themselves are built from one drawn seed, which keeps generation about
twenty times faster than drawing every attribute, at the cost of coarser
shrinking of the people.
"""

from __future__ import annotations

import random

from hypothesis import strategies as st

from crossgen.matching.problem import Objective, Person, Problem, Role, Rules, Weights

SKILLS = ("ai-tools", "social-media", "data", "video", "strategy", "negotiation")
TIMEZONES = ("UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Asia/Tokyo")
DEPARTMENTS = ("", "IT", "Sales", "HR")
LOCATIONS = ("", "Paris", "Pune")
START_HOURS = (6.0, 8.0, 9.0, 13.0, 22.0)
END_HOURS = (12.0, 17.0, 18.0, 21.0, 6.0)


def random_people(rng: random.Random, n_mentors: int, n_mentees: int) -> list[Person]:
    """Mentors m0.., mentees e0.. and two people who only complete reporting
    chains ("boss", "vp"); managers always come later in the list, so the
    manager tree has no cycle."""
    ids = [f"m{k}" for k in range(n_mentors)] + [f"e{k}" for k in range(n_mentees)] + ["boss", "vp"]
    people = []
    for position, person_id in enumerate(ids):
        kind = person_id[0]
        role = Role.MENTOR if kind == "m" else Role.MENTEE if kind == "e" else None
        later = ids[position + 1 :]
        others = [i for i in ids if i[0] in "me" and i[0] != kind]

        def some(pool: list[str]) -> frozenset[str]:
            return frozenset(rng.sample(pool, 1)) if pool and rng.random() < 0.2 else frozenset()

        people.append(
            Person(
                id=person_id,
                role=role,
                career_stage=rng.randint(0, 5),
                department=rng.choice(DEPARTMENTS),
                location=rng.choice(LOCATIONS),
                timezone=rng.choice(TIMEZONES),
                manager_id=rng.choice(later) if later and rng.random() < 0.6 else None,
                teaches={s: rng.randint(1, 4) for s in rng.sample(SKILLS, rng.randint(0, 3))},
                learns={s: rng.randint(1, 3) for s in rng.sample(SKILLS, rng.randint(0, 3))},
                capacity=rng.randint(1, 3) if role is Role.MENTOR else 1,
                do_not_pair=some(others),
                previous_partners=some(others),
                work_start_hour=rng.choice(START_HOURS),
                work_end_hour=rng.choice(END_HOURS),
            )
        )
    return people


def random_pins(rng: random.Random, people: list[Person], most: int) -> tuple[tuple[str, str], ...]:
    """Up to ``most`` pinned pairs, each mentee once, within mentor capacity."""
    mentors = [p for p in people if p.role is Role.MENTOR]
    mentees = [p for p in people if p.role is Role.MENTEE]
    room = {m.id: m.capacity for m in mentors}
    pins = []
    for mentee in rng.sample(mentees, min(most, len(mentees))):
        mentor = rng.choice(mentors)
        if room[mentor.id] > 0:
            room[mentor.id] -= 1
            pins.append((mentor.id, mentee.id))
    return tuple(pins)


@st.composite
def problems(
    draw: st.DrawFn,
    *,
    max_mentors: int = 4,
    max_mentees: int = 5,
    objective: Objective | None = None,
    pins: bool = True,
) -> Problem:
    """A random valid problem with every rule switched on or off at random,
    do-not-pair lists, previous partners and (optionally) pinned pairs."""
    n_m = draw(st.integers(1, max_mentors))
    n_e = draw(st.integers(1, max_mentees))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    people = random_people(rng, n_m, n_e)
    min_gap = draw(st.integers(0, 2))
    rules = Rules(
        min_stage_gap=min_gap,
        max_stage_gap=draw(st.none() | st.integers(min_gap, min_gap + 3)),
        forbid_reporting_chain=draw(st.booleans()),
        forbid_same_manager=draw(st.booleans()),
        forbid_same_department=draw(st.booleans()),
        min_overlap_hours=draw(st.sampled_from([0.0, 1.0, 2.0, 4.0])),
        forbid_previous_partners=draw(st.booleans()),
        pinned=random_pins(rng, people, draw(st.integers(0, 2))) if pins else (),
    )
    weights = Weights(
        forward=draw(st.sampled_from([0.0, 0.5, 1.0, 2.0])),
        reciprocal=draw(st.sampled_from([0.0, 0.5, 1.0])),
        diversity=draw(st.sampled_from([0.0, 0.3, 1.0])),
        timezone=draw(st.sampled_from([0.0, 0.2, 1.0])),
    )
    chosen = objective or draw(
        st.sampled_from([Objective.MAX_TOTAL, Objective.MAX_PARTICIPATION, Objective.FAIR])
    )
    return Problem(
        people=tuple(people),
        rules=rules,
        weights=weights,
        objective=chosen,
        seed=draw(st.integers(0, 3)),
    )
