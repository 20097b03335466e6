"""Production mode (DEBUG=false) passes Django's deployment checks with no warnings.

Settings are read once per process, so each case runs manage.py in a subprocess
with the environment a deployment would have.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_no_warnings() -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="fundtracker.example",
        CSRF_TRUSTED_ORIGINS="https://fundtracker.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env | {"DEBUG": "false", "ALLOWED_HOSTS": "fundtracker.example"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def _setting_values(code: str, **env: str) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", f"from fundtracker import settings as s; print(repr(({code})))"],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_trusted_proxy_count_settings() -> None:
    code = "s.AXES_IPWARE_META_PRECEDENCE_ORDER, s.AXES_IPWARE_PROXY_COUNT"
    assert _setting_values(code) == "(('REMOTE_ADDR',), None)"
    assert _setting_values(code, TRUSTED_PROXY_COUNT="1") == (
        "(('HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR'), 0)"
    )
    assert _setting_values(code, TRUSTED_PROXY_COUNT="2") == (
        "(('HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR'), 1)"
    )
