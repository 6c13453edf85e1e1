"""CORS for browser frontends on other ports: preflights, credentials, configurable origins."""

from __future__ import annotations

import requests

from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock.conftest import TOKENS

ORIGIN = "http://localhost:5173"


def test_a_preflight_is_answered_before_auth_even_without_a_slash(base_url: str) -> None:
    headers = {
        "Origin": ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    for path in ("/api/contacts/", "/api/contacts"):
        response = requests.options(base_url + path, headers=headers, timeout=30)
        assert response.status_code == 200
        assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
        assert response.headers["Access-Control-Allow-Credentials"] == "true"
        assert "POST" in response.headers["Access-Control-Allow-Methods"]
        assert response.headers["Access-Control-Allow-Headers"] == "authorization, content-type"


def test_a_cross_origin_response_names_the_origin_and_allows_credentials(base_url: str) -> None:
    response = requests.get(
        f"{base_url}/api/contacts/",
        headers={"Origin": ORIGIN, "Authorization": f"Token {TOKENS['viewer']}"},
        timeout=30,
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Origin" in response.headers["Vary"]
    assert "Accept" in response.headers["Vary"]
    # errors carry the headers too, or a browser hides the error body from the page
    refused = requests.get(f"{base_url}/api/contacts/", headers={"Origin": ORIGIN}, timeout=30)
    assert (refused.status_code, refused.headers["Access-Control-Allow-Origin"]) == (401, ORIGIN)


def test_a_plain_options_is_still_drf_metadata(base_url: str) -> None:
    response = requests.options(
        f"{base_url}/api/contacts/", headers={"Origin": ORIGIN, "Authorization": f"Token {TOKENS['staff']}"}, timeout=30
    )
    assert response.json()["name"] == "Contact List"


def test_only_configured_origins_are_allowed() -> None:
    with running_mock(Settings(seed=1, contacts=2, apis=("contacts",), cors_origins=("https://app.example",))) as url:
        ok = requests.get(f"{url}/api/contacts/", headers={"Origin": "https://app.example"}, timeout=30)
        other = requests.get(f"{url}/api/contacts/", headers={"Origin": "https://evil.example"}, timeout=30)
    assert ok.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert "Access-Control-Allow-Origin" not in other.headers
