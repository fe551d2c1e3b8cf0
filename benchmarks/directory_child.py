"""Child of bench_directory: loads a company into a fresh database, then times
people-directory requests against the health check (the framework's floor)
through Django's test client, and prints JSON."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import django


def main() -> None:
    employees, requests = int(sys.argv[1]), int(sys.argv[2])
    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from crossgen.accounts.models import User
    from crossgen.demodata import generate_company, write_roster_csv
    from crossgen.roster.services import roster_import
    from crossgen.tenancy.models import Role
    from crossgen.tenancy.services import membership_grant, organization_create

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # production settings serve a manifest
    company = generate_company(employees=employees, seed=5)
    organization = organization_create(
        name="Bench", slug="bench", career_ladder=list(company.career_stages)
    )
    with tempfile.TemporaryDirectory() as folder:
        roster = Path(folder) / "roster.csv"
        write_roster_csv(company, roster)
        plan = roster_import(
            organization=organization,
            actor=None,
            source=roster,
            filename="r.csv",
            today=date(2026, 11, 1),
        )
        assert plan.ok, plan.errors[:3]
    user = User.objects.create_user("bench@example.com", "x")
    membership_grant(organization=organization, user=user, role=Role.PROGRAM_MANAGER)
    client = Client()
    client.force_login(user)

    department = company.departments[0]
    surnames = [p.last_name[:4] for p in company.employees[:: max(1, employees // 50)]]
    queries = [
        {},
        {"page": "2"},
        {"page": "400"},
        {"department": department},
        {"q": "a"},
        {"inactive": "1", "page": "10"},
        *({"q": s} for s in surnames),
    ]

    def timed(url: str, params: dict[str, str]) -> float:
        started = time.perf_counter()
        response = client.get(url, params, secure=True)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, params, response.status_code)
        return elapsed

    for params in queries[:5]:  # warm caches and connections
        timed("/people/", params)
    directory = [timed("/people/", queries[i % len(queries)]) for i in range(requests)]
    health = [timed("/healthz", {}) for _ in range(requests)]
    print(json.dumps({"directory": directory, "health": health}))


if __name__ == "__main__":
    main()
