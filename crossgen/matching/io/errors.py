"""One error for bad input, listing every problem found, each with its place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class InputProblem:
    """One thing wrong with an input file.

    ``row`` is the spreadsheet row number as a person sees it (the header is
    row 1, the first person row 2), or ``None`` for problems that belong to
    the whole file or to the rules file. ``field`` is a column name for the
    participants table and a dotted key for the rules file (``rules.min_stage_gap``,
    ``pinned[2].mentee`` with entries counted from 1). ``source`` names the file.
    """

    row: int | None
    field: str
    message: str
    source: str = ""

    def __str__(self) -> str:
        where = [self.source] if self.source else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(self.field)
        return f"{', '.join(where)}: {self.message}" if where else self.message


class MatchingInputError(ValueError):
    """Raised once per load with every problem found, so that a program manager
    can fix the whole file in one pass instead of one error at a time."""

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} in the input:\n{lines}")
