"""Companies shared by the demodata tests: generating is pure, so one per session is enough."""

from __future__ import annotations

import pytest

from crossgen.demodata import DemoCompany, generate_company


@pytest.fixture(scope="session")
def company() -> DemoCompany:
    return generate_company()  # the documented default: 2,000 people, seed 7


@pytest.fixture(scope="session")
def big_company() -> DemoCompany:
    return generate_company(employees=20_000, seed=11)
