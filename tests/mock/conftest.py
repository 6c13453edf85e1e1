from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from mockserver.accounts import load_accounts
from mockserver.settings import Settings
from mockserver.testing import reset_mock, running_mock
from tests.mock.client import SpecClient

SEED = 20260101
CONTACTS = 120
TOKENS = {account.username: account.token for account in load_accounts().for_api("contacts")}


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    with running_mock(Settings(seed=SEED, contacts=CONTACTS, apis=("contacts",))) as url:
        yield url


@pytest.fixture
def fresh(base_url: str) -> str:
    """Back to the seeded state before the test."""
    reset_mock(base_url)
    return base_url


@pytest.fixture
def admin(fresh: str) -> SpecClient:
    return SpecClient(fresh, "contacts", TOKENS["admin"])


@pytest.fixture
def anonymous(fresh: str) -> SpecClient:
    return SpecClient(fresh, "contacts", None)


@pytest.fixture
def client_for(fresh: str) -> Any:
    def make(role: str | None) -> SpecClient:
        return SpecClient(fresh, "contacts", TOKENS[role] if role else None)

    return make


def all_contacts(base_url: str) -> list[dict[str, Any]]:
    """The whole store as the mock holds it (admin dump), to compute expected results independently."""
    state = requests.get(f"{base_url}/__mock__/state", timeout=30).json()
    return state["contacts"]["records"]
