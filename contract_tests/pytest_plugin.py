"""The contract suites as plain pytest tests: one test per check, for teams that prefer pytest's reporting.

    pytest --pyargs contract_tests.pytest_suite --hamta-base-url https://staging.example.com \\
        --hamta-api contacts --hamta-token "$TOKEN" --junitxml report.xml

The options mirror `contract-tests`; HAMTA_* environment variables and `--hamta-config FILE` work as there.
Registered as a pytest11 entry point, so installing hamta is enough.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from contract_tests.target import ROLE_CODES, Target, load_target

__all__ = ["pytest_addoption", "pytest_generate_tests"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("hamta", "hamta contract tests")
    group.addoption("--hamta-base-url", help="the deployment to test")
    group.addoption("--hamta-api", action="append", help="which API (repeatable; default contacts)")
    group.addoption("--hamta-token", help="contacts admin token")
    for role in ROLE_CODES:
        group.addoption(f"--hamta-{role}-token", dest=f"hamta_token_{role}", help=f"contacts {role} token")
    group.addoption("--hamta-login", action="append", help="conversations EMAIL:PASSWORD (repeatable)")
    group.addoption("--hamta-bearer", help="callbell token")
    group.addoption("--hamta-config", type=Path, help="TOML file with the settings")
    group.addoption("--hamta-read-only", action="store_true", default=None, help="send only safe methods")
    group.addoption("--hamta-max-examples", type=int, help="Hypothesis examples per property")
    group.addoption("--hamta-seed", type=int, help="Hypothesis seed")
    group.addoption(
        "--hamta-generated",
        action="store_true",
        default=None,
        help="run the Schemathesis suites (the default; kept for older command lines)",
    )
    group.addoption("--hamta-profile", help="the deployment's variant (x-profiles), e.g. sqlite; default: any")
    group.addoption("--hamta-role", action="append", help="ROLE=CODES: a role's permission codes (repeatable)")
    group.addoption(
        "--hamta-no-generated",
        dest="hamta_generated",
        action="store_false",
        help="leave the Schemathesis suites out",
    )
    group.addoption(
        "--hamta-strict-inferred",
        action="store_true",
        default=None,
        help="fail on behaviour the spec only inferred (x-inferred); by default such a finding is an xfail",
    )
    group.addoption("--hamta-callbell-test-number", help="callbell: the one number messages may be sent to")
    group.addoption("--hamta-callbell-test-webhook", help="callbell: the one URL a webhook may be subscribed to")
    group.addoption(
        "--hamta-callbell-account-writes",
        action="store_true",
        default=None,
        help="callbell: rename the account's first channel, team and template for a moment (and back)",
    )
    group.addoption("--hamta-callbell-contact-shape", help="callbell: docs (per endpoint), object or array")


def _target(config: pytest.Config) -> Target:
    option = config.option
    tokens = {role: getattr(option, f"hamta_token_{role}", None) for role in ROLE_CODES}
    tokens["admin"] = tokens["admin"] or option.hamta_token
    flags: dict[str, Any] = {
        "base_url": option.hamta_base_url,
        "apis": option.hamta_api,
        "tokens": tokens,
        "bearer": option.hamta_bearer,
        "logins": [tuple(item.split(":", 1)) for item in option.hamta_login or () if ":" in item],
        "read_only": option.hamta_read_only,
        "max_examples": option.hamta_max_examples,
        "seed": option.hamta_seed,
        "generated": option.hamta_generated,
        "profile": option.hamta_profile,
        "roles": option.hamta_role,
        "strict_inferred": option.hamta_strict_inferred,
        "callbell_test_number": option.hamta_callbell_test_number,
        "callbell_test_webhook": option.hamta_callbell_test_webhook,
        "callbell_account_writes": option.hamta_callbell_account_writes,
        "callbell_contact_shape": option.hamta_callbell_contact_shape,
    }
    return load_target(flags, option.hamta_config)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "hamta_check" not in metafunc.fixturenames:
        return
    import contract_tests.suites  # noqa: F401  (registers the checks)
    from contract_tests.registry import CHECKS

    target = _target(metafunc.config)
    metafunc.config.stash[_TARGET] = target
    chosen = [c for c in CHECKS if c.api in target.apis and (target.generated or not c.generated)]
    metafunc.parametrize("hamta_check", chosen, ids=[f"{c.api}-{c.name}" for c in chosen], scope="session")


_TARGET = pytest.StashKey[Target]()


@pytest.fixture(scope="session")
def hamta_target(request: pytest.FixtureRequest) -> Target:
    return request.config.stash[_TARGET]
