"""Bearer tokens on every operation: 401 `{"error": "Unauthorized"}` without a valid one."""

from __future__ import annotations

import pytest

from tests.mock_callbell.conftest import TOKENS, CallbellClient

PATHS = ["/contacts", "/teams", "/channels", "/funnels", "/messages/status/adf3d1216d4c4dcd908199d6700f2381"]


@pytest.mark.parametrize("path", PATHS)
def test_a_request_without_a_token_is_401(fresh, path: str) -> None:
    response = CallbellClient(fresh, token=None).get(path)
    assert (response.status_code, response.json()) == (401, {"error": "Unauthorized"})


def test_the_token_scheme_is_not_bearer(fresh) -> None:
    response = CallbellClient(fresh).get("/contacts", headers={"Authorization": f"Token {TOKENS['api']}"})
    assert (response.status_code, response.json()) == (401, {"error": "Unauthorized"})


def test_an_unknown_token_is_401(fresh) -> None:
    response = CallbellClient(fresh, token="test_notAToken").get("/contacts")
    assert (response.status_code, response.json()) == (401, {"error": "Unauthorized"})


def test_auth_comes_before_the_body(fresh) -> None:
    response = CallbellClient(fresh, token=None).post("/contacts", json={})
    assert response.status_code == 401


def test_bearer_is_case_insensitive_and_every_account_token_works(fresh) -> None:
    for token in TOKENS.values():
        response = CallbellClient(fresh).get("/teams", headers={"Authorization": f"bearer {token}"})
        assert response.status_code == 200


@pytest.mark.parametrize(
    ("method", "path"), [("PUT", "/contacts"), ("DELETE", "/teams"), ("POST", "/contacts/phone/1")]
)
@pytest.mark.parametrize("token", [TOKENS["api"], None])
def test_an_undeclared_method_is_rails_404_before_auth(fresh, method: str, path: str, token: str | None) -> None:
    # Rails routes on method and path together: no route, so the 404 of an unknown path, with or without a token.
    response = CallbellClient(fresh, token=token).request(method, path, json={})
    assert (response.status_code, response.json()) == (404, {"error": "Not found"})
    assert "Allow" not in response.headers
