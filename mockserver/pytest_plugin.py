"""Fixtures for a consumer's own test suite: the mock on a free port for the session, reset between tests.

    def test_lists_contacts(hamta_mock):
        response = requests.get(hamta_mock.url("/api/contacts/"), headers=hamta_mock.contacts_auth("admin"))
        assert response.json()["count"] == 200

Override `hamta_mock_settings` in a conftest.py to choose the seed, sizes or quirks. Registered as a pytest11
entry point, so installing hamta is enough.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from hamta import fixtures_dir, load_yaml
from mockserver.accounts import load_accounts
from mockserver.settings import Settings
from mockserver.testing import admin_headers, reset_mock, running_mock

__all__ = ["MockHandle", "hamta_mock", "hamta_mock_server", "hamta_mock_settings"]


@dataclass
class MockHandle:
    base_url: str
    tokens: dict[str, str] = field(default_factory=dict)  # contacts role -> DRF token
    bearer: str = ""  # a Callbell API token
    logins: list[tuple[str, str]] = field(default_factory=list)  # conversations (email, password)
    admin_token: str | None = None  # the mock's --admin-token, when its settings give one

    def url(self, path: str) -> str:
        return self.base_url + path

    def contacts_auth(self, role: str = "admin") -> dict[str, str]:
        return {"Authorization": f"Token {self.tokens[role]}"}

    def callbell_auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.bearer}"}

    def reset(self) -> None:
        reset_mock(self.base_url, self.admin_token)

    def state(self) -> dict[str, Any]:
        headers = admin_headers(self.admin_token)
        document: dict[str, Any] = requests.get(self.url("/__mock__/state"), headers=headers, timeout=60).json()
        return document


@pytest.fixture(scope="session")
def hamta_mock_settings() -> Settings:
    """What the session's mock runs with; override it in a conftest.py."""
    return Settings()


@pytest.fixture(scope="session")
def hamta_mock_server(hamta_mock_settings: Settings) -> Iterator[MockHandle]:
    accounts = load_accounts()
    shop = load_yaml(fixtures_dir() / "conversations.yaml")
    with running_mock(hamta_mock_settings) as url:
        yield MockHandle(
            base_url=url,
            tokens={a.username: a.token for a in accounts.for_api("contacts")},
            bearer=accounts.for_api("callbell")[0].token,
            logins=[(u["email"], u["password"]) for u in shop["users"] if u.get("verified")],
            admin_token=hamta_mock_settings.admin_token,
        )


@pytest.fixture
def hamta_mock(hamta_mock_server: MockHandle) -> MockHandle:
    """The session's mock, back to its seeded state for this test."""
    hamta_mock_server.reset()
    return hamta_mock_server
