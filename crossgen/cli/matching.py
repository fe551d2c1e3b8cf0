"""`crossgen match` and `crossgen score`: the matching engine on files.

Both read a participants table (CSV/XLSX) and a rules file (TOML). Bad input
is reported in one list, every problem with its row or key, exit code 2, and
nothing is written: outputs are written to temporary files and renamed only
once every one of them is complete.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from crossgen.matching.checks import MAX_SEED, ProblemError, check_problem
from crossgen.matching.io import (
    MatchingInputError,
    load_problem,
    write_pairs_csv,
    write_scores_csv,
    write_unmatched_csv,
)
from crossgen.matching.io.writers import temporary_sibling
from crossgen.matching.problem import Objective, Problem
from crossgen.matching.result import CertificateStatus, MatchResult

SCORE_PAIRS_LIMIT = 250_000
"""`crossgen score` writes one row per mentor-mentee pair; above this many pairs
(500 x 500) the file is too big to audit by eye, so it asks for --force."""

INPUT_ERROR = 2
OUTPUT_ERROR = 1


def register(app: typer.Typer) -> None:
    app.command("match")(match)
    app.command("score")(score)


ParticipantsArgument = Annotated[
    Path, typer.Argument(help="Participants table (.csv or .xlsx).", show_default=False)
]
RulesOption = Annotated[
    Path, typer.Option("--rules", help="Rules file (.toml).", show_default=False)
]


def match(
    participants: ParticipantsArgument,
    rules: RulesOption,
    out: Annotated[Path, typer.Option("--out", help="Pairs CSV to write.", show_default=False)],
    objective: Annotated[
        Objective | None,
        typer.Option(help="Overrides the rules file's objective.", show_default=False),
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Write a reason for every pair and unmatched person.")
    ] = False,
    unmatched_out: Annotated[
        Path | None,
        typer.Option(
            help="Unmatched CSV (default: PAIRS with an -unmatched suffix).", show_default=False
        ),
    ] = None,
    time_budget: Annotated[
        float | None,
        typer.Option(
            help="Stop improving after about this many seconds and report the gap.",
            min=0.001,
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            help="Overrides the rules file's seed.", min=0, max=MAX_SEED, show_default=False
        ),
    ] = None,
) -> None:
    """Match mentors and mentees; write the pairs and the unmatched people with reasons."""
    from crossgen.matching.explain import explain as explain_result
    from crossgen.matching.solve import solve

    unmatched_path = unmatched_out or out.with_name(f"{out.stem}-unmatched{out.suffix or '.csv'}")
    _refuse_overwriting_inputs([out, unmatched_path], [participants, rules])
    problem = _load(participants, rules, objective=objective, seed=seed)
    started = time.perf_counter()
    with _progress_bar() as progress:
        result = solve(problem, time_budget_seconds=time_budget, progress=progress)
        if explain:
            progress("explaining", 1.0)
            result = explain_result(problem, result)
    elapsed = time.perf_counter() - started
    _write_together(
        {
            out: lambda path: write_pairs_csv(path, result),
            unmatched_path: lambda path: write_unmatched_csv(path, result),
        }
    )
    typer.echo(summary(result, seconds=elapsed))
    typer.echo(f"Wrote {out} and {unmatched_path}.")


def score(
    participants: ParticipantsArgument,
    rules: RulesOption,
    out: Annotated[Path, typer.Option("--out", help="Scores CSV to write.", show_default=False)],
    force: Annotated[
        bool, typer.Option("--force", help=f"Write more than {SCORE_PAIRS_LIMIT:,} pairs.")
    ] = False,
) -> None:
    """Write every mentor-mentee pair with its score parts and the hard rules it breaks."""
    from crossgen.matching.audit import score_table

    _refuse_overwriting_inputs([out], [participants, rules])
    problem = _load(participants, rules, objective=None, seed=None)
    pairs = len(problem.mentors) * len(problem.mentees)
    if pairs > SCORE_PAIRS_LIMIT and not force:
        typer.echo(
            f"{len(problem.mentors):,} mentors x {len(problem.mentees):,} mentees is "
            f"{pairs:,} pairs, more than {SCORE_PAIRS_LIMIT:,}: the file would be too big "
            "to audit. Add --force to write it anyway.",
            err=True,
        )
        raise typer.Exit(INPUT_ERROR)
    _write_together({out: lambda path: write_scores_csv(path, score_table(problem))})
    typer.echo(f"Wrote {pairs:,} pairs to {out}.")


def _load(
    participants: Path, rules: Path, *, objective: Objective | None, seed: int | None
) -> Problem:
    try:
        problem = load_problem(participants, rules, objective=objective, seed=seed)
        check_problem(problem)  # what the files cannot say alone; the engine checks again
    except (MatchingInputError, ProblemError) as error:
        typer.echo(str(error), err=True)
        typer.echo("Nothing was written.", err=True)
        raise typer.Exit(INPUT_ERROR) from error
    return problem


def _refuse_overwriting_inputs(outputs: list[Path], inputs: list[Path]) -> None:
    resolved = {path.resolve() for path in inputs}
    clashes = [str(path) for path in outputs if path.resolve() in resolved]
    if clashes:
        typer.echo(f"Refusing to overwrite an input file: {', '.join(clashes)}", err=True)
        raise typer.Exit(INPUT_ERROR)


def summary(result: MatchResult, *, seconds: float) -> str:
    """The few numbers a program manager looks at after a run."""
    certificate = result.certificate
    if certificate.status is CertificateStatus.OPTIMAL:
        proof = "optimal (proven)"
    elif certificate.more_pairs_possible:
        proof = (
            "stopped by the time budget; up to "
            f"{certificate.more_pairs_possible} more pairs may be possible"
        )
    elif certificate.status is CertificateStatus.GAP:
        proof = f"stopped by the time budget, proven gap {certificate.gap:.2%}"
    else:
        proof = f"not applicable to the {result.objective} objective"
    return "\n".join(
        [
            f"Objective:    {result.objective}",
            f"Pairs:        {len(result.pairs)} ({result.mentee_count} mentees, "
            f"{result.mentor_count} mentors)",
            f"Coverage:     {result.coverage:.1%} of mentees matched",
            f"Total score:  {result.total_score:.3f}",
            f"Certificate:  {proof}",
            f"Unmatched:    {len(result.unmatched)} (mentees and mentors with places left)",
            f"Time:         {seconds:.2f} s",
        ]
    )


@contextlib.contextmanager
def _progress_bar() -> Iterator[Callable[[str, float], None]]:
    """A progress callback for the solver, drawn as a bar on a terminal only
    (in a pipe or a test it does nothing)."""
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description:<18}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("starting", total=1.0)

        def report(stage: str, fraction: float) -> None:
            bar.update(task, description=stage, completed=max(0.0, min(1.0, fraction)))

        yield report


def _write_together(writers: dict[Path, Callable[[Path], None]]) -> None:
    """Write every file under a temporary name first, then rename them all, so
    that a failure leaves no output (and no half of a set of outputs)."""
    written: dict[Path, Path] = {}
    try:
        for path, write in writers.items():
            temporary = temporary_sibling(path)
            written[path] = temporary
            write(temporary)
        for path, temporary in written.items():
            os.replace(temporary, path)
    except OSError as error:
        typer.echo(f"Could not write {error.filename or 'the output'}: {error.strerror}", err=True)
        typer.echo("Nothing was written.", err=True)
        raise typer.Exit(OUTPUT_ERROR) from error
    finally:
        for temporary in written.values():
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
