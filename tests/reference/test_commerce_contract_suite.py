"""The contract suite raises no false alarm on the reference Commerce deployment: every conversations check,
the session and CSRF checks included, and Schemathesis over the whole spec, pass on stock Django + DRF. The
same checks still fail the mock's faults (tests/contract/test_faults_are_caught.py)."""

from __future__ import annotations

import pytest

from contract_tests.cli import main as contract_tests
from tests.reference.commerce_server import running_commerce_reference

LOGINS = ["--login", "sara@shop.example:hamta-sara-1404", "--login", "reza@shop.example:hamta-reza-1404"]


@pytest.mark.parametrize("seed", [1])
def test_the_contract_suite_passes_on_the_commerce_reference(seed: int, capsys: pytest.CaptureFixture[str]) -> None:
    with running_commerce_reference() as reference:
        code = contract_tests(["--base-url", reference.url, "--api", "conversations", *LOGINS, "--seed", str(seed)])
    summary = capsys.readouterr().out
    assert code == 0, summary
    assert "0 failed" in summary
