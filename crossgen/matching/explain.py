"""Reasons a person can read: why each pair was made, and why someone was not.

``explain(problem, result)`` returns the result with every ``Pair.explanation``
filled and every unmatched person given a reason:

- a pair: the skills flowing each way with their levels (strongest first),
  the diversity facts, the shared working hours, and one or two sentences;
- no feasible partner: which hard rules ruled out how many partners (a
  partner excluded by two rules counts under both);
- partners used elsewhere: the best feasible partner (highest score) and who
  has them;
- a mentor with places left: how many, and whether anyone could still fill them.

Unmatched people are worked out again from the pairs (every mentee without a
mentor, every mentor below capacity), so any solver's result can be explained.
The per-rule counts and the best alternatives are computed with array
operations over one side at a time, never by calling ``broken_rules`` for
every pair; ``tests/matching/test_explain.py`` checks that they agree with it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from crossgen.matching.arrays import SCALE, IntArray, ProblemArrays, compile_problem, contains
from crossgen.matching.feasibility import (
    DO_NOT_PAIR,
    PREVIOUS_PARTNERS,
    REPORTING_CHAIN,
    REVERSE_RULE,
    RULE_NAMES,
    SAME_DEPARTMENT,
    SAME_MANAGER,
    STAGE_GAP_MAX,
    WORKING_HOURS_OVERLAP,
    broken_rules,
    feasible_pairs,
    overlap_hours,
)
from crossgen.matching.preferences import StablePreferences
from crossgen.matching.problem import Person, Problem, Role
from crossgen.matching.result import (
    MatchResult,
    Pair,
    PairExplanation,
    SkillFlow,
    Unmatched,
    UnmatchedKind,
)

BoolArray = npt.NDArray[np.bool_]

SKILLS_NAMED = 3  # skills named in a sentence; the explanation keeps them all
_BLOCK_CELLS = 1 << 20
_NOBODY = np.iinfo(np.int64).max  # an index above every real one

RULE_WORDS: Mapping[str, str] = {
    REVERSE_RULE: "not far enough apart in career stage (the mentor must be junior)",
    STAGE_GAP_MAX: "too far apart in career stage",
    REPORTING_CHAIN: "in the same reporting chain",
    SAME_MANAGER: "reporting to the same manager",
    SAME_DEPARTMENT: "in the same department",
    WORKING_HOURS_OVERLAP: "sharing too few working hours",
    DO_NOT_PAIR: "on a do-not-pair list",
    PREVIOUS_PARTNERS: "former partners",
}
"""Plain words for each rule name of ``crossgen.matching.feasibility``."""


def explain(problem: Problem, result: MatchResult) -> MatchResult:
    """Fill every pair's explanation and every unmatched person's reason.

    Examples
    --------
    >>> from crossgen.matching import solve
    >>> from crossgen.matching.problem import Person, Problem, Role
    >>> people = (
    ...     Person(id="ana", role=Role.MENTOR, career_stage=1, department="IT",
    ...            teaches={"ai-tools": 4}, learns={"strategy": 2}),
    ...     Person(id="cho", role=Role.MENTEE, career_stage=5, department="Sales",
    ...            teaches={"strategy": 4}, learns={"ai-tools": 3}),
    ...     Person(id="dee", role=Role.MENTEE, career_stage=1, learns={"ai-tools": 3}),
    ... )
    >>> problem = Problem(people=people)
    >>> explained = explain(problem, solve(problem))
    >>> print(explained.pairs[0].explanation.text)
    ana can teach cho ai-tools (proficiency 4/4, interest 3/3); cho can share strategy (4/4, 2/3) in return. They bring different departments (IT / Sales) and 4 career stages between them, with 8 shared working hours a day.
    >>> print(explained.unmatched[0].reason)
    No mentor passes the hard rules: 1 not far enough apart in career stage (the mentor must be junior).
    """
    people = {p.id: p for p in problem.people}
    arrays = compile_problem(problem)
    pairs = tuple(
        dataclasses.replace(pair, explanation=explain_pair(problem, pair, people))
        for pair in result.pairs
    )
    unmatched = _Unmatched(problem, arrays, result).explain()
    return dataclasses.replace(result, pairs=pairs, unmatched=unmatched)


def explain_pair(problem: Problem, pair: Pair, people: Mapping[str, Person]) -> PairExplanation:
    mentor, mentee = people[pair.mentor_id], people[pair.mentee_id]
    forward = skill_flows(mentor.teaches, mentee.learns)
    reciprocal = skill_flows(mentee.teaches, mentor.learns)
    facts = diversity_facts(mentor, mentee)
    hours = overlap_hours(problem, mentor, mentee)
    if forward:
        first = f"{mentor.id} can teach {mentee.id} {_flows_text(forward, long=True)}"
    else:
        first = f"{mentor.id} teaches none of {mentee.id}'s listed goals"
    if reciprocal:
        first += f"; {mentee.id} can share {_flows_text(reciprocal, long=False)} in return"
    second = _facts_sentence(facts, hours)
    text = f"{first}. {second}"
    if pair.pinned:
        broken = broken_rules(problem, mentor, mentee)
        note = "Pinned by the program manager"
        if broken:
            note += " although it breaks " + ", ".join(broken)
        text = f"{note}. {text}"
    return PairExplanation(
        forward_skills=forward,
        reciprocal_skills=reciprocal,
        diversity_facts=facts,
        overlap_hours=hours,
        text=text,
    )


def skill_flows(teaches: Mapping[str, int], learns: Mapping[str, int]) -> tuple[SkillFlow, ...]:
    """Skills the teacher has and the learner wants, strongest (proficiency x
    interest) first, then by name."""
    flows = [
        SkillFlow(skill=skill, proficiency=level, interest=learns[skill])
        for skill, level in teaches.items()
        if skill in learns
    ]
    flows.sort(key=lambda f: (-f.proficiency * f.interest, f.skill))
    return tuple(flows)


def diversity_facts(mentor: Person, mentee: Person) -> tuple[str, ...]:
    facts = []
    if mentor.department and mentee.department and mentor.department != mentee.department:
        facts.append(f"different departments ({mentor.department} / {mentee.department})")
    if mentor.location and mentee.location and mentor.location != mentee.location:
        facts.append(f"different locations ({mentor.location} / {mentee.location})")
    gap = mentee.career_stage - mentor.career_stage
    if gap > 0:
        facts.append(f"{gap} career stage{'s' if gap != 1 else ''} between them")
    return tuple(facts)


def _flows_text(flows: tuple[SkillFlow, ...], *, long: bool) -> str:
    named = [
        f"{f.skill} (proficiency {f.proficiency}/4, interest {f.interest}/3)"
        if long and k == 0
        else f"{f.skill} ({f.proficiency}/4, {f.interest}/3)"
        for k, f in enumerate(flows[:SKILLS_NAMED])
    ]
    more = len(flows) - SKILLS_NAMED
    if more > 0:
        named.append(f"{more} more")
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


def _facts_sentence(facts: tuple[str, ...], hours: float) -> str:
    shared = f"{hours:g} shared working hour{'s' if hours != 1 else ''} a day"
    if not facts:
        return f"They have {shared}."
    listed = facts[0] if len(facts) == 1 else ", ".join(facts[:-1]) + " and " + facts[-1]
    return f"They bring {listed}, with {shared}."


def rule_masks(arrays: ProblemArrays, mentor: IntArray, mentee: IntArray) -> dict[str, BoolArray]:
    """For each rule switched on, which of the pairs ``(mentor, mentee)`` (index
    arrays that broadcast) it rules out: the vectorised twin of ``broken_rules``."""
    mentor, mentee = np.broadcast_arrays(np.asarray(mentor), np.asarray(mentee))
    rules = arrays.problem.rules
    mentors, mentees = arrays.mentors, arrays.mentees
    gap = mentees.stage[mentee] - mentors.stage[mentor]
    masks: dict[str, BoolArray] = {REVERSE_RULE: gap < rules.min_stage_gap}
    if rules.max_stage_gap is not None:
        masks[STAGE_GAP_MAX] = gap > rules.max_stage_gap
    keys = arrays.key(mentor, mentee)
    if rules.forbid_reporting_chain:
        masks[REPORTING_CHAIN] = contains(arrays.chain_keys, keys)
    if rules.forbid_same_manager:
        masks[SAME_MANAGER] = contains(arrays.manager_keys, keys)
    if rules.forbid_same_department:
        department = mentors.department[mentor]
        masks[SAME_DEPARTMENT] = (department >= 0) & (department == mentees.department[mentee])
    if rules.min_overlap_hours > 0:
        shared = arrays.overlap[mentors.hours_class[mentor], mentees.hours_class[mentee]]
        masks[WORKING_HOURS_OVERLAP] = shared + 1e-9 < rules.min_overlap_hours
    masks[DO_NOT_PAIR] = contains(arrays.do_not_pair_keys, keys)
    if rules.forbid_previous_partners:
        masks[PREVIOUS_PARTNERS] = contains(arrays.previous_keys, keys)
    return {name: masks[name] for name in RULE_NAMES if name in masks}


@dataclasses.dataclass(frozen=True, slots=True)
class _Best:
    feasible: int  # feasible partners on the other side
    partner: int  # index of the best-scoring feasible partner, -1 if none
    score: float


class _Unmatched:
    """The unmatched people of a result, with the array work batched per side."""

    def __init__(self, problem: Problem, arrays: ProblemArrays, result: MatchResult) -> None:
        self.problem = problem
        self.arrays = arrays
        self.mentors_of: dict[str, list[str]] = {}
        self.mentor_of: dict[str, str] = {}
        self.pinned_mentees: set[str] = set()
        for pair in result.pairs:
            self.mentors_of.setdefault(pair.mentor_id, []).append(pair.mentee_id)
            self.mentor_of[pair.mentee_id] = pair.mentor_id
            if pair.pinned:
                self.pinned_mentees.add(pair.mentee_id)

    def explain(self) -> tuple[Unmatched, ...]:
        arrays = self.arrays
        lonely_mentees = [
            j for j, person_id in enumerate(arrays.mentees.ids) if person_id not in self.mentor_of
        ]
        spare_mentors = [
            i
            for i, person_id in enumerate(arrays.mentors.ids)
            if len(self.mentors_of.get(person_id, ())) < arrays.mentors.capacity[i]
        ]
        # Only mentors with no mentee at all need a best alternative; the others
        # are told whether anyone unmatched could still fill their places.
        idle_mentors = [i for i in spare_mentors if arrays.mentors.ids[i] not in self.mentors_of]
        best_mentor = self._best(Role.MENTEE, lonely_mentees)
        best_mentee = self._best(Role.MENTOR, idle_mentors)
        out = [self._mentee(j, best_mentor[j]) for j in sorted(lonely_mentees, key=self._mentee_id)]
        for i in sorted(spare_mentors, key=self._mentor_id):
            out.append(self._mentor(i, best_mentee.get(i), lonely_mentees))
        return tuple(out)

    def _mentee_id(self, j: int) -> str:
        return self.arrays.mentees.ids[j]

    def _mentor_id(self, i: int) -> str:
        return self.arrays.mentors.ids[i]

    def _best(self, role: Role, people: list[int]) -> dict[int, _Best]:
        """Per person of ``role``: feasible partners and the best-scoring one
        (ties: first in the file), scored in blocks against the other side."""
        if not people:
            return {}
        arrays = self.arrays
        chosen = np.asarray(sorted(people), dtype=np.int64)
        if role is Role.MENTEE:
            everyone = np.arange(arrays.mentors.size, dtype=np.int64)
            scores = StablePreferences(arrays=arrays, mentors=everyone, mentees=chosen)
            rows = np.arange(chosen.size, dtype=np.int64)
            count, partner, best = self._scan(scores, rows, axis=1)
        else:
            everyone = np.arange(arrays.mentees.size, dtype=np.int64)
            scores = StablePreferences(arrays=arrays, mentors=chosen, mentees=everyone)
            count, partner, best = self._scan(scores, everyone, axis=0)
        return {
            int(person): _Best(
                feasible=int(count[k]),
                partner=int(partner[k]) if count[k] else -1,
                score=float(best[k]) / SCALE if count[k] else 0.0,
            )
            for k, person in enumerate(chosen.tolist())
        }

    @staticmethod
    def _scan(
        scores: StablePreferences, rows: IntArray, *, axis: int
    ) -> tuple[IntArray, IntArray, npt.NDArray[np.float64]]:
        """Total points (-inf where infeasible) block by block; per row (axis=1)
        or per column (axis=0): feasible count, best index (ties: the lowest)
        and its value."""
        columns = scores.mentors.size
        size = rows.size if axis == 1 else columns
        count = np.zeros(size, dtype=np.int64)
        partner = np.full(size, _NOBODY, dtype=np.int64)
        best = np.full(size, -np.inf)
        step = max(1, _BLOCK_CELLS // max(1, columns))
        order = scores.scan_order()  # rows grouped by class: the cached rows get reused
        for start in range(0, rows.size, step):
            block_rows = rows[np.sort(order[start : start + step])]
            block = scores.proposer_block(block_rows)
            total = block.values + scores.receiver_block(block_rows)
            if axis == 1:
                count[block_rows] = block.row_degree
                partner[block_rows] = total.argmax(axis=1)  # the first, lowest column
                best[block_rows] = total.max(axis=1)
            else:
                count += block.column_degree
                top = total.max(axis=0)
                first = np.where(total == top, block_rows[:, None], _NOBODY).min(axis=0)
                better = (top > best) | ((top == best) & (first < partner))
                partner[better] = first[better]
                best[better] = top[better]
        return count, partner, best

    def _ruled_out(self, role: Role, person: int) -> dict[str, int]:
        arrays = self.arrays
        one = np.array([person], dtype=np.int64)
        if role is Role.MENTEE:
            masks = rule_masks(arrays, np.arange(arrays.mentors.size, dtype=np.int64), one)
        else:
            masks = rule_masks(arrays, one, np.arange(arrays.mentees.size, dtype=np.int64))
        return {name: int(mask.sum()) for name, mask in masks.items() if mask.any()}

    def _no_partner(self, role: Role, person: int, other_side: str) -> Unmatched:
        counts = self._ruled_out(role, person)
        listed = ", ".join(f"{n} {RULE_WORDS.get(rule, rule)}" for rule, n in counts.items())
        if not listed:
            listed = f"there are no {other_side}s"
        person_id = self._mentee_id(person) if role is Role.MENTEE else self._mentor_id(person)
        return Unmatched(
            person_id=person_id,
            role=role,
            kind=UnmatchedKind.NO_FEASIBLE_PARTNER,
            reason=f"No {other_side} passes the hard rules: {listed}.",
            ruled_out_by=counts,
        )

    def _mentee(self, j: int, best: _Best) -> Unmatched:
        if best.feasible == 0:
            return self._no_partner(Role.MENTEE, j, "mentor")
        mentor_id = self._mentor_id(best.partner)
        taken = self.mentors_of.get(mentor_id, [])
        capacity = int(self.arrays.mentors.capacity[best.partner])
        if len(taken) >= capacity:
            whom = ", ".join(sorted(taken))
            where = f"is full with {whom}"
        else:
            where = "still has a place, but the objective gained more elsewhere"
        plural = "s" if best.feasible != 1 else ""
        return Unmatched(
            person_id=self._mentee_id(j),
            role=Role.MENTEE,
            kind=UnmatchedKind.PARTNERS_USED_ELSEWHERE,
            reason=(
                f"{best.feasible} mentor{plural} pass the hard rules, and each was better "
                f"used elsewhere; the best fit, {mentor_id} (score {best.score:.2f}), {where}."
            ),
            best_alternative=mentor_id,
        )

    def _mentor(self, i: int, best: _Best | None, lonely_mentees: list[int]) -> Unmatched:
        mentor_id = self._mentor_id(i)
        load = len(self.mentors_of.get(mentor_id, ()))
        capacity = int(self.arrays.mentors.capacity[i])
        if best is not None and best.feasible == 0:
            return self._no_partner(Role.MENTOR, i, "mentee")
        places = f"{capacity - load} of {capacity} place{'s' if capacity != 1 else ''} left"
        waiting = self._waiting(i, lonely_mentees)
        if best is not None and not waiting:
            mentee_id = self._mentee_id(best.partner)
            holder = self.mentor_of.get(mentee_id)
            if holder is None:
                with_whom = "is unmatched"
            elif mentee_id in self.pinned_mentees:
                with_whom = f"is pinned to {holder} by hand"
            else:
                with_whom = f"is paired with {holder}"
            return Unmatched(
                person_id=mentor_id,
                role=Role.MENTOR,
                kind=UnmatchedKind.PARTNERS_USED_ELSEWHERE,
                reason=(
                    f"{best.feasible} mentee{'s' if best.feasible != 1 else ''} pass the hard "
                    f"rules, and each was taken or better used elsewhere; the best fit, "
                    f"{mentee_id} (score {best.score:.2f}), {with_whom}."
                ),
                best_alternative=mentee_id,
            )
        if waiting:
            names = ", ".join(waiting[:SKILLS_NAMED])
            more = f" and {len(waiting) - SKILLS_NAMED} more" if len(waiting) > SKILLS_NAMED else ""
            reason = (
                f"{places}; {names}{more} could still join (unmatched, passes the rules), "
                "but the objective did not gain from it."
            )
        else:
            reason = f"{places}: every mentee who passes the hard rules with them is placed."
        return Unmatched(
            person_id=mentor_id, role=Role.MENTOR, kind=UnmatchedKind.CAPACITY_LEFT, reason=reason
        )

    def _waiting(self, mentor: int, lonely_mentees: list[int]) -> list[str]:
        """Unmatched mentees who could pair with this mentor."""
        if not lonely_mentees:
            return []
        mentees = np.asarray(lonely_mentees, dtype=np.int64)
        ok = feasible_pairs(self.arrays, np.array([mentor], dtype=np.int64), mentees)
        return sorted(self._mentee_id(int(j)) for j in mentees[ok])
