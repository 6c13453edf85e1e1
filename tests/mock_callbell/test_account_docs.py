"""The docs' example requests for the account endpoints, replayed as written (the docs' token, paths and
bodies) against a fresh mock: each succeeds and answers the documented shape, key by key and type by type.

The requests and shapes below are hamta's record of callbellchat/callbell-public-docs at 4878e4f (the
snippets under src/snippets/curl/ and the pages' example responses); no docs text is copied. Two snippet
bodies are not JSON (C7: `{"name": New team name"}`, `{"title": New title"}`): they are replayed with the
missing quote restored, the only change made.
"""

from __future__ import annotations

from typing import Any

import pytest

from hamta import load_spec
from hamta.openapi import resolve
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock_callbell.conftest import TOKENS, CallbellClient

CONTACT_A = "414a6d692bd645ed803f2e7ce360d4c8"

TEAM = {"uuid": "str", "name": "str", "createdAt": "str", "default": "bool", "members": "int"}
CHANNEL = {"uuid": "str", "title": "str", "type": "str", "main": "bool"}
META = {"page": "int", "pages": "int"}
CUSTOM_STATUS = {"name": "str", "createdAt": "str", "updatedAt": "str", "emoji": "str", "id": "str"}
TEMPLATE = {
    "uuid": "str",
    "title": "str",
    "templateType": "str",
    "category": "str",
    "status": "str",
    "text": "str",
    "createdAt": "str",
}
MEMBER = {
    "email": "str",
    "name": "str",
    "available": "bool",
    "lastUpdatedAt": "str",
    "userCustomStatus?": {"updatedAt": "str", "id": "str", "name": "str", "emoji": "str"},
}

# (docs page, method, path, body, status, documented shape)
EXAMPLES: list[tuple[str, str, str, Any, int, Any]] = [
    (
        "auth_api/me.md",
        "GET",
        "/auth/me",
        None,
        200,
        {"status": "str", "user_email": "str", "user_name": "str", "api_key": "str"},
    ),
    (
        "channels_api/get_channels.md",
        "GET",
        "/channels?type=whatsapp&active=true&page=1",
        None,
        200,
        {"channels": [{**CHANNEL, "discardedAt": "bool"}], "meta": META},
    ),
    (
        "channels_api/get_channel.md",
        "GET",
        "/channels/7c996996fea947f4a1d5a11e7fac84db",
        None,
        200,
        {"channel": CHANNEL},
    ),
    (
        "channels_api/patch_channel.md",
        "PATCH",
        "/channels/7c996996fea947f4a1d5a11e7fac84db",
        {"title": "New title"},
        200,
        {"channel": CHANNEL},
    ),
    ("teams_api/get_teams.md", "GET", "/teams", None, 200, {"teams": [TEAM], "meta": META}),
    ("teams_api/get_team.md", "GET", "/teams/ad42a09715814e6483b1c5debd6a2dbc", None, 200, {"team": TEAM}),
    (
        "teams_api/get_team_members.md",
        "GET",
        "/teams/ad42a09715814e6483b1c5debd6a2dbc/members",
        None,
        200,
        {"users": [MEMBER], "meta": META},
    ),
    ("teams_api/patch_team.md", "PATCH", f"/teams/{CONTACT_A}", {"name": "New team name"}, 200, {"team": TEAM}),
    (
        "custom_status_api/get_custom_statuses.md",
        "GET",
        "/custom_statuses",
        None,
        200,
        {"customStatuses": [CUSTOM_STATUS], "meta": META},
    ),
    (
        "custom_status_api/get_custom_status.md",
        "GET",
        "/custom_statuses/0d6041a2-8b88-49ec-a99b-a88a078a16c1",
        None,
        200,
        {"customStatus": CUSTOM_STATUS},
    ),
    (
        "custom_status_api/post_custom_status.md",
        "POST",
        "/custom_statuses",
        {"name": "Lunch"},
        200,
        {"customStatus": CUSTOM_STATUS},
    ),
    (
        "custom_status_api/put_custom_status.md",
        "PUT",
        "/custom_statuses/8dbd6f6c-ec09-4b87-a04e-bef1c2ca41db",
        {"name": "Back in a bit"},
        200,
        {"customStatus": CUSTOM_STATUS},
    ),
    (
        "custom_status_api/delete_custom_status.md (the page's plural path, C11)",
        "DELETE",
        "/custom_statuses/5f5b5ad9-80d3-42d9-b950-2c7bb7b1e307",
        None,
        200,
        {"status": "str"},
    ),
    (
        "plan_api/get_plan.md",
        "GET",
        "/plan",
        None,
        200,
        {"plan": "str", "includedChannels": "int", "licenses": "int", "activeUsers": "int", "teams": [TEAM]},
    ),
    ("template_messages_api/get_templates.md", "GET", "/templates", None, 200, {"templates": [TEMPLATE], "meta": META}),
    (
        "template_messages_api/get_template.md",
        "GET",
        "/templates/ad42a09715814e6483b1c5debd6a2dbc",
        None,
        200,
        {"template": TEMPLATE},
    ),
    (
        "template_messages_api/patch_templates.md (the example's `templates` key, C6)",
        "PATCH",
        f"/templates/{CONTACT_A}",
        {"title": "New title"},
        200,
        {"templates": {k: v for k, v in TEMPLATE.items() if k not in ("category", "status")}},
    ),
    (
        "users_api/put_user_status.md",
        "PUT",
        f"/users/{CONTACT_A}/status",
        {"available": False, "custom_status_uuid": "0d6041a2-8b88-49ec-a99b-a88a078a16c1"},
        200,
        {
            "user_status": {
                "custom_status": {"id": "str", "name": "str", "last_updated_at": "str"},
                "appearance": {"available": "bool", "last_updated_at": "str"},
            }
        },
    ),
    ("users_api/delete_user_status.md", "DELETE", f"/users/{CONTACT_A}/status", None, 204, None),
]

TYPES = {"str": str, "bool": bool, "int": int}


def fits(value: Any, shape: Any, where: str = "$") -> list[str]:
    """Where `value` departs from the documented `shape`: the same keys (a `?` key may be absent), the same
    JSON types, the same nesting; every item of a list fits the one item shape."""
    if isinstance(shape, str):
        wanted = TYPES[shape]
        ok = isinstance(value, wanted) and (wanted is bool or not isinstance(value, bool))
        return [] if ok else [f"{where}: {type(value).__name__}, not {shape}"]
    if isinstance(shape, list):
        if not isinstance(value, list) or not value:
            return [f"{where}: not a non-empty array"]
        return [problem for index, item in enumerate(value) for problem in fits(item, shape[0], f"{where}[{index}]")]
    if not isinstance(value, dict):
        return [f"{where}: not an object"]
    required = {key for key in shape if not key.endswith("?")}
    allowed = {key.rstrip("?") for key in shape}
    problems = [f"{where}: missing {key}" for key in sorted(required - set(value))]
    problems += [f"{where}: extra {key}" for key in sorted(set(value) - allowed)]
    for key, inner in shape.items():
        name = key.rstrip("?")
        if name in value:
            problems += fits(value[name], inner, f"{where}.{name}")
    return problems


@pytest.mark.parametrize(("page", "method", "path", "body", "status", "shape"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_the_docs_request_works_verbatim(
    fresh, page: str, method: str, path: str, body: Any, status: int, shape: Any
) -> None:
    docs = CallbellClient(fresh, token=TOKENS["docs"])
    response = docs.request(method, path, json=body)
    assert response.status_code == status, response.text
    if shape is None:
        assert response.content == b""
    else:
        assert fits(response.json(), shape) == []


def test_the_docs_team_members_example_shows_both_forms_of_member(fresh) -> None:
    """One member without a custom status, one wearing one, as in the example."""
    users = CallbellClient(fresh, token=TOKENS["docs"]).get("/teams/ad42a09715814e6483b1c5debd6a2dbc/members")
    assert ["userCustomStatus" in member for member in users.json()["users"]] == [False, True]


def test_the_singular_custom_status_path_of_the_delete_snippet_deletes_as_the_plural_does(fresh) -> None:
    """C11: the page's path is plural, the snippet's singular; both delete, so the docs' request works as written."""
    docs = CallbellClient(fresh, token=TOKENS["docs"])
    response = docs.request("DELETE", "/custom_status/5f5b5ad9-80d3-42d9-b950-2c7bb7b1e307")
    assert (response.status_code, response.json()) == (200, {"status": "custom status was destroyed"})
    assert docs.get("/custom_statuses/5f5b5ad9-80d3-42d9-b950-2c7bb7b1e307").status_code == 404
    assert docs.request("DELETE", "/custom_status/5f5b5ad9-80d3-42d9-b950-2c7bb7b1e307").status_code == 404


def test_fits_reports_each_departure() -> None:
    assert fits({"a": 1, "b": True}, {"a": "int", "b": "bool"}) == []
    assert fits({"a": True}, {"a": "int"}) == ["$.a: bool, not int"]
    assert fits({"a": 1, "c": 2}, {"a": "int", "b?": "str"}) == ["$: extra c"]
    assert fits({}, {"a": "int"}) == ["$: missing a"]
    assert fits({"l": []}, {"l": ["int"]}) == ["$.l: not a non-empty array"]


ACCOUNT_OPERATIONS = (
    "callbell_auth_me",
    "callbell_channels_retrieve",
    "callbell_channels_update",
    "callbell_teams_retrieve",
    "callbell_teams_update",
    "callbell_team_members_list",
    "callbell_custom_statuses_list",
    "callbell_custom_statuses_create",
    "callbell_custom_statuses_retrieve",
    "callbell_custom_statuses_update",
    "callbell_custom_statuses_destroy",
    "callbell_plan_retrieve",
    "callbell_templates_list",
    "callbell_templates_retrieve",
    "callbell_templates_update",
    "callbell_user_status_update",
    "callbell_user_status_destroy",
)


def _spec_request(operation_id: str) -> tuple[str, str, Any, str, Any]:
    """The spec's own example request for the operation: path parameters from their examples, the body from
    the request body's example; and the success status with its example body."""
    spec = load_spec("callbell")
    operation = spec.operation(operation_id)
    item = spec.document["paths"][operation.path]
    path = operation.path
    for parameter in [*item.get("parameters", []), *operation.raw.get("parameters", [])]:
        parameter = resolve(spec.document, parameter)
        if parameter["in"] == "path":
            path = path.replace(f"{{{parameter['name']}}}", parameter["schema"]["examples"][0])
    body = None
    if "requestBody" in operation.raw:
        body = operation.raw["requestBody"]["content"]["application/json"]["examples"]["docs"]["value"]
    status, response = next((s, r) for s, r in operation.raw["responses"].items() if s.startswith("2"))
    examples = (response.get("content") or {}).get("application/json", {}).get("examples", {})
    return operation.method, path, body, status, examples.get("docs", {}).get("value")


def _shape(example: Any) -> Any:
    """A documented example's shape in `fits`' terms (keys, JSON types, nesting); a key only some items of a
    list have is optional (`?`)."""
    if isinstance(example, dict):
        return {key: _shape(value) for key, value in example.items()}
    if isinstance(example, list):
        items = [_shape(item) for item in example]
        if not all(isinstance(item, dict) for item in items):
            return [items[0]]
        merged: dict[str, Any] = {}
        for item in items:
            for key, value in item.items():
                optional = not all(key in other for other in items)
                merged.setdefault(key + "?" if optional else key, value)
        return [merged]
    return {str: "str", bool: "bool", int: "int"}[type(example)]


@pytest.mark.parametrize("operation_id", ACCOUNT_OPERATIONS)
def test_the_specs_own_example_works_as_written(fresh, operation_id: str) -> None:
    """Swagger UI's "Try it out" with the example: it succeeds, in the example's shape."""
    method, path, body, status, example = _spec_request(operation_id)
    response = CallbellClient(fresh, token=TOKENS["docs"]).request(method, path, json=body)
    assert response.status_code == int(status), response.text
    if example is None:
        assert response.content == b""
        return
    shape = _shape(example)
    assert fits(response.json(), shape) == []


@pytest.mark.parametrize(
    "extra",
    [
        # the custom-field type table's example (contacts_api/post_contacts.md:58-67)
        {
            "custom_fields": {
                "Billing Address": "Main Street 1",
                "Work Email": "user@example.com",
                "Status": "Active",
                "Features": ["Dark Mode", "Notifications"],
            }
        },
        # the tags the parameter tables name (post_contacts.md:24) and the list filter's (get_contacts.md:18)
        {"tags": ["Call back", "Interested", "sales", "lead", "hot"]},
        # the Postman collection's contact bodies
        {"tags": ["USA", "France", "Test", "LATAM", "CIAO", "TAG"]},
        {"custom_fields": {"a": "field", "TWITTER": "@atwitteruser", "LINKEDIN": "@alinkedin", "gmail": "j@x.example"}},
        # the people the docs assign (get_contacts.md:46, patch_contacts.md:95) and their teams
        {"assigned_user": "john.doe@email.com", "team_uuid": "ad42a09715814e6483b1c5debd6a2dbc"},
        {"assigned_user": "jane.doe@email.com", "team_uuid": "47aad5f9b4ca423c9d630f06ab93fe1f"},
        {"channel_uuid": "35f6f8cc-b550-4278-a2ea-099f3a4e0730"},
    ],
    ids=["type-table", "tags", "postman-tags", "postman-fields", "user-team-1", "user-team-2", "dashed-channel"],
)
def test_what_the_docs_name_exists_in_the_account(fresh, extra: dict[str, Any]) -> None:
    """A contact naming it is accepted: the account has the tag, field, option, user, team or channel."""
    docs = CallbellClient(fresh, token=TOKENS["docs"])
    response = docs.post(
        "/contacts", json={"source": "whatsapp", "identifier": "+31 6 1234 0000", "name": "x", **extra}
    )
    assert response.status_code == 200, response.text


DOCS_READS = (
    "/teams/ad42a09715814e6483b1c5debd6a2dbc",
    "/teams/ad42a09715814e6483b1c5debd6a2dbc/members",
    "/teams/35402552d90c4041b6bcb9a3249c0263/members",
    "/channels/35f6f8cc-b550-4278-a2ea-099f3a4e0730",
    "/custom_statuses/0d6041a2-8b88-49ec-a99b-a88a078a16c1",
    "/templates/d980fb66fd5043d3ace1aa06ba044342",
    "/auth/me",
)


def test_what_the_docs_name_is_the_same_under_every_seed(fresh) -> None:
    """The docs' identifiers are fixed, not drawn from the world seed: another seed answers them alike."""
    with running_mock(Settings(seed=7, apis=("callbell",))) as other:
        here = CallbellClient(fresh, token=TOKENS["docs"])
        there = CallbellClient(other, token=TOKENS["docs"])
        for path in DOCS_READS:
            assert here.get(path).json() == there.get(path).json(), path
        assert here.get("/teams").json() != there.get("/teams").json()  # the shop's own teams do differ
