"""The `contact` wrapper and keys per endpoint as the docs' examples show them (the spec's `x-contact`), and
`callbell_contact_shape` forcing one wrapper everywhere (`legacy-array` is kept as a name for `array`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock_callbell.conftest import SEED, CallbellClient

DOCS_CONTACT = "414a6d692bd645ed803f2e7ce360d4c8"
ELEVEN = ["uuid", "name", "phoneNumber", "avatarUrl", "createdAt", "source", "href", "conversationHref", "tags"]
ELEVEN += ["assignedUser", "customFields"]
OPENED = [k for k in ELEVEN if k != "conversationHref"] + ["closedAt"]
CLOSED = [*OPENED, "funnelId", "team"]
FIELD_TYPES = ["uuid", "name", "customFields", "customFieldsMetadata"]

Call = Callable[[CallbellClient], requests.Response]
# (name, request, the docs' wrapper, the docs' keys)
ENDPOINTS: list[tuple[str, Call, str, list[str]]] = [
    ("get", lambda api: api.get(f"/contacts/{DOCS_CONTACT}"), "array", ELEVEN),
    (
        "get-field-types",
        lambda api: api.get(f"/contacts/{DOCS_CONTACT}", params={"include_field_types": "true"}),
        "array",
        FIELD_TYPES,
    ),
    ("by-phone", lambda api: api.get("/contacts/phone/5790372023"), "object", ELEVEN),
    ("by-bsuid", lambda api: api.get("/contacts/bsuid/bsuid_abc123"), "object", [*ELEVEN, "bsuid"]),
    (
        "create",
        lambda api: api.post("/contacts", json={"source": "whatsapp", "identifier": "123456789", "name": "Sara"}),
        "array",
        ELEVEN,
    ),
    ("update", lambda api: api.patch(f"/contacts/{DOCS_CONTACT}", json={"name": "Arash R."}), "array", ELEVEN),
    ("open", lambda api: api.post(f"/contacts/{DOCS_CONTACT}/conversation/open"), "array", OPENED),
    ("close", lambda api: api.post(f"/contacts/{DOCS_CONTACT}/conversation/close"), "object", CLOSED),
]


@pytest.fixture(scope="module", params=["object", "array", "legacy-array"])
def forced(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    with running_mock(Settings(seed=SEED, apis=("callbell",), callbell_contact_shape=request.param)) as url:
        yield url, request.param


def _wrapper(body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    contact = body["contact"]
    if isinstance(contact, list):
        assert len(contact) == 1
        return "array", contact[0]
    return "object", contact


@pytest.mark.parametrize(("name", "call", "shape", "keys"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_each_endpoint_answers_the_docs_wrapper_and_keys(api, name: str, call: Call, shape: str, keys: list[str]):
    response = call(api)
    assert response.status_code == 200, response.text
    wrapper, contact = _wrapper(response.json())
    assert wrapper == shape
    assert sorted(contact) == sorted(keys)


def test_the_update_funnel_answer_is_an_array_with_funnel_and_team(api) -> None:
    funnels = api.get("/funnels").json()["funnels"]
    response = api.request(
        "PUT",
        "/contacts/efd7d996470e463b89f079be6cf578ed/conversation/update_funnel",
        json={"funnel_id": funnels[1]["uuid"]},
    )
    wrapper, contact = _wrapper(response.json())
    assert (wrapper, sorted(contact), contact["funnelId"]) == ("array", sorted(CLOSED), funnels[1]["uuid"])


@pytest.mark.parametrize(("name", "call", "shape", "keys"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_the_setting_forces_one_wrapper_and_keeps_the_keys(
    forced: tuple[str, str], name: str, call: Call, shape: str, keys: list[str]
) -> None:
    url, setting = forced
    requests.post(f"{url}/__mock__/reset", timeout=30)
    response = call(CallbellClient(url))
    assert response.status_code == 200, response.text
    wrapper, contact = _wrapper(response.json())
    assert wrapper == ("array" if setting == "legacy-array" else setting)
    assert sorted(contact) == sorted(keys)


def test_lists_are_never_wrapped(forced: tuple[str, str]) -> None:
    url, _ = forced
    assert all(isinstance(c, dict) for c in CallbellClient(url).get("/contacts").json()["contacts"])
