"""The suites as a pytest plugin: `pytest --pyargs contract_tests.pytest_suite --hamta-base-url ...`."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.contract.conftest import TOKENS


def _pytest(url: str, tmp_path: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    junit = tmp_path / "junit.xml"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--pyargs",
        "contract_tests.pytest_suite",
        "--hamta-base-url",
        url,
        "--hamta-token",
        TOKENS["admin"],
        "--hamta-max-examples",
        "5",
        f"--junitxml={junit}",
        *extra,
    ]
    return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300), junit


def test_plugin_passes_against_the_mock(tmp_path: Path) -> None:
    with running_mock(Settings(seed=3, contacts=60, apis=("contacts",))) as url:
        result, junit = _pytest(url, tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]
    cases = ET.parse(junit).getroot().iter("testcase")
    assert {case.get("name") for case in cases} >= {
        "test_contract[contacts-pagination_walk]",
        "test_contract[contacts-auth_required]",
        "test_contract[contacts-schemathesis_contacts]",  # the Schemathesis suite runs by default here too
    }


def test_plugin_fails_on_a_defect(tmp_path: Path) -> None:
    with running_mock(Settings(seed=3, contacts=60, apis=("contacts",), faults=("ignored-auth",))) as url:
        result, _ = _pytest(url, tmp_path)
    assert result.returncode == 1
    assert "contacts-auth_required" in result.stdout


def test_plugin_can_leave_the_generated_suites_out(tmp_path: Path) -> None:
    with running_mock(Settings(seed=3, contacts=60, apis=("contacts",))) as url:
        result, junit = _pytest(url, tmp_path, "--hamta-no-generated", "--hamta-read-only")
    assert result.returncode == 0, result.stdout[-2000:]
    names = {case.get("name") for case in ET.parse(junit).getroot().iter("testcase")}
    assert "test_contract[contacts-pagination_walk]" in names
    assert not [name for name in names if "schemathesis" in str(name)]
