"""Any valid participants table reads back as the people it was written from,
as CSV and as XLSX, whatever text the cells hold (formula-like text included)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossgen.matching.io import read_participants, write_participants_csv
from crossgen.matching.io.participants import ALL_COLUMNS
from crossgen.matching.io.tables import neutralise, unneutralise
from crossgen.matching.io.writers import participant_cells
from crossgen.matching.problem import Person, Role

# Cells are trimmed on reading, and ';' separates ids in lists, so generated
# text is trimmed and ids have no ';'. Control characters are not roster text.
_TEXT_CHARS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"))
text = st.text(_TEXT_CHARS, max_size=12).map(str.strip)
ids = (
    st.text(_TEXT_CHARS, min_size=1, max_size=8).map(str.strip).filter(lambda s: s and ";" not in s)
)
skills = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
zones = st.sampled_from(
    ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Eucla"]
)


@st.composite
def working_hours(draw: st.DrawFn) -> tuple[float, float]:
    start = draw(st.floats(0, 23.9))
    end = draw(st.floats(start, 24).filter(lambda end: end > start))
    return start, end


@st.composite
def rosters(draw: st.DrawFn) -> list[Person]:
    person_ids = draw(st.lists(ids, min_size=2, max_size=8, unique=True))
    roles = draw(
        st.lists(
            st.sampled_from([Role.MENTOR, Role.MENTEE, None]),
            min_size=len(person_ids),
            max_size=len(person_ids),
        )
    )
    roles[0], roles[1] = Role.MENTOR, Role.MENTEE  # both sides present
    people = []
    for index, (person_id, role) in enumerate(zip(person_ids, roles, strict=True)):
        others = [p for p in person_ids if p != person_id]
        strangers = ids.filter(lambda i: i not in person_ids)  # people who left the company
        # Managers come from earlier rows only, so the chain never loops.
        manager = draw(st.none() | st.sampled_from(person_ids[:index])) if index else None
        start, end = draw(working_hours())
        people.append(
            Person(
                id=person_id,
                role=role,
                career_stage=draw(st.integers(-5, 30)),
                department=draw(text),
                location=draw(text),
                timezone=draw(zones) if role is not None else "UTC",
                manager_id=manager,
                teaches=draw(st.dictionaries(skills, st.integers(1, 4), max_size=3)),
                learns=draw(st.dictionaries(skills, st.integers(1, 3), max_size=3)),
                capacity=draw(st.integers(1, 3)) if role is Role.MENTOR else 1,
                do_not_pair=draw(st.frozensets(st.sampled_from(others), max_size=2)),
                previous_partners=draw(
                    st.frozensets(
                        st.sampled_from(others) | strangers,
                        max_size=2,
                    )
                ),
                work_start_hour=start,
                work_end_hour=end,
            )
        )
    return people


# Generating rosters costs more than reading them; these counts keep the file
# under a few seconds while still mixing every kind of cell.
_SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(_SETTINGS, max_examples=40)
@given(rosters())
def test_any_valid_table_round_trips_through_csv(people: list[Person]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        write_participants_csv(path, people)
        assert read_participants(path) == tuple(people)


@settings(_SETTINGS, max_examples=15)
@given(rosters())
def test_any_valid_table_round_trips_through_xlsx(people: list[Person]) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(ALL_COLUMNS))
    for person in people:
        sheet.append([neutralise(cell) for cell in participant_cells(person)])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.xlsx"
        workbook.save(path)
        assert read_participants(path) == tuple(people)


@given(st.text())
def test_neutralising_a_cell_is_undone_exactly_on_reading(cell: str) -> None:
    written = neutralise(cell)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unneutralise(written) == cell
