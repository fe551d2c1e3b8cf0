"""Properties of ``solve`` on random programs: the rules, the capacities, the
pins, and optimality against brute force and a greedy pass."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from crossgen.matching import broken_rules, solve
from crossgen.matching.problem import Objective, Problem, Role
from crossgen.matching.result import CertificateStatus, MatchResult
from tests.matching.reference import brute_force_best, greedy_key, objective_key, points
from tests.matching.strategies import problems

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _key(problem: Problem, result: MatchResult) -> tuple[int, ...]:
    people = {p.id: p for p in problem.people}
    pairs = [(p.mentor_id, p.mentee_id) for p in result.pairs]
    scores = {(m, e): points(problem, people[m], people[e]) for m, e in pairs}
    return objective_key(problem, pairs, scores)


@FAST
@given(problems())
def test_it_never_breaks_a_hard_rule_except_in_a_pinned_pair(problem: Problem) -> None:
    people = {p.id: p for p in problem.people}
    for pair in solve(problem).pairs:
        if not pair.pinned:
            assert broken_rules(problem, people[pair.mentor_id], people[pair.mentee_id]) == ()


@FAST
@given(problems())
def test_it_respects_capacities_and_gives_each_mentee_at_most_one_mentor(problem: Problem) -> None:
    result = solve(problem)
    capacity = {p.id: p.capacity for p in problem.people if p.role is Role.MENTOR}
    load: dict[str, int] = {}
    for pair in result.pairs:
        load[pair.mentor_id] = load.get(pair.mentor_id, 0) + 1
    assert all(load[m] <= capacity[m] for m in load)
    mentees = [p.mentee_id for p in result.pairs]
    assert len(mentees) == len(set(mentees))


@FAST
@given(problems())
def test_it_keeps_every_pinned_pair_and_flags_it(problem: Problem) -> None:
    result = solve(problem)
    pinned = {(p.mentor_id, p.mentee_id) for p in result.pairs if p.pinned}
    assert pinned == set(problem.rules.pinned)


@FAST
@given(problems())
def test_it_accounts_for_every_participant(problem: Problem) -> None:
    result = solve(problem)
    paired = {p.mentee_id for p in result.pairs}
    unmatched_mentees = {u.person_id for u in result.unmatched if u.role is Role.MENTEE}
    mentees = {p.id for p in problem.people if p.role is Role.MENTEE}
    assert paired.isdisjoint(unmatched_mentees)
    assert paired | unmatched_mentees == mentees
    load = {p.id: 0 for p in problem.people if p.role is Role.MENTOR}
    for pair in result.pairs:
        load[pair.mentor_id] += 1
    spare = {p.id for p in problem.people if p.role is Role.MENTOR and load[p.id] < p.capacity}
    assert {u.person_id for u in result.unmatched if u.role is Role.MENTOR} == spare
    assert all(u.reason for u in result.unmatched)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_it_reaches_the_brute_force_optimum_for_every_objective(problem: Problem) -> None:
    result = solve(problem)
    assert _key(problem, result) == brute_force_best(problem)
    assert result.certificate.status is CertificateStatus.OPTIMAL


@FAST
@given(problems(max_mentors=5, max_mentees=7))
def test_it_is_never_worse_than_a_greedy_pass(problem: Problem) -> None:
    assert _key(problem, solve(problem)) >= greedy_key(problem)


@FAST
@given(problems(objective=Objective.MAX_TOTAL))
def test_its_certificate_bound_equals_the_total_score_when_optimal(problem: Problem) -> None:
    result = solve(problem)
    assert result.certificate.status is CertificateStatus.OPTIMAL
    assert abs(result.certificate.primal - result.total_score) < 1e-6 * (1 + len(result.pairs))
    assert result.certificate.bound == result.certificate.primal


@FAST
@given(problems())
def test_it_is_deterministic(problem: Problem) -> None:
    first, second = solve(problem), solve(problem)
    assert first.pairs == second.pairs
    assert first.unmatched == second.unmatched


def test_the_result_does_not_depend_on_the_number_of_threads() -> None:
    import numba

    from benchmarks.synthetic import synthetic_problem

    # One-to-one and with ties: every mentor's list of best mentees is merged
    # from the parallel runs, and the candidate graph must come out the same.
    problem = synthetic_problem(300, 300, seed=3, capacity=1, all_rules=True)
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        alone = solve(problem)
    finally:
        numba.set_num_threads(threads)
    together = solve(problem)
    assert alone.pairs == together.pairs
    assert alone.stats["candidate_arcs"] == together.stats["candidate_arcs"]
    assert alone.certificate == together.certificate


def test_two_runs_at_once_in_one_process_give_the_results_of_two_runs_in_turn() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from benchmarks.synthetic import synthetic_problem

    # As when two program managers press "Run matching" on one web process.
    problems = [synthetic_problem(400, 400, seed=seed, capacity=1) for seed in (7, 8)]
    in_turn = [solve(problem) for problem in problems]
    with ThreadPoolExecutor(max_workers=2) as pool:
        at_once = list(pool.map(solve, problems))
    for alone, together in zip(in_turn, at_once, strict=True):
        assert alone.pairs == together.pairs
        assert alone.certificate == together.certificate
