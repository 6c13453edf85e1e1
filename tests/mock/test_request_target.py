"""A request's target however a client spells it: the mock's own endpoints are guarded by the path aiohttp routes
on (escapes decoded, an absolute-form target's path), not by the bytes as sent; and an absolute-form target
(`GET http://host/path`, what a client sends a proxy) is answered as a front server hands it to Django: links,
redirects and the journal carry its path and query on the Host header, never its scheme and host twice.

The requests go out through http.client, which sends a target exactly as written (requests would unescape
`%5F` and cannot send the absolute form)."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock.conftest import TOKENS

AUTH = {"Authorization": f"Token {TOKENS['admin']}"}
ADMIN_TOKEN = {"X-Hamta-Admin-Token": "s3cret"}
# The state endpoint, spelled as aiohttp routes it to the same place (each answers 200 with the token).
STATE_SPELLINGS = [
    "/%5F_mock__/state",
    "/__mock%5f_/state",
    "/__mock__/%73tate",
    "/%5f%5fmock%5f%5f/state",
    "{base}/__mock__/state",  # the absolute form
    "/__mock__%2Fstate",  # a slash escaped: read as a WSGI server reads it (mockserver.raw_targets)
    "{base}/__mock__%2fstate",
]


def _send(base: str, method: str, target: str, headers: dict[str, str] | None = None, body: bytes = b"") -> Any:
    """(status, headers, body) of one request whose target goes out as written."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        connection.request(method, target.format(base=base), body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def guarded() -> Iterator[str]:
    with running_mock(Settings(seed=2, contacts=5, apis=("contacts",), admin_token="s3cret")) as base:
        yield base


@pytest.fixture(scope="module")
def open_admin() -> Iterator[str]:
    with running_mock(Settings(seed=2, contacts=5, apis=("contacts",))) as base:
        yield base


def _count(base: str) -> int:
    return int(requests.get(f"{base}/api/contacts/", headers=AUTH, timeout=30).json()["count"])


@pytest.mark.parametrize("target", STATE_SPELLINGS)
def test_the_admin_token_guards_the_state_however_its_path_is_spelled(guarded: str, target: str) -> None:
    status, _, body = _send(guarded, "GET", target)
    assert status == 401, body
    status, _, body = _send(guarded, "GET", target, ADMIN_TOKEN)
    assert status == 200  # the same endpoint: the 401 was the guard's
    assert "contacts" in body.decode()


@pytest.mark.parametrize("target", ["/%5F_mock__/reset", "{base}/__mock__/reset"])
def test_an_admin_write_without_the_token_changes_nothing_however_spelled(guarded: str, target: str) -> None:
    requests.post(f"{guarded}/api/contacts/", json={"subject": "kept"}, headers=AUTH, timeout=30)
    before = _count(guarded)
    status, _, _ = _send(guarded, "POST", target, {"Content-Type": "application/json"}, b"{}")
    assert status == 401
    assert _count(guarded) == before


@pytest.mark.parametrize("target", ["/%5F_mock__/reset", "/__mock__/%72eset", "{base}/__mock__/reset"])
def test_a_cross_site_form_cannot_reset_by_escaping_the_admin_path(open_admin: str, target: str) -> None:
    """A page on any site may POST a text/plain form to loopback without a preflight, to any path it spells."""
    requests.post(f"{open_admin}/api/contacts/", json={"subject": "kept"}, headers=AUTH, timeout=30)
    before = _count(open_admin)
    status, _, _ = _send(open_admin, "POST", target, {"Content-Type": "text/plain"}, b"{}")
    assert status == 415
    status, _, _ = _send(open_admin, "POST", target, {"Origin": "https://evil.example"}, b"")
    assert status == 403
    assert _count(open_admin) == before


def test_the_journal_leaves_out_admin_requests_however_spelled_and_keeps_a_proxy_style_target_as_a_path(
    open_admin: str,
) -> None:
    requests.delete(f"{open_admin}/__mock__/journal", timeout=30)
    for target in STATE_SPELLINGS:
        _send(open_admin, "GET", target)
    _send(open_admin, "GET", "{base}/api/contacts/?limit=1", AUTH)
    entries = requests.get(f"{open_admin}/__mock__/journal", timeout=30).json()["entries"]
    assert [(entry["method"], entry["path"], entry["status"]) for entry in entries] == [
        ("GET", "/api/contacts/?limit=1", 200)
    ]


def test_an_absolute_form_targets_links_are_its_path_on_the_host(open_admin: str) -> None:
    status, _, body = _send(open_admin, "GET", "{base}/api/contacts/?limit=1", AUTH)
    assert status == 200
    page = json.loads(body)
    assert page["next"] == f"{open_admin}/api/contacts/?limit=1&offset=1"
    status, _, body = _send(open_admin, "GET", "{base}/api/", AUTH)
    assert (status, json.loads(body)) == (200, {"contacts": f"{open_admin}/api/contacts/"})


def test_an_absolute_form_target_without_its_slash_is_redirected_to_the_path(open_admin: str) -> None:
    status, headers, _ = _send(open_admin, "GET", "{base}/api/contacts?limit=1", AUTH)
    assert (status, headers["Location"]) == (301, "/api/contacts/?limit=1")
