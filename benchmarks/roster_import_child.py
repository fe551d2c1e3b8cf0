"""Child process of bench_roster_import: imports one roster into a fresh
database and prints seconds and peak memory as JSON.

``ours``: the real path (crossgen.roster.services.roster_import: read, validate,
compare, write in one transaction). ``reference``: the floor any importer pays
on this machine and database — csv.reader plus Django bulk_create of the same
rows, with no checks at all.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from datetime import date
from pathlib import Path

import django


def main() -> None:
    mode, roster = sys.argv[1], Path(sys.argv[2])
    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from benchmarks._web import peak_rss_mb
    from crossgen.people.models import CareerStage, Employee
    from crossgen.people.services import DEFAULT_CAREER_LADDER
    from crossgen.roster.services import roster_import
    from crossgen.tenancy.models import Organization

    call_command("migrate", verbosity=0)
    organization = Organization.objects.create(name="Bench", slug="bench")
    for rank, name in enumerate(DEFAULT_CAREER_LADDER, start=1):
        CareerStage.objects.create(organization=organization, name=name, rank=rank)

    started, cpu_started = time.perf_counter(), time.process_time()
    if mode == "ours":
        plan = roster_import(
            organization=organization,
            actor=None,
            source=roster,
            filename=roster.name,
            today=date(2026, 11, 1),
        )
        if not plan.ok:
            raise SystemExit(f"import failed: {plan.errors[:3]}")
        rows = plan.row_count
    else:
        stages = {s.name: s.pk for s in CareerStage.objects.for_org(organization)}
        with roster.open(newline="", encoding="utf-8") as handle, transaction.atomic():
            reader = csv.DictReader(handle)
            batch: list[Employee] = []
            rows = 0
            for row in reader:
                rows += 1
                batch.append(
                    Employee(
                        organization=organization,
                        external_id=row["employee_id"],
                        first_name=row["first_name"],
                        last_name=row["last_name"],
                        email=row["email"],
                        email_key=row["email"].lower(),
                        job_title=row["job_title"],
                        department=row["department"],
                        location=row["location"],
                        timezone=row["timezone"],
                        career_stage_id=stages[row["career_stage"]],
                    )
                )
                if len(batch) == 2000:
                    Employee.objects.bulk_create(batch)
                    batch = []
            Employee.objects.bulk_create(batch)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak_rss_mb(), "rows": rows}))


if __name__ == "__main__":
    main()
