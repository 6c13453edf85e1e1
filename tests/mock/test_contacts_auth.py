"""DRF TokenAuthentication and the permission codes of the spec, role by role."""

from __future__ import annotations

import pytest

from tests.mock.client import SpecClient


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        (None, "Authentication credentials were not provided."),
        ("Bearer 367ebbb588c88e9b6f9b29c17a030a985a8bc2a6", "Authentication credentials were not provided."),
        ("Basic YWRtaW46YWRtaW4=", "Authentication credentials were not provided."),
        ("Token", "Invalid token header. No credentials provided."),
        ("Token a b", "Invalid token header. Token string should not contain spaces."),
        ("Token 0000000000000000000000000000000000000000", "Invalid token."),
        # the key's bytes as sent: requests sends a str header in latin-1, so é is the one byte 0xE9, no UTF-8
        ("Token \u00e9", "Invalid token header. Token string should not contain invalid characters."),
        (b"Token \xc3\xa9", "Invalid token."),  # é in UTF-8: a key, just no known one
    ],
)
def test_authentication_failures_are_401_with_a_token_challenge(anonymous: SpecClient, header, detail) -> None:
    headers = {"Authorization": header} if header else {}
    response = anonymous.get("/api/contacts/", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": detail}


def test_the_token_keyword_is_case_insensitive(anonymous: SpecClient) -> None:
    response = anonymous.get(
        "/api/contacts/", headers={"Authorization": "token 367ebbb588c88e9b6f9b29c17a030a985a8bc2a6"}
    )
    assert response.status_code == 200


OPERATIONS = {
    "list": ("GET", "/api/contacts/", None),
    "create": ("POST", "/api/contacts/", {"subject": "s"}),
    "retrieve": ("GET", "/api/contacts/1/", None),
    "update": ("PATCH", "/api/contacts/1/", {"subject": "t"}),
    "delete": ("DELETE", "/api/contacts/2/", None),
}
# The documented matrix: permission codes 4001 create, 4002 list/retrieve, 4003 update, 4004 delete (inferred).
MATRIX = {
    "admin": {"list": 200, "create": 201, "retrieve": 200, "update": 200, "delete": 204},
    "staff": {"list": 200, "create": 201, "retrieve": 200, "update": 200, "delete": 403},
    "viewer": {"list": 200, "create": 403, "retrieve": 200, "update": 403, "delete": 403},
    "nobody": {"list": 403, "create": 403, "retrieve": 403, "update": 403, "delete": 403},
    None: {"list": 401, "create": 401, "retrieve": 401, "update": 401, "delete": 401},
}


@pytest.mark.parametrize("role", list(MATRIX), ids=lambda role: role or "anonymous")
@pytest.mark.parametrize("name", list(OPERATIONS))
def test_permission_matrix(client_for, role: str | None, name: str) -> None:
    method, path, body = OPERATIONS[name]
    response = client_for(role).request(method, path, json=body)
    assert response.status_code == MATRIX[role][name]
    if response.status_code == 403:
        assert response.json() == {"detail": "You do not have permission to perform this action."}


def test_a_refused_write_changes_nothing(client_for) -> None:
    before = client_for("admin").get("/api/contacts/1/").json()
    assert client_for("viewer").patch("/api/contacts/1/", json={"subject": "hijack"}).status_code == 403
    assert client_for("admin").get("/api/contacts/1/").json()["subject"] == before["subject"]


def test_authentication_comes_before_method_dispatch(client_for) -> None:
    assert client_for(None).request("PUT", "/api/contacts/").status_code == 401
    assert client_for("admin").request("PUT", "/api/contacts/").status_code == 405


def test_authentication_comes_before_the_lookup(client_for) -> None:
    assert client_for(None).get("/api/contacts/999999/").status_code == 401
    assert client_for("nobody").get("/api/contacts/999999/").status_code == 403


@pytest.mark.parametrize("method", ["TRACE", "PROPFIND"])
@pytest.mark.parametrize("path", ["/api/contacts/", "/api/contacts/1/"])
def test_a_method_without_a_permission_code_is_403_before_the_staff_gate_and_405_after(
    client_for, method: str, path: str
) -> None:
    """DRF checks permissions before it looks for the method's handler; DjangoModelPermissions has no code for
    these and raises 405 itself, for an account the staff gate lets through."""
    statuses = {role: client_for(role).request(method, path).status_code for role in ("nobody", "viewer", "admin")}
    assert statuses == {"nobody": 403, "viewer": 405, "admin": 405}
