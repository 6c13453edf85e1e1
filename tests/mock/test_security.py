"""A trusted local dev server's defaults (mockserver.security), black-box over HTTP: CORS only for local
origins, a Host allow-list against DNS rebinding, admin writes no cross-site page can make, an optional admin
token, and the banner's warnings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from mockserver.app import create_app
from mockserver.cli import banner
from mockserver.pytest_plugin import MockHandle
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock.conftest import TOKENS

LOCAL_ORIGINS = ["http://localhost:5173", "https://localhost", "http://app.localhost:3000", "http://127.0.0.1:9999"]
LOCAL_ORIGINS.append("http://[::1]:8080")
REFUSED_ORIGINS = ["https://evil.example", "http://127.0.0.2:8000", "null", "http://localhost.evil.example"]
PREFLIGHT = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
AUTH = {"Authorization": f"Token {TOKENS['admin']}"}


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with running_mock(Settings(seed=2, contacts=5, apis=("contacts",))) as base:
        yield base


def _count(url: str) -> int:
    return int(requests.get(f"{url}/api/contacts/", headers=AUTH, timeout=30).json()["count"])


@pytest.mark.parametrize("origin", LOCAL_ORIGINS)
def test_local_origins_are_allowed_with_credentials(url: str, origin: str) -> None:
    preflight = requests.options(f"{url}/api/contacts/", headers={"Origin": origin, **PREFLIGHT}, timeout=30)
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == origin
    actual = requests.get(f"{url}/api/contacts/", headers={"Origin": origin, **AUTH}, timeout=30)
    assert actual.headers["Access-Control-Allow-Origin"] == origin
    assert actual.headers["Access-Control-Allow-Credentials"] == "true"


@pytest.mark.parametrize("origin", REFUSED_ORIGINS)
def test_other_origins_get_no_cors_headers_and_their_preflight_is_refused(url: str, origin: str) -> None:
    preflight = requests.options(f"{url}/api/contacts/", headers={"Origin": origin, **PREFLIGHT}, timeout=30)
    assert preflight.status_code == 403
    assert "Access-Control-Allow-Origin" not in preflight.headers
    actual = requests.get(f"{url}/__mock__/state", headers={"Origin": origin}, timeout=30)
    assert "Access-Control-Allow-Origin" not in actual.headers


def test_any_origin_only_when_asked_and_then_the_banner_warns() -> None:
    settings = Settings(seed=2, contacts=5, apis=("contacts",), cors_origins=("*",))
    with running_mock(settings) as base:
        answer = requests.get(f"{base}/api/contacts/", headers={"Origin": "https://evil.example", **AUTH}, timeout=30)
    assert answer.headers["Access-Control-Allow-Origin"] == "https://evil.example"
    assert "WARNING: --cors-origin '*'" in banner(create_app(settings), "http://127.0.0.1:8000", 0.1)
    assert "WARNING" not in banner(create_app(Settings(apis=("contacts",))), "http://127.0.0.1:8000", 0.1)


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "rebind.attacker.test"])
def test_a_host_name_that_is_not_local_is_refused_with_what_to_pass(url: str, host: str) -> None:
    response = requests.get(f"{url}/api/contacts/", headers={"Host": host, **AUTH}, timeout=30)
    assert response.status_code == 403
    assert f"--allowed-host {host.split(':')[0]}" in response.text
    assert requests.get(f"{url}/__mock__/state", headers={"Host": host}, timeout=30).status_code == 403


@pytest.mark.parametrize("host", ["192.168.1.5:8000", "127.0.0.1", "[::1]:8000", "localhost:8000", "a.localhost"])
def test_ip_addresses_and_local_names_are_answered(url: str, host: str) -> None:
    assert requests.get(f"{url}/api/contacts/", headers={"Host": host, **AUTH}, timeout=30).status_code == 200


def test_allowed_host_adds_names() -> None:
    with running_mock(Settings(seed=2, contacts=5, apis=("contacts",), allowed_hosts=("mock.internal",))) as base:
        named = requests.get(f"{base}/api/contacts/", headers={"Host": "mock.internal:8000", **AUTH}, timeout=30)
        other = requests.get(f"{base}/api/contacts/", headers={"Host": "other.internal", **AUTH}, timeout=30)
    assert (named.status_code, other.status_code) == (200, 403)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/__mock__/reset"),
        ("POST", "/__mock__/reseed"),
        ("PUT", "/__mock__/state"),
        ("DELETE", "/__mock__/journal"),
    ],
)
def test_admin_writes_from_a_refused_origin_are_refused_and_change_nothing(url: str, method: str, path: str) -> None:
    requests.post(f"{url}/api/contacts/", json={"subject": "kept"}, headers=AUTH, timeout=30)
    before = _count(url)
    response = requests.request(method, url + path, json={}, headers={"Origin": "https://evil.example"}, timeout=30)
    assert response.status_code == 403
    assert "https://evil.example" in response.json()["error"]
    assert _count(url) == before


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data"])
def test_an_admin_write_a_cross_site_form_could_send_is_refused(url: str, content_type: str) -> None:
    requests.post(f"{url}/api/contacts/", json={"subject": "kept"}, headers=AUTH, timeout=30)
    before = _count(url)
    response = requests.post(f"{url}/__mock__/reset", data="seed=1", headers={"Content-Type": content_type}, timeout=30)
    assert response.status_code == 415
    assert _count(url) == before


def test_admin_writes_from_the_mocks_own_page_and_local_origins_work() -> None:
    settings = Settings(seed=2, contacts=5, apis=("contacts",), cors_origins=("https://app.example",))
    with running_mock(settings) as base:
        own = requests.delete(f"{base}/__mock__/journal", headers={"Origin": base}, timeout=30)
        listed = requests.post(f"{base}/__mock__/reset", headers={"Origin": "https://app.example"}, timeout=30)
        local = requests.post(f"{base}/__mock__/reset", headers={"Origin": "http://localhost:5173"}, timeout=30)
    assert (own.status_code, listed.status_code) == (204, 200)
    assert local.status_code == 403  # an explicit list replaces the local default


def test_the_admin_token_guards_every_admin_request_but_the_docs_assets() -> None:
    settings = Settings(seed=2, contacts=5, apis=("contacts",), admin_token="s3cret")
    with running_mock(settings) as base:
        for method, path in (("GET", "/__mock__/"), ("GET", "/__mock__/state"), ("POST", "/__mock__/reset")):
            assert requests.request(method, base + path, timeout=30).status_code == 401
            wrong = requests.request(method, base + path, headers={"X-Hamta-Admin-Token": "x"}, timeout=30)
            assert wrong.status_code == 401
            right = requests.request(method, base + path, headers={"X-Hamta-Admin-Token": "s3cret"}, timeout=30)
            assert right.status_code == 200
        assert requests.get(f"{base}/__mock__/specs/contacts.json", timeout=30).status_code == 200
        assert requests.get(f"{base}/", timeout=30).status_code == 200
        handle = MockHandle(base_url=base, admin_token="s3cret")
        handle.reset()
        assert handle.state()["contacts"]["next_id"] == 6


def test_listening_beyond_this_machine_warns_in_the_banner() -> None:
    text = banner(create_app(Settings(host="0.0.0.0", apis=("contacts",))), "http://0.0.0.0:8000", 0.1)
    assert "WARNING: listening on 0.0.0.0" in text
    assert "use --admin-token" in text
    guarded = banner(create_app(Settings(host="0.0.0.0", apis=("contacts",), admin_token="t")), "http://x", 0.1)
    assert "they need the admin token" in guarded
