"""Reference deployments for the tests in this folder: the DRF project of `contacts_drf/`, started on SQLite and
on a throwaway PostgreSQL server. PostgreSQL's binaries come from Debian's `postgresql` package, which `.ci/run`
installs: without them these tests skip with what to install, except in CI, where they fail."""

from __future__ import annotations

import os
from collections.abc import Iterator

import django
import psycopg
import pytest
import requests
from django.conf import settings

from contract_tests.target import Target
from contract_tests.twin import copy_contacts, twin_credentials
from contract_tests.twin.compare import Normaliser, Side, differences
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock.client import SpecClient
from tests.reference.drf_server import Reference, running_reference
from tests.reference.postgres import PostgresServer, running_postgres, skip_reason

DATABASES = ("sqlite", "postgresql")

# Django set up inside the test process too, for the tests that call the framework's own validators and parsers
# (test_spec_against_django.py, test_search_terms_against_drf.py): no database, no apps, no translations. The
# deployments run in processes of their own.
if not settings.configured:
    settings.configure(USE_I18N=False)
    django.setup()
_created = iter(range(1, 10_000))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    reason = skip_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is needed in CI: {reason}")
        pytest.skip(reason)
    with running_postgres() as server:
        yield server


def fresh_database(server: PostgresServer) -> str:
    """A new empty database on the server, as a URL the reference's settings read."""
    name = f"reference_{next(_created)}"
    with psycopg.connect(server.conninfo(), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://{server.user}@{server.host}:{server.port}/{name}"


def reference_on(database: str, request: pytest.FixtureRequest) -> Iterator[Reference]:
    url = fresh_database(request.getfixturevalue("postgres")) if database == "postgresql" else None
    with running_reference(url) as reference:
        yield reference


@pytest.fixture(scope="module", params=DATABASES)
def reference(request: pytest.FixtureRequest) -> Iterator[Reference]:
    """The reference with the mock's default seed and size, on each database in turn."""
    yield from reference_on(request.param, request)


# A small twin of the reference: its rows copied into a mock of the reference's database profile.
TWIN = Settings(seed=77, contacts=15, apis=("contacts",))
Twins = tuple[tuple[Side, dict[str, str]], tuple[Side, dict[str, str]]]


@pytest.fixture(scope="module")
def twins(reference: Reference) -> Iterator[Twins]:
    """The reference and a mock with its rows, each as a side to compare and its tokens by role."""
    with running_mock(Settings(**{**TWIN.__dict__, "profile": reference.database})) as url:
        session = requests.Session()
        copy_contacts(session, Target(base_url=reference.url, tokens=reference.tokens(), rate=0), url, {})
        yield (Side(reference.url, {}), reference.tokens()), (Side(url, {}), twin_credentials(session, url, {}))


def assert_twins_agree(
    api: str, sides: tuple[Side, Side], answers: list[requests.Response], what: str, *, browsable: bool = False
) -> None:
    """Both answers are the spec's (it describes the deployment, and so its twin; with `browsable`, but the browsable
    API's pages, which it leaves out), and they agree as `contract-tests --twin` compares them."""
    referee = SpecClient("", api)
    for answer in answers:
        if browsable:
            referee.check_but_browsable_pages(answer)
        else:
            referee.check(answer)
    found = differences(Normaliser("2000-01-01T00:00:00"), (sides[0], answers[0]), (sides[1], answers[1]))
    assert not found, f"{what}: " + "; ".join(found)
