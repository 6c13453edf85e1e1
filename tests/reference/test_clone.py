"""`mockserver --clone-from URL --token T`: the mock starts with a deployment's contacts, and a reset returns to
them (the reference deployment plays staging)."""

from __future__ import annotations

import re

import pytest
import requests

from mockserver.app import create_app
from mockserver.routing import StartupError
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.reference.drf_server import Reference


def _all(url: str, token: str) -> list[dict]:
    body = requests.get(f"{url}/api/contacts/?limit=1000&ordering=id", headers={"Authorization": f"Token {token}"})
    return body.json()["results"]


def test_a_clone_serves_the_deployments_contacts_and_a_reset_returns_to_them(reference: Reference) -> None:
    tokens = reference.tokens()
    expected = _all(reference.url, tokens["admin"])
    settings = Settings(seed=5, contacts=3, apis=("contacts",), clone_from=reference.url, clone_token=tokens["viewer"])
    with running_mock(settings) as url:
        assert _all(url, tokens["admin"]) == expected
        created = requests.post(
            f"{url}/api/contacts/", json={"subject": "s"}, headers={"Authorization": f"Token {tokens['admin']}"}
        )
        assert created.json()["id"] == max(c["id"] for c in expected) + 1
        assert requests.post(f"{url}/__mock__/reset").status_code == 200
        assert _all(url, tokens["admin"]) == expected


def test_a_clone_from_an_unreachable_or_refusing_deployment_is_a_clear_startup_error(reference: Reference) -> None:
    for url, token, words in (
        ("http://127.0.0.1:9", "x", "cannot reach"),
        (reference.url, "not-a-token", "answered 401"),
    ):
        with pytest.raises(StartupError, match=rf"^--clone-from {re.escape(url)}: .*{words}"):
            create_app(Settings(apis=("contacts",), clone_from=url, clone_token=token))
