"""The mock is the twin of the reference deployment: `contract-tests --twin` copies the reference's rows into a
mock playing the matching profile, sends both one corpus, and finds no divergence, on SQLite and on PostgreSQL.
The same machinery finds a divergence where there is one (a mock playing the other database)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from contract_tests.cli import main as contract_tests
from contract_tests.target import Target
from contract_tests.twin import run_twin
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.reference.drf_server import Reference

# A seed and size the twin's mock does not start with: the copy, not a shared seed, makes the rows equal.
MOCK = Settings(seed=77, contacts=15, apis=("contacts",))


@pytest.fixture
def twin(reference: Reference) -> Iterator[str]:
    with running_mock(Settings(**{**MOCK.__dict__, "profile": reference.database})) as url:
        yield url


def test_the_mock_is_the_twin_of_the_reference(reference: Reference, twin: str) -> None:
    # The deployment's id sequence runs ahead of its rows (a deleted row's id is not reused): the twin's new rows
    # get other ids than the deployment's, which the comparison must see through.
    auth = {"Authorization": f"Token {reference.tokens()['admin']}"}
    made = requests.post(f"{reference.url}/api/contacts/", json={"subject": "gone"}, headers=auth, timeout=30)
    requests.delete(f"{reference.url}/api/contacts/{made.json()['id']}/", headers=auth, timeout=30)
    report = run_twin(Target(base_url=reference.url, tokens=reference.tokens(), rate=0), twin)
    diverging = [f"{o.operation}: {o.message}\n  {o.curl}" for o in report.outcomes if o.status != "passed"]
    assert diverging == []
    agreed = sum(int(o.message.split()[0]) for o in report.outcomes if o.status == "passed")
    assert agreed > 250, "the corpus should compare every operation, filter, ordering, error and quirk"
    operations = {o.operation for o in report.outcomes}
    assert {"GET /api/contacts/", "POST /api/contacts/", "PATCH /api/contacts/{id}/"} <= operations


def test_a_twin_playing_the_other_database_diverges_on_null_order(reference: Reference) -> None:
    other = "postgresql" if reference.database == "sqlite" else "sqlite"
    with running_mock(Settings(**{**MOCK.__dict__, "profile": other})) as url:
        report = run_twin(Target(base_url=reference.url, tokens=reference.tokens(), rate=0), url)
    failed = [o for o in report.outcomes if o.status == "failed"]
    assert failed, "a mock on the other database's null order must not pass as a twin"
    assert any("viewed_at" in o.curl and "ordering" in o.curl for o in failed)
    assert all("curl" in o.curl and "twin:" in o.curl for o in failed)


@pytest.mark.parametrize("reference", ["sqlite"], indirect=True)  # the command line is database-blind
def test_contract_tests_twin_on_the_command_line(reference: Reference, twin: str, tmp_path: Path) -> None:
    tokens = reference.tokens()
    junit = tmp_path / "twin.xml"
    argv = ["--base-url", reference.url, "--api", "contacts", "--token", tokens["admin"]]
    for role in ("staff", "viewer", "nobody"):
        argv += [f"--{role}-token", tokens[role]]
    assert contract_tests([*argv, "--twin", twin, "--junit", str(junit)]) == 0
    assert "twin" in junit.read_text(encoding="utf-8")


@pytest.mark.parametrize("reference", ["sqlite"], indirect=True)
def test_contract_tests_twin_says_why_when_the_twin_is_no_mock(reference: Reference, capsys) -> None:
    argv = ["--base-url", reference.url, "--token", reference.tokens()["admin"], "--twin", reference.url]
    assert contract_tests(argv) == 2
    assert "is not a hamta mock" in capsys.readouterr().err
