"""Production settings pass Django's deployment checklist."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Set for the test run by crossgen.web.test_settings; production must not inherit them.
TEST_ONLY = {
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "SECURE_SSL_REDIRECT",
    "EMAIL_BACKEND",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests for Playwright
}


def _production_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    return {**env, "DJANGO_SETTINGS_MODULE": "crossgen.web.settings", **values}


def test_production_settings_pass_check_deploy_at_warning_level() -> None:
    env = _production_env(
        SECRET_KEY="k2Hq9-deploy-check-only-8Zf0pXw3LrT6vN1yB4mQ7sD2gJ5hK8cV0aE3uI6oP9",
        ALLOWED_HOSTS="crossgen.example.com",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_refuse_to_start_without_a_secret_key_in_production() -> None:
    env = _production_env()
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
