"""The CSV writers: columns, formula neutralisation in every file, and no half-written file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from crossgen.matching.io import write_pairs_csv, write_scores_csv, write_unmatched_csv
from crossgen.matching.io.writers import ScoreRow, atomic_text_file
from crossgen.matching.problem import Objective, Role
from crossgen.matching.result import (
    Certificate,
    CertificateStatus,
    MatchResult,
    Pair,
    PairExplanation,
    ScoreParts,
    Unmatched,
    UnmatchedKind,
)

PARTS = ScoreParts(forward=0.75, reciprocal=0.5, diversity=0.2, timezone=0.1)
DANGEROUS = ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx", "'=quoted"]


def result_with(
    *, pairs: tuple[Pair, ...] = (), unmatched: tuple[Unmatched, ...] = ()
) -> MatchResult:
    return MatchResult(
        objective=Objective.MAX_TOTAL,
        pairs=pairs,
        unmatched=unmatched,
        certificate=Certificate(
            status=CertificateStatus.OPTIMAL, primal=0.0, bound=0.0, pairs_checked=0
        ),
        mentor_count=1,
        mentee_count=1,
        elapsed_seconds=0.0,
    )


def read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("dangerous", DANGEROUS)
def test_every_writer_neutralises_cells_a_spreadsheet_would_run(
    tmp_path: Path, dangerous: str
) -> None:
    explanation = PairExplanation(
        forward_skills=(), reciprocal_skills=(), diversity_facts=(), overlap_hours=2.0,
        text=dangerous,
    )  # fmt: skip
    pair = Pair(mentor_id=dangerous, mentee_id="e1", score=1.55, parts=PARTS,
                explanation=explanation)  # fmt: skip
    person = Unmatched(
        person_id=dangerous, role=Role.MENTEE, kind=UnmatchedKind.NO_FEASIBLE_PARTNER,
        reason=dangerous, best_alternative=dangerous,
    )  # fmt: skip
    write_pairs_csv(tmp_path / "pairs.csv", result_with(pairs=(pair,)))
    write_unmatched_csv(tmp_path / "unmatched.csv", result_with(unmatched=(person,)))
    write_scores_csv(
        tmp_path / "scores.csv",
        [ScoreRow(mentor_id=dangerous, mentee_id="e1", parts=PARTS, broken_rules=())],
    )
    expected = "'" + dangerous
    assert read(tmp_path / "pairs.csv")[1][0] == expected
    assert read(tmp_path / "pairs.csv")[1][-1] == expected
    assert read(tmp_path / "unmatched.csv")[1] == [
        expected, "mentee", "no-feasible-partner", expected, "", expected,
    ]  # fmt: skip
    assert read(tmp_path / "scores.csv")[1][0] == expected


def test_the_pairs_file_has_its_columns_best_pair_first(tmp_path: Path) -> None:
    low = Pair(mentor_id="m2", mentee_id="e2", score=0.5, parts=PARTS)
    high = Pair(mentor_id="m1", mentee_id="e1", score=1.55, parts=PARTS, pinned=True)
    write_pairs_csv(tmp_path / "pairs.csv", result_with(pairs=(low, high)))
    assert read(tmp_path / "pairs.csv") == [
        ["mentor_id", "mentee_id", "score", "forward", "reciprocal", "diversity", "timezone",
         "pinned", "explanation"],
        ["m1", "e1", "1.550000", "0.750000", "0.500000", "0.200000", "0.100000", "yes", ""],
        ["m2", "e2", "0.500000", "0.750000", "0.500000", "0.200000", "0.100000", "no", ""],
    ]  # fmt: skip


def test_the_unmatched_file_lists_rule_counts(tmp_path: Path) -> None:
    person = Unmatched(
        person_id="e1", role=Role.MENTEE, kind=UnmatchedKind.NO_FEASIBLE_PARTNER,
        reason="No mentor passes the hard rules.",
        ruled_out_by={"reverse-rule": 3, "do-not-pair": 1},
    )  # fmt: skip
    write_unmatched_csv(tmp_path / "u.csv", result_with(unmatched=(person,)))
    assert read(tmp_path / "u.csv")[1][4] == "do-not-pair=1;reverse-rule=3"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text("old\n")

    def rows():  # fails half way through
        yield ScoreRow(mentor_id="m", mentee_id="e", parts=PARTS, broken_rules=())
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_scores_csv(path, rows())
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["pairs.csv"]


def test_written_files_get_the_usual_permissions_not_private_ones(tmp_path: Path) -> None:
    with atomic_text_file(tmp_path / "out.csv") as handle:
        handle.write("x\n")
    assert (tmp_path / "out.csv").stat().st_mode & 0o044  # readable by group/others (umask)
