"""The root page over plain HTTP: what it must contain and serve, without a browser."""

from __future__ import annotations

import re

import pytest
import requests
from openapi_spec_validator import validate

from hamta import API_NAMES
from mockserver.apis.registry import implemented
from mockserver.docs_page import STATIC_PREFIX


@pytest.fixture(scope="module")
def page(mock_url: str) -> requests.Response:
    return requests.get(f"{mock_url}/", timeout=30)


def test_root_is_an_utf8_html_page(page: requests.Response) -> None:
    assert page.status_code == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert page.text.lstrip().lower().startswith("<!doctype html>")
    assert '<meta charset="utf-8">' in page.text


def test_page_names_every_api_and_shows_its_seeded_credentials(page: requests.Response) -> None:
    for api, module in implemented().items():
        assert api in API_NAMES
        assert f'id="credentials-{api}"' in page.text
        for credential in module.credentials():
            assert credential.secret in page.text, (api, credential.user)


def test_page_uses_only_relative_urls(page: requests.Response) -> None:
    """Offline by construction: no CDN, no absolute link to the mock's own host either."""
    assert re.findall(r"(?i)https?:|//[a-z0-9.-]+\.[a-z]{2,}/", page.text) == []
    assert f"{STATIC_PREFIX}/swagger-ui-bundle.js" in page.text


@pytest.mark.parametrize("api", API_NAMES)
def test_specs_are_served_as_valid_openapi_json(mock_url: str, api: str) -> None:
    response = requests.get(f"{mock_url}/__mock__/specs/{api}.json", timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    validate(response.json())


def test_unknown_spec_is_404(mock_url: str) -> None:
    assert requests.get(f"{mock_url}/__mock__/specs/nope.json", timeout=30).status_code == 404


@pytest.mark.parametrize(
    ("name", "content_type", "marker"),
    [
        ("swagger-ui-bundle.js", "text/javascript; charset=utf-8", b"SwaggerUIBundle"),
        ("swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8", b"SwaggerUIStandalonePreset"),
        ("swagger-ui.css", "text/css; charset=utf-8", b".swagger-ui"),
        ("favicon-32x32.png", "image/png", b"\x89PNG"),
    ],
)
def test_swagger_ui_files_are_served_from_the_package(mock_url: str, name: str, content_type: str, marker: bytes):
    response = requests.get(f"{mock_url}{STATIC_PREFIX}/{name}", timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert marker in response.content[:2_000_000]


@pytest.mark.parametrize("name", ["index.html", "swagger-editor-bundle.js", "..%2F__init__.py"])
def test_only_the_pages_assets_are_served(mock_url: str, name: str) -> None:
    assert requests.get(f"{mock_url}{STATIC_PREFIX}/{name}", timeout=30).status_code == 404


def test_docs_assets_are_not_journaled(mock_url: str, page: requests.Response) -> None:
    requests.get(f"{mock_url}{STATIC_PREFIX}/swagger-ui.css", timeout=30)
    requests.get(f"{mock_url}/__mock__/specs/contacts.json", timeout=30)
    paths = [entry["path"] for entry in requests.get(f"{mock_url}/__mock__/journal", timeout=30).json()["entries"]]
    assert not [path for path in paths if path.startswith("/__mock__/")]
