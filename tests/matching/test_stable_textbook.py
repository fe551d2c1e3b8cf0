"""Deferred acceptance on textbook instances with known answers, written out.

Preferences are given as rank tables (1 = first choice) and turned into values
(``-rank``), the way the engine's scores become preferences."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching.games import HospitalResident

from crossgen.matching.deferred_acceptance import MatrixSource, deferred_acceptance

UNACCEPTABLE = -np.inf


def run(
    proposer_ranks: dict[str, list[str]],
    receiver_ranks: dict[str, list[str]],
    capacity: dict[str, int] | None = None,
    *,
    list_length: int = 32,
) -> dict[str, str | None]:
    """Deferred acceptance from named preference lists (a name left out of a
    list is unacceptable). Returns each proposer's receiver."""
    proposers, receivers = sorted(proposer_ranks), sorted(receiver_ranks)
    proposer_value = np.full((len(proposers), len(receivers)), UNACCEPTABLE)
    receiver_value = np.zeros((len(proposers), len(receivers)))
    for p, name in enumerate(proposers):
        for rank, wanted in enumerate(proposer_ranks[name]):
            proposer_value[p, receivers.index(wanted)] = -rank
    for r, name in enumerate(receivers):
        for rank, wanted in enumerate(receiver_ranks[name]):
            receiver_value[proposers.index(wanted), r] = -rank
    # Acceptability is mutual: a receiver that does not list a proposer refuses it.
    for p, r in itertools.product(range(len(proposers)), range(len(receivers))):
        if proposers[p] not in receiver_ranks[receivers[r]]:
            proposer_value[p, r] = UNACCEPTABLE
    places = np.array([(capacity or {}).get(name, 1) for name in receivers], dtype=np.int64)
    outcome = deferred_acceptance(
        MatrixSource(proposer_value, receiver_value), places, list_length=list_length
    )
    return {
        name: receivers[int(outcome.matched[p])] if outcome.matched[p] >= 0 else None
        for p, name in enumerate(proposers)
    }


# Gale and Shapley (1962), "College admissions and the stability of marriage",
# the first example: three stable matchings; whoever proposes gets their first choices.
GS_MEN = {"alpha": ["A", "B", "C"], "beta": ["B", "C", "A"], "gamma": ["C", "A", "B"]}
GS_WOMEN = {"A": ["beta", "gamma", "alpha"], "B": ["gamma", "alpha", "beta"],
            "C": ["alpha", "beta", "gamma"]}  # fmt: skip


def test_gale_shapley_1962_men_proposing_gives_every_man_his_first_choice() -> None:
    assert run(GS_MEN, GS_WOMEN) == {"alpha": "A", "beta": "B", "gamma": "C"}


def test_gale_shapley_1962_women_proposing_gives_every_woman_her_first_choice() -> None:
    assert run(GS_WOMEN, GS_MEN) == {"A": "beta", "B": "gamma", "C": "alpha"}


# The hospital-resident example of the `matching` package's documentation:
# capacities of 2, residents who find only some hospitals acceptable.
HR_RESIDENTS = {"A": ["C"], "S": ["C", "M"], "D": ["C", "M", "G"], "J": ["C", "G", "M"],
                "L": ["M", "C", "G"]}  # fmt: skip
HR_HOSPITALS = {"M": ["D", "L", "S", "J"], "C": ["D", "A", "S", "L", "J"], "G": ["D", "J", "L"]}
HR_CAPACITY = {"M": 2, "C": 2, "G": 2}


def test_hospitals_residents_with_capacities_matches_the_known_answer() -> None:
    assert run(HR_RESIDENTS, HR_HOSPITALS, HR_CAPACITY) == {
        "A": "C",
        "D": "C",
        "J": "G",
        "L": "M",
        "S": "M",
    }


def test_a_full_hospital_refuses_a_resident_it_ranks_below_its_own() -> None:
    # C has one place and prefers D; S then falls back to M, A has nowhere to go.
    matched = run(HR_RESIDENTS, HR_HOSPITALS, {"M": 2, "C": 1, "G": 2})
    assert matched == {"A": None, "D": "C", "J": "G", "L": "M", "S": "M"}


def test_a_receiver_with_no_places_takes_no_one() -> None:
    assert run({"x": ["R"]}, {"R": ["x"]}, {"R": 0}) == {"x": None}


# An instance with exactly two stable matchings, checked by brute force below:
# deferred acceptance must return the one the proposers prefer.
TWO_MEN = {"m1": ["w1", "w2", "w3", "w4"], "m2": ["w2", "w1", "w4", "w3"],
           "m3": ["w3", "w4", "w1", "w2"], "m4": ["w4", "w3", "w2", "w1"]}  # fmt: skip
TWO_WOMEN = {"w1": ["m2", "m1", "m3", "m4"], "w2": ["m1", "m2", "m4", "m3"],
             "w3": ["m3", "m4", "m1", "m2"], "w4": ["m4", "m3", "m2", "m1"]}  # fmt: skip


def all_stable_matchings(
    men: dict[str, list[str]], women: dict[str, list[str]]
) -> list[dict[str, str]]:
    names, wives = sorted(men), sorted(women)
    found = []
    for order in itertools.permutations(wives):
        wife = dict(zip(names, order, strict=True))
        husband = {w: m for m, w in wife.items()}
        blocked = any(
            men[m].index(w) < men[m].index(wife[m])
            and women[w].index(m) < women[w].index(husband[w])
            for m in names
            for w in wives
        )
        if not blocked:
            found.append(wife)
    return found


def test_the_two_stable_matchings_instance_really_has_two() -> None:
    assert all_stable_matchings(TWO_MEN, TWO_WOMEN) == [
        {"m1": "w1", "m2": "w2", "m3": "w3", "m4": "w4"},
        {"m1": "w2", "m2": "w1", "m3": "w3", "m4": "w4"},
    ]


def test_deferred_acceptance_returns_the_proposer_optimal_of_the_two() -> None:
    assert run(TWO_MEN, TWO_WOMEN) == {"m1": "w1", "m2": "w2", "m3": "w3", "m4": "w4"}
    assert run(TWO_WOMEN, TWO_MEN) == {"w1": "m2", "w2": "m1", "w3": "m3", "w4": "m4"}


@pytest.mark.parametrize("list_length", [1, 2, 3])
def test_short_lists_that_grow_give_the_same_matching(list_length: int) -> None:
    assert run(HR_RESIDENTS, HR_HOSPITALS, HR_CAPACITY, list_length=list_length) == run(
        HR_RESIDENTS, HR_HOSPITALS, HR_CAPACITY
    )


def test_values_that_are_not_whole_numbers_are_refused() -> None:
    with pytest.raises(ValueError, match="whole numbers"):
        MatrixSource(np.array([[0.5]]), np.array([[1.0]]))


@st.composite
def instances(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    n = draw(st.integers(1, 7))
    m = draw(st.integers(1, 5))
    values = st.integers(0, 3)  # few values: many ties, broken by index
    proposer = np.array(draw(st.lists(values, min_size=n * m, max_size=n * m)), float).reshape(n, m)
    acceptable = draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m))
    proposer[~np.array(acceptable).reshape(n, m)] = UNACCEPTABLE
    receiver = np.array(draw(st.lists(values, min_size=n * m, max_size=n * m)), float).reshape(n, m)
    capacity = np.array(draw(st.lists(st.integers(1, 3), min_size=m, max_size=m)))
    return proposer, receiver, capacity, draw(st.integers(1, 4))


@settings(max_examples=150, deadline=None)
@given(instances())
def test_it_finds_the_same_matching_as_the_matching_package(
    instance: tuple[np.ndarray, np.ndarray, np.ndarray, int],
) -> None:
    proposer, receiver, capacity, list_length = instance
    n, m = proposer.shape
    ours = deferred_acceptance(
        MatrixSource(proposer, receiver), capacity, list_length=list_length
    ).matched

    resident_prefs = {
        f"r{i}": [f"h{j}" for j in sorted(range(m), key=lambda j: (-proposer[i, j], j))
                  if np.isfinite(proposer[i, j])]
        for i in range(n)
    }  # fmt: skip
    resident_prefs = {r: prefs for r, prefs in resident_prefs.items() if prefs}
    hospital_prefs = {
        f"h{j}": [f"r{i}" for i in sorted(range(n), key=lambda i: (-receiver[i, j], i))
                  if f"r{i}" in resident_prefs and f"h{j}" in resident_prefs[f"r{i}"]]
        for j in range(m)
    }  # fmt: skip
    expected = np.full(n, -1)
    if resident_prefs:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # it warns about hospitals nobody ranks
            game = HospitalResident.create_from_dictionaries(
                resident_prefs, hospital_prefs, {f"h{j}": int(capacity[j]) for j in range(m)}
            )
            for hospital, residents in game.solve(optimal="resident").items():
                for resident in residents:
                    expected[int(resident.name[1:])] = int(hospital.name[1:])
    assert ours.tolist() == expected.tolist()
