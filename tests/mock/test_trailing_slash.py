"""Django's APPEND_SLASH quirk, per profile, before authentication (seeds 000 and 002)."""

from __future__ import annotations

import pytest

from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock.client import SpecClient
from tests.mock.conftest import CONTACTS, TOKENS

DJANGO_MESSAGE = (
    "You called this URL via {method}, but the URL doesn't end in a slash and you have APPEND_SLASH set. "
    "Django can't redirect to the slash URL while maintaining {method} data. Change your form to point to "
    "{url} (note the trailing slash), or set APPEND_SLASH=False in your Django settings."
)


@pytest.mark.parametrize("role", [None, "admin"], ids=["anonymous", "admin"])
def test_get_without_slash_is_a_301_to_the_slashed_path_with_the_query_kept(client_for, role) -> None:
    response = client_for(role).get("/api/contacts", params={"search": "علی", "limit": "3"})
    assert response.status_code == 301
    assert response.headers["Location"] == "/api/contacts/?search=%D8%B9%D9%84%DB%8C&limit=3"
    assert response.content == b""


def test_head_and_detail_paths_redirect_too(client_for) -> None:
    assert client_for(None).request("HEAD", "/api/contacts").status_code == 301
    response = client_for(None).get("/api/contacts/5")
    assert (response.status_code, response.headers["Location"]) == (301, "/api/contacts/5/")


@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/api/contacts"), ("PATCH", "/api/contacts/1"), ("DELETE", "/api/contacts/1")]
)
def test_unsafe_methods_without_slash_are_djangos_debug_500(client_for, method: str, path: str) -> None:
    admin = client_for("admin")
    response = admin.request(method, path, json={"subject": "s"}, headers={"Accept": "application/json"})
    assert response.status_code == 500
    # Django's technical 500 is plain text for a client that does not accept HTML
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    host = admin.base_url.removeprefix("http://")
    expected = DJANGO_MESSAGE.format(method=method, url=f"{host}{path}/")
    assert response.text.splitlines()[:2] == [f"RuntimeError at {path}", expected]
    # nothing was created, changed or deleted
    assert admin.get("/api/contacts/").json()["count"] == CONTACTS
    assert admin.get("/api/contacts/1/").status_code == 200


def test_the_500_is_djangos_html_page_for_a_client_that_accepts_html(client_for) -> None:
    # curl and requests send `Accept: */*`, which accepts text/html: Django's technical 500 page
    response = client_for("admin").post("/api/contacts", json={"subject": "s"})
    assert response.status_code == 500
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    # Django's template as rendered (django/views/templates/technical_500.html:6-7)
    assert "<title>RuntimeError\n          at /api/contacts</title>" in response.text
    assert "Django can&#x27;t redirect to the slash URL while maintaining POST data." in response.text


def test_the_500_comes_before_authentication(client_for) -> None:
    assert client_for(None).post("/api/contacts", json={}).status_code == 500


def test_production_profile_redirects_every_method() -> None:
    with running_mock(Settings(seed=1, contacts=2, apis=("contacts",), quirks="django")) as url:
        client = SpecClient(url, "contacts", TOKENS["admin"])
        response = client.post("/api/contacts?x=1", json={"subject": "s"})
        assert (response.status_code, response.headers["Location"]) == (301, "/api/contacts/?x=1")
        assert client.get("/api/contacts/").json()["count"] == 2


def test_off_profile_answers_404() -> None:
    with running_mock(Settings(seed=1, contacts=2, apis=("contacts",), quirks="off")) as url:
        client = SpecClient(url, "contacts", TOKENS["admin"])
        assert client.get("/api/contacts").status_code == 404
        assert client.post("/api/contacts", json={"subject": "s"}).status_code == 404


def test_a_path_that_is_not_an_api_path_with_a_slash_is_a_plain_404(client_for) -> None:
    assert client_for("admin").get("/api/contactz").status_code == 404


@pytest.mark.parametrize("method", ["GET", "POST", "PATCH"])
@pytest.mark.parametrize("path", ["/api/contacts//", "/api/contacts/5//"])
def test_a_path_that_ends_in_a_slash_is_never_redirected(client_for, method: str, path: str) -> None:
    """APPEND_SLASH only appends (django/middleware/common.py:67): a doubled slash is Django's 404 page, though
    the path without its last slash is declared."""
    response = client_for("admin").request(method, path)
    assert (response.status_code, response.headers.get("Location")) == (404, None)
