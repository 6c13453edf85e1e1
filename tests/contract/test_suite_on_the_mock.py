"""The whole contacts suite holds against the mock, leaves nothing behind, and reports for CI."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from contract_tests.runner import run
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.contract.conftest import TOKENS, target_for


def test_every_check_passes_against_the_mock(honest_mock: str) -> None:
    report = run(target_for(honest_mock))
    failed = [o for o in report.outcomes if o.status not in ("passed",)]
    assert failed == [], report.summary()
    assert {o.check for o in report.outcomes} >= {
        "schemathesis_contacts",  # the Schemathesis suite is part of the default run
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


GENERATED = {(api, f"schemathesis_{api}") for api in ("contacts", "conversations", "callbell")}


@pytest.fixture(scope="module")
def every_api() -> Iterator[str]:
    with running_mock(Settings(seed=12, contacts=100, apis=("contacts", "conversations", "callbell"))) as url:
        yield url


# The default run, Schemathesis suites included, holds on every seed (the seeds that used to find something
# among them: 2 and 7 a form-encoded PATCH body, 5 Callbell's pinned DELETE, 28 an empty `page`).
@pytest.mark.parametrize("seed", [2, 5, 7, 28, 1404])
def test_every_api_passes_against_the_mock(every_api: str, seed: int) -> None:
    apis = ("contacts", "conversations", "callbell")
    report = run(target_for(every_api, apis=apis, seed=seed, callbell_test_number="+98 999 999 7777"))
    assert report.ok, report.summary()
    checks = {(o.api, o.check) for o in report.outcomes if o.status == "passed"}
    for expected in [
        ("conversations", "csrf_enforced"),
        ("conversations", "users_isolated"),
        ("conversations", "session_required"),
        ("callbell", "references_must_exist"),
        ("callbell", "contact_writes_hold"),
        ("callbell", "custom_status_writes_hold"),
        ("callbell", "sent_message_listed"),
        ("callbell", "contacts_paging"),
        ("callbell", "documented_shapes"),
        ("callbell", "trailing_slash_quirk"),
        *GENERATED,
    ]:
        assert expected in checks, expected


def test_generated_suites_run_by_default(honest_mock: str) -> None:
    default = run(target_for(honest_mock, read_only=True))
    assert [(o.check, o.status) for o in default.outcomes if o.check.startswith("schemathesis_")] == [
        ("schemathesis_contacts", "passed")
    ]
    left_out = run(target_for(honest_mock, read_only=True, generated=False))
    assert not [o for o in left_out.outcomes if o.check.startswith("schemathesis_")]
    assert left_out.ok, left_out.summary()


@pytest.mark.parametrize(("flag", "included"), [([], True), (["--generated"], True), (["--no-generated"], False)])
def test_cli_generated_flags(honest_mock: str, tmp_path: Path, flag: list[str], included: bool) -> None:
    junit = tmp_path / "report.xml"
    command = [sys.executable, "-m", "contract_tests", "--base-url", honest_mock, "--rate", "0", "--max-examples", "3"]
    command += ["--token", TOKENS["admin"], "--read-only", "--junit", str(junit), *flag]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    names = {case.get("name") for case in ET.parse(junit).getroot().iter("testcase")}
    assert "pagination_walk" in names
    assert ("schemathesis_contacts" in names) is included


@pytest.mark.parametrize(
    "profile",
    [
        "sqlite",
        "postgresql,router=simple",
        "sqlite,viewing=update-fields",
        "postgresql,search-folding=persian-letters",
    ],
)
def test_the_suite_passes_on_the_mock_in_each_profile(profile: str) -> None:
    """Every stock variant passes without being named (the default profile is the honest mock above), and the
    semantic checks pass when it is named."""
    with running_mock(Settings(seed=11, contacts=150, apis=("contacts",), profile=profile)) as url:
        report = run(target_for(url, max_examples=5))
        assert report.ok, report.summary()
        named = run(target_for(url, profile=profile, generated=False))
        assert named.ok, f"--profile {profile}:\n{named.summary()}"


def test_a_named_profile_holds_the_deployment_to_it() -> None:
    """Told the deployment runs PostgreSQL, the suite refuses SQLite's null order."""
    with running_mock(Settings(seed=11, contacts=150, apis=("contacts",), profile="sqlite")) as url:
        report = run(target_for(url, profile="postgresql", generated=False), ["ordering_sorted"])
    assert [o.check for o in report.outcomes if o.status == "failed"] == ["ordering_sorted"]


def test_an_unreachable_base_url_is_one_clear_line_and_exit_2() -> None:
    command = [sys.executable, "-m", "contract_tests", "--base-url", "http://127.0.0.1:9", "--token", "x"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("contract-tests: cannot reach http://127.0.0.1:9: ")
    assert "Connection refused" in lines[0]


def test_a_mock_is_the_twin_of_a_mock_through_its_admin_token(capsys: pytest.CaptureFixture[str]) -> None:
    """The twin run between two mocks (the copy makes their rows equal) finds nothing; a twin started with
    --admin-token needs --twin-admin-token, and says so without it."""
    from contract_tests.cli import main as contract_tests

    deployment_settings = Settings(seed=11, contacts=40, apis=("contacts",))
    twin_settings = Settings(seed=3, contacts=5, apis=("contacts",), admin_token="t0ken")
    with running_mock(deployment_settings) as deployment, running_mock(twin_settings) as twin:
        argv = ["--base-url", deployment, "--token", TOKENS["admin"], "--twin", twin]
        for role in ("staff", "viewer", "nobody"):
            argv += [f"--{role}-token", TOKENS[role]]
        assert contract_tests(argv) == 2
        assert "answered 401" in capsys.readouterr().err
        assert contract_tests([*argv, "--twin-admin-token", "t0ken"]) == 0
        assert "0 failed" in capsys.readouterr().out
