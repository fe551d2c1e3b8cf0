"""Files in and out of the matching engine: participants (CSV/XLSX), rules (TOML),
and the CSV files a match run writes. Bad input raises one ``MatchingInputError``
listing every problem with its row or key."""

from crossgen.matching.io.errors import InputProblem, MatchingInputError
from crossgen.matching.io.load import load_problem
from crossgen.matching.io.participants import read_participants
from crossgen.matching.io.rules_file import RulesFile, read_rules
from crossgen.matching.io.writers import (
    ScoreRow,
    write_pairs_csv,
    write_participants_csv,
    write_scores_csv,
    write_unmatched_csv,
)

__all__ = [
    "InputProblem",
    "MatchingInputError",
    "RulesFile",
    "ScoreRow",
    "load_problem",
    "read_participants",
    "read_rules",
    "write_pairs_csv",
    "write_participants_csv",
    "write_scores_csv",
    "write_unmatched_csv",
]
