"""A consumer's test suite gets the mock from the plugin: on a free port, reset between tests."""

from __future__ import annotations

from pathlib import Path

from tests.support import run_pytest

CONSUMER = """
import requests


def test_creates_a_contact(hamta_mock):
    created = requests.post(hamta_mock.url("/api/contacts/"), json={"subject": "x"},
                            headers=hamta_mock.contacts_auth("staff"), timeout=30)
    assert created.status_code == 201
    listing = requests.get(hamta_mock.url("/api/contacts/"), headers=hamta_mock.contacts_auth(), timeout=30)
    assert listing.json()["count"] == 6


def test_the_next_test_starts_from_the_seed(hamta_mock):
    listing = requests.get(hamta_mock.url("/api/contacts/"), headers=hamta_mock.contacts_auth(), timeout=30)
    assert listing.json()["count"] == 5
    assert requests.get(hamta_mock.url("/v1/teams"), headers=hamta_mock.callbell_auth(), timeout=30).status_code == 200
    assert hamta_mock.logins
"""

CONFTEST = """
import pytest
from mockserver.settings import Settings


@pytest.fixture(scope="session")
def hamta_mock_settings():
    return Settings(seed=9, contacts=5)
"""


def test_a_consumer_suite_uses_the_fixture(tmp_path: Path) -> None:
    (tmp_path / "test_consumer.py").write_text(CONSUMER)
    (tmp_path / "conftest.py").write_text(CONFTEST)
    result = run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "2 passed" in result.stdout
