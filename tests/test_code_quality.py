"""The house rules CI enforces: ruff's lint and format, and mypy --strict over the packages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_lint_is_clean() -> None:
    result = _run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = _run("ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_contract_tests_never_import_mockserver() -> None:
    """contract_tests must work against a deployment it knows only by URL."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "contract_tests").rglob("*.py")
        if "import mockserver" in path.read_text(encoding="utf-8")
        or "from mockserver" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
