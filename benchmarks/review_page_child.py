"""Child of bench_review_page: builds a program of 10,000 enrolments in a fresh
database, matches it through the app (about 5,000 pairs), then times requests
to the run's review page — first page, deep pages, filters, searches, the
htmx partial the filters load — against the health check (the framework's
floor) through Django's test client, and prints JSON."""

from __future__ import annotations

import json
import sys
import time

import django


def main() -> None:
    enrolments, requests = int(sys.argv[1]), int(sys.argv[2])
    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from benchmarks.program_builder import build_program, start_and_finish_run
    from crossgen.accounts.models import User
    from crossgen.matchmaking.models import MatchRun, ProposedPair, RunStatus

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # production settings serve a manifest
    started = time.perf_counter()
    ids = build_program(enrolments=enrolments)
    run_id = start_and_finish_run(ids["cohort"], ids["manager"])
    setup_seconds = time.perf_counter() - started
    run = MatchRun.unscoped.get(pk=run_id)
    assert run.status == RunStatus.DONE, (run.status, run.error)
    pairs = ProposedPair.unscoped.filter(run_id=run_id)
    count = pairs.count()
    pages = (count + 49) // 50
    some = list(
        pairs.select_related("mentee__employee")
        .order_by("pk")
        .values_list("mentee__employee__last_name", "mentee__employee__department")[
            :: max(1, count // 40)
        ]
    )

    client = Client()
    client.force_login(User.objects.get(pk=ids["manager"]))
    url = f"/runs/{run_id}/"
    queries: list[tuple[dict[str, str], bool]] = [
        ({}, False),
        ({"page": "2"}, False),
        ({"page": str(pages // 2)}, False),
        ({"page": str(pages)}, False),
        ({"upage": "2"}, False),
        ({"band": "high"}, True),
        ({"band": "low", "page": "3"}, True),
        ({"flag": "pinned"}, True),
        ({"department": some[0][1]}, False),
        ({"department": some[1][1], "page": "4"}, True),
        *(({"q": name}, k % 2 == 0) for k, (name, _) in enumerate(some)),
    ]

    def timed(path: str, params: dict[str, str], htmx: bool) -> float:
        headers = {"HX-Request": "true"} if htmx else {}
        started = time.perf_counter()
        response = client.get(path, params, secure=True, headers=headers)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (path, params, response.status_code)
        return elapsed

    for params, htmx in queries[:5]:  # warm caches and connections
        timed(url, params, htmx)
    review = [timed(url, *queries[i % len(queries)]) for i in range(requests)]
    health = [timed("/healthz", {}, False) for _ in range(requests)]
    print(
        json.dumps(
            {
                "review": review,
                "health": health,
                "pairs": count,
                "pages": pages,
                "setup_seconds": setup_seconds,
            }
        )
    )


if __name__ == "__main__":
    main()
