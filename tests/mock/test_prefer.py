"""Prism-compatible `Prefer`, per-request trouble, and global latency and errors reproducible from the seed."""

from __future__ import annotations

import time

import pytest
import requests

from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock.client import SpecClient
from tests.mock.conftest import CONTACTS


def test_prefer_code_answers_the_specs_example_without_touching_state(admin: SpecClient) -> None:
    response = admin.post("/api/contacts/", json={"subject": "s"}, headers={"Prefer": "code=400"})
    assert response.status_code == 400
    assert response.json() == {"subject": ["This field is required."]}  # the spec's first 400 example
    assert admin.get("/api/contacts/").json()["count"] == CONTACTS


def test_prefer_example_picks_a_named_example(admin: SpecClient) -> None:
    response = admin.get("/api/contacts/1/", headers={"Prefer": "example=notAnInteger"})
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})
    seed = admin.get("/api/contacts/", headers={"Prefer": "example=seed002"})
    assert seed.json()["count"] == 16


def test_prefer_example_answers_in_the_media_type_that_holds_it(admin: SpecClient) -> None:
    """A 400 is the view's JSON or Django's page (`x-data-upload-limits`): the named example decides which, and a
    text example is sent as its text, not as a JSON string."""
    response = admin.post("/api/contacts/", json={}, headers={"Prefer": "example=tooManyFields"})
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.text.startswith("TooManyFieldsSent at /api/contacts/\nThe number of GET/POST parameters")


def test_prefer_dynamic_makes_up_a_body_that_fits_the_schema(admin: SpecClient) -> None:
    # the client validates every response against the spec: a made-up body must pass too
    for path in ("/api/contacts/", "/api/contacts/3/"):
        assert admin.get(path, headers={"Prefer": "dynamic=true"}).status_code == 200
    created = admin.post("/api/contacts/", json={}, headers={"Prefer": "code=201, dynamic=true"})
    assert created.status_code == 201
    assert admin.get("/api/contacts/").json()["count"] == CONTACTS


def test_prefer_for_an_undeclared_status_is_refused(admin: SpecClient) -> None:
    # The mock's own answer to a Prefer it cannot honour: outside the API's contract, so not spec-checked.
    headers = {"Prefer": "code=418", "Authorization": f"Token {admin.token}"}
    response = requests.get(f"{admin.base_url}/api/contacts/", headers=headers, timeout=30)
    assert response.status_code == 422
    assert "418" in response.json()["detail"]


def test_prefer_delay(admin: SpecClient) -> None:
    started = time.monotonic()
    assert admin.get("/api/contacts/?limit=1", headers={"Prefer": "delay=300"}).status_code == 200
    assert time.monotonic() - started >= 0.3


def test_prefer_fault_drop_closes_the_connection(admin: SpecClient) -> None:
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{admin.base_url}/api/contacts/", headers={"Prefer": "fault=drop"}, timeout=30)


def test_prefer_fault_malformed_truncates_the_body(admin: SpecClient) -> None:
    headers = {"Prefer": "fault=malformed", "Authorization": f"Token {admin.token}"}
    response = requests.get(f"{admin.base_url}/api/contacts/?limit=2", headers=headers, timeout=30)
    assert response.status_code == 200
    with pytest.raises(requests.JSONDecodeError):
        response.json()


def _statuses(settings: Settings) -> list[int]:
    with running_mock(settings) as url:
        return [requests.get(f"{url}/api/contacts/", timeout=30).status_code for _ in range(40)]


def test_error_rate_is_reproducible_from_the_seed() -> None:
    first = _statuses(Settings(seed=3, contacts=2, apis=("contacts",), error_rate=0.3))
    again = _statuses(Settings(seed=3, contacts=2, apis=("contacts",), error_rate=0.3))
    assert first == again
    assert 500 in first
    assert 401 in first  # the others reach the API (no credentials: 401)
    other = _statuses(Settings(seed=4, contacts=2, apis=("contacts",), error_rate=0.3))
    assert other != first


def test_latency_applies_to_every_request() -> None:
    with running_mock(Settings(seed=3, contacts=2, apis=("contacts",), latency="200")) as url:
        started = time.monotonic()
        requests.get(f"{url}/api/contacts/", timeout=30)
        assert time.monotonic() - started >= 0.2
