"""Every setting is declared once in settings.py, read from the environment,
and documented: in .env.example with a comment, and (for the ones an operator
of matching needs) in the README's deploy section."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_SOURCE = (ROOT / "crossgen" / "web" / "settings.py").read_text()
ENV_EXAMPLE = (ROOT / ".env.example").read_text()
README = (ROOT / "README.md").read_text()
MATCHING_SETTINGS = ("SITE_URL", "MATCHING_TIME_BUDGET_SECONDS", "MATCHING_IN_BACKGROUND_THREAD")


def _env_names() -> list[str]:
    return re.findall(r"\benv\.[a-z_]+\(\s*\"([A-Z_]+)\"", SETTINGS_SOURCE)


def _deploy_section() -> str:
    return README.split("## Deploying", 1)[1].split("\n## ", 1)[0]


def test_every_environment_variable_is_in_the_example_file_under_a_comment() -> None:
    lines = ENV_EXAMPLE.splitlines()
    names = _env_names()
    assert set(MATCHING_SETTINGS) <= set(names)
    for name in names:
        where = [k for k, line in enumerate(lines) if line.startswith(f"{name}=")]
        assert where, f".env.example does not mention {name}"
        above = lines[: where[0]]
        # The variable sits in a block (consecutive VAR= lines) that starts under a comment.
        block_start = len(above)
        while block_start > 0 and re.match(r"[A-Z_]+=", above[block_start - 1]):
            block_start -= 1
        assert block_start > 0 and above[block_start - 1].startswith("#"), (
            f"{name} in .env.example has no comment saying what it does"
        )


@pytest.mark.parametrize("name", MATCHING_SETTINGS)
def test_matching_settings_are_documented_in_the_deploy_section(name: str) -> None:
    assert f"`{name}`" in _deploy_section()


def _settings_in_a_fresh_process(**values: str) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if k not in MATCHING_SETTINGS},
        "DJANGO_SETTINGS_MODULE": "crossgen.web.settings",
        "SECRET_KEY": "settings-test-only-0123456789-abcdefghijklmnopqrstuvwxyz",
        **values,
    }
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(MATCHING_SETTINGS)!r}}}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_matching_settings_have_defaults_and_come_from_the_environment() -> None:
    defaults = _settings_in_a_fresh_process()
    assert defaults.returncode == 0, defaults.stderr
    assert json.loads(defaults.stdout) == {
        "SITE_URL": "",
        "MATCHING_TIME_BUDGET_SECONDS": 20.0,
        "MATCHING_IN_BACKGROUND_THREAD": True,
    }

    chosen = _settings_in_a_fresh_process(
        SITE_URL="https://crossgen.example.com/",
        MATCHING_TIME_BUDGET_SECONDS="0",
        MATCHING_IN_BACKGROUND_THREAD="false",
    )
    assert chosen.returncode == 0, chosen.stderr
    assert json.loads(chosen.stdout) == {
        "SITE_URL": "https://crossgen.example.com",
        "MATCHING_TIME_BUDGET_SECONDS": 0.0,
        "MATCHING_IN_BACKGROUND_THREAD": False,
    }


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"SITE_URL": "crossgen.example.com"}, "SITE_URL must start with https://"),
        ({"MATCHING_TIME_BUDGET_SECONDS": "-1"}, "MATCHING_TIME_BUDGET_SECONDS must be 0"),
    ],
)
def test_bad_matching_settings_stop_the_app_with_a_clear_message(
    values: dict[str, str], message: str
) -> None:
    result = _settings_in_a_fresh_process(**values)
    assert result.returncode != 0
    assert message in result.stderr
