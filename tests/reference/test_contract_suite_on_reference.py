"""No false alarms: `contract-tests` exits 0 against the reference deployment on SQLite and on PostgreSQL, all four
roles given, at the default settings with seeds 1-5 and at `--max-examples 100` with seeds 1-2.

The semantic checks draw their Hypothesis examples derandomized (contract_tests/suites/contacts.py), so a seed
changes only what Schemathesis generates: seed 1 runs everything, the other seeds the generated suite alone.
Each database's runs are sequential (they share its rows); the two databases run side by side.
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest

from tests.reference.conftest import fresh_database
from tests.reference.drf_server import Reference, running_reference

RUNS: list[list[str]] = [
    ["--seed", "1"],
    *(["--seed", str(seed), "--check", "schemathesis_contacts"] for seed in range(2, 6)),
    ["--seed", "1", "--max-examples", "100"],
    ["--seed", "2", "--max-examples", "100", "--check", "schemathesis_contacts"],
]


def _runs(reference: Reference) -> list[str]:
    """Each run's failure (its arguments and output); empty when every run exits 0."""
    tokens = reference.tokens()
    base = [sys.executable, "-m", "contract_tests", "--base-url", reference.url, "--api", "contacts"]
    base += ["--token", tokens["admin"], "--profile", reference.database]
    for role in ("staff", "viewer", "nobody"):
        base += [f"--{role}-token", tokens[role]]
    failures = []
    for extra in RUNS:
        done = subprocess.run([*base, *extra], capture_output=True, text=True, timeout=1200)
        if done.returncode != 0:
            failures.append(f"{reference.database} {' '.join(extra)}: exit {done.returncode}\n{done.stdout[-4000:]}")
    return failures


def test_the_contract_suite_has_no_false_alarm_on_the_reference(request: pytest.FixtureRequest) -> None:
    with ExitStack() as stack:
        sqlite = stack.enter_context(running_reference())
        postgres = stack.enter_context(running_reference(fresh_database(request.getfixturevalue("postgres"))))
        with ThreadPoolExecutor(max_workers=2) as pool:
            failures = [f for found in pool.map(_runs, (sqlite, postgres)) for f in found]
    assert failures == [], "\n\n".join(failures)


def test_without_a_profile_the_suite_accepts_either_database(reference: Reference) -> None:
    """The profile is optional: with none given, every stock variant passes (here the semantic checks)."""
    tokens = reference.tokens()
    argv = [sys.executable, "-m", "contract_tests", "--base-url", reference.url, "--token", tokens["admin"]]
    done = subprocess.run([*argv, "--no-generated"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:]
