"""The mock is the twin of the reference Commerce deployment (Django sessions, CSRF, DRF): `contract-tests --api
conversations --twin` signs the same browsers in on both sides and finds no divergence in status, headers,
cookies and their attributes, token relations, pages or bodies. The same run finds the divergence of a mock
that no longer enforces CSRF."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from contract_tests.cli import main as contract_tests
from contract_tests.target import Target
from contract_tests.twin import run_twin
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.reference.commerce_server import CommerceReference, running_commerce_reference

LOGINS = (("sara@shop.example", "hamta-sara-1404"), ("reza@shop.example", "hamta-reza-1404"))
MOCK = Settings(seed=1404, apis=("conversations",))


@pytest.fixture
def commerce() -> Iterator[CommerceReference]:
    """A fresh deployment per run: a twin run writes, and its lists must start from the seed on both sides."""
    with running_commerce_reference(seed=MOCK.seed) as reference:
        yield reference


def _target(commerce: CommerceReference) -> Target:
    return Target(base_url=commerce.url, apis=("conversations",), logins=LOGINS, rate=0)


def test_the_mock_is_the_twin_of_the_commerce_reference(commerce: CommerceReference) -> None:
    with running_mock(MOCK) as twin:
        report = run_twin(_target(commerce), twin)
    diverging = [f"{o.operation}: {o.message}\n  {o.curl}" for o in report.outcomes if o.status != "passed"]
    assert diverging == []
    agreed = sum(int(o.message.split()[0]) for o in report.outcomes if o.status == "passed")
    assert agreed > 120, "the corpus should compare every session, CSRF, login, logout and form step"
    operations = {o.operation for o in report.outcomes}
    assert {"GET /csrf_token/", "POST /users/login/", "POST /users/logout", "POST /users/contact-us/"} <= operations


def test_a_twin_without_csrf_diverges(commerce: CommerceReference) -> None:
    with running_mock(Settings(**{**MOCK.__dict__, "faults": ("csrf-off",)})) as twin:
        report = run_twin(_target(commerce), twin)
    failed = [o for o in report.outcomes if o.status == "failed"]
    assert any("CSRF Failed" in o.message for o in failed), "a mock that skips CSRF must not pass as a twin"


def test_contract_tests_twin_for_the_session_api_on_the_command_line(
    commerce: CommerceReference, tmp_path: Path
) -> None:
    junit = tmp_path / "twin.xml"
    logins = [arg for email, password in LOGINS for arg in ("--login", f"{email}:{password}")]
    with running_mock(MOCK) as twin:
        argv = ["--base-url", commerce.url, "--api", "conversations", *logins, "--twin", twin, "--junit", str(junit)]
        assert contract_tests(argv) == 0
    assert "twin" in junit.read_text(encoding="utf-8")
