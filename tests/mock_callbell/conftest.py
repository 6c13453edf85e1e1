"""A live Callbell mock per session, reset before each test, and a client that speaks Bearer and checks every
response against spec/callbell.yaml with openapi-core."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

from mockserver.accounts import load_accounts
from mockserver.settings import Settings
from mockserver.testing import reset_mock, running_mock
from tests.mock.client import SpecClient, openapi

SEED = 4004
TOKENS = {account.username: account.token for account in load_accounts().for_api("callbell")}
TOKEN = TOKENS["api"]


def _unslashed(url: str) -> str:
    scheme, netloc, path, query, fragment = urlsplit(url)
    return urlunsplit((scheme, netloc, path.rstrip("/"), query, fragment))


class CallbellClient(SpecClient):
    """Paths are relative to /v1. A slash-toggled path (`/v1/contacts/`) is checked as the declared path it
    stands for: openapi-core would match it to `/contacts/{uuid}` with an empty uuid."""

    def __init__(self, base_url: str, token: str | None = TOKEN) -> None:
        super().__init__(base_url + "/v1", "callbell", token)

    def request(self, method: str, path: str, *, token: str | None = ..., **kwargs: Any) -> requests.Response:  # type: ignore[assignment]
        headers = dict(kwargs.pop("headers", None) or {})
        chosen = self.token if token is ... else token
        if chosen is not None and "Authorization" not in headers:
            headers["Authorization"] = f"Bearer {chosen}"
        return super().request(method, path, token=None, headers=headers, **kwargs)

    def check(self, response: requests.Response) -> None:
        if not urlsplit(str(response.request.url)).path.endswith("/"):
            super().check(response)
            return
        self.seen += 1
        if response.status_code == 404:
            assert response.json() == {"error": "Not found"}
            return
        request = response.request.copy()
        request.url = _unslashed(str(request.url))
        openapi(self.api).validate_response(RequestsOpenAPIRequest(request), RequestsOpenAPIResponse(response))


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    with running_mock(Settings(seed=SEED, apis=("callbell",))) as url:
        yield url


@pytest.fixture
def fresh(base_url: str) -> str:
    """Back to the seeded state before the test."""
    reset_mock(base_url)
    return base_url


@pytest.fixture
def api(fresh: str) -> CallbellClient:
    return CallbellClient(fresh)


def dump(base_url: str) -> dict[str, Any]:
    """The whole Callbell state as the mock holds it (admin endpoint), to compute expectations independently."""
    response = requests.get(f"{base_url}/__mock__/state", timeout=30)
    assert response.status_code == 200
    section: dict[str, Any] = response.json()["callbell"]
    return section


def inbound(base_url: str, **body: Any) -> dict[str, Any]:
    """A customer's message, through the admin trigger: opens the contact's 24-hour window."""
    response = requests.post(f"{base_url}/__mock__/callbell/inbound", json=body, timeout=30)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def advance(base_url: str, seconds: int) -> str:
    """Moves the Callbell clock forward; the new time."""
    response = requests.post(f"{base_url}/__mock__/callbell/clock", json={"advance": seconds}, timeout=30)
    assert response.status_code == 200, response.text
    now: str = response.json()["now"]
    return now


def sendable_template(base_url: str, index: int = 0) -> dict[str, Any]:
    """An approved template of the account (one without a status predates statuses: approved)."""
    templates = dump(base_url)["account"]["templates"]
    approved: list[dict[str, Any]] = [t for t in templates if t.get("status", "approved") == "approved"]
    return approved[index]


def stored(base_url: str, uuid: str) -> dict[str, Any]:
    """One contact as the state holds it: every field, also those no endpoint's documented keys show."""
    contact: dict[str, Any] = next(c for c in dump(base_url)["contacts"] if c["uuid"] == uuid)
    return contact


def shown(body: dict[str, Any]) -> dict[str, Any]:
    """The contact of a `{"contact": ...}` answer, whichever wrapper the endpoint documents."""
    contact = body["contact"]
    if isinstance(contact, list):
        assert len(contact) == 1
        contact = contact[0]
    assert isinstance(contact, dict)
    return contact


def walk(api: CallbellClient, **params: str) -> list[dict[str, Any]]:
    """Every contact the list shows: page 1, 2, ... until an empty page."""
    seen: list[dict[str, Any]] = []
    page = 1
    while True:
        response = api.get("/contacts", params={**params, "page": str(page)})
        assert response.status_code == 200, response.text
        assert set(response.json()) == {"contacts"}
        batch = response.json()["contacts"]
        if not batch:
            return seen
        seen.extend(batch)
        page += 1
