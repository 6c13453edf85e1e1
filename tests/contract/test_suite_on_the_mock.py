"""The whole contacts suite holds against the mock, leaves nothing behind, and reports for CI."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import requests

from contract_tests.runner import run
from tests.contract.conftest import TOKENS, target_for


def test_every_check_passes_against_the_mock(honest_mock: str) -> None:
    report = run(target_for(honest_mock))
    failed = [o for o in report.outcomes if o.status not in ("passed",)]
    assert failed == [], report.summary()
    assert {o.check for o in report.outcomes} >= {
        "pagination_walk",
        "filters_hold",
        "ordering_sorted",
        "search_matches",
        "auth_required",
        "permission_matrix",
        "create_read_back",
        "patch_keeps_unsent",
        "trailing_slash_quirk",
        "response_schema_conformance",
    }


def test_the_suite_deletes_what_it_created_and_nothing_else(honest_mock: str) -> None:
    before = requests.get(f"{honest_mock}/__mock__/state", timeout=30).json()["contacts"]["records"]
    run(target_for(honest_mock))
    after = requests.get(f"{honest_mock}/__mock__/state", timeout=30).json()["contacts"]["records"]
    assert [c["id"] for c in after] == [c["id"] for c in before]
    assert not [c for c in after if c["subject"].startswith("hamta-ct")]


def test_read_only_sends_no_unsafe_method(honest_mock: str) -> None:
    requests.delete(f"{honest_mock}/__mock__/journal", timeout=30)
    report = run(target_for(honest_mock, read_only=True))
    assert report.ok, report.summary()
    methods = {
        e["method"] for e in requests.get(f"{honest_mock}/__mock__/journal?limit=5000", timeout=30).json()["entries"]
    }
    assert methods <= {"GET", "HEAD", "OPTIONS"}
    assert {o.check for o in report.outcomes if o.status == "skipped"} >= {"create_read_back", "permission_matrix"}


def test_cli_exit_code_summary_and_junit(honest_mock: str, tmp_path: Path) -> None:
    junit = tmp_path / "report.xml"
    command = [
        sys.executable,
        "-m",
        "contract_tests",
        "--base-url",
        honest_mock,
        "--rate",
        "0",
        "--max-examples",
        "5",
        "--token",
        TOKENS["admin"],
        "--junit",
        str(junit),
        "--read-only",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith(tuple(f"{n} passed, 0 failed" for n in range(1, 100)))
    suites = ET.parse(junit).getroot()
    assert suites.find("testsuite").get("failures") == "0"


def test_cli_needs_a_base_url() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "contract_tests"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 2
    assert "base URL" in result.stderr


def test_every_api_passes_against_the_mock() -> None:
    from mockserver.settings import Settings
    from mockserver.testing import running_mock

    with running_mock(Settings(seed=12, contacts=100, apis=("contacts", "conversations", "callbell"))) as url:
        report = run(target_for(url, apis=("contacts", "conversations", "callbell")))
    assert report.ok, report.summary()
    checks = {(o.api, o.check) for o in report.outcomes if o.status == "passed"}
    for expected in [
        ("conversations", "csrf_enforced"),
        ("conversations", "users_isolated"),
        ("conversations", "session_required"),
        ("callbell", "references_must_exist"),
        ("callbell", "sent_message_listed"),
        ("callbell", "contacts_paging"),
        ("callbell", "trailing_slash_quirk"),
    ]:
        assert expected in checks, expected


def test_generated_suites_are_opt_in(honest_mock: str) -> None:
    default = run(target_for(honest_mock, read_only=True))
    assert not [o for o in default.outcomes if o.check.startswith("schemathesis_")]
    asked = run(target_for(honest_mock, read_only=True, generated=True), only=["schemathesis_contacts"])
    assert [o.check for o in asked.outcomes if o.check.startswith("schemathesis_")] == ["schemathesis_contacts"]
    assert asked.ok, asked.summary()
