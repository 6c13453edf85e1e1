"""Every request example of the spec's contacts and messages operations succeeds as written against a fresh
mock, unless it names something the seeded account does not hold (the account side seeds the docs' channels,
templates, users, teams, funnels and custom fields): then the refusal must name exactly that missing thing."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests

from hamta import load_spec
from hamta.openapi import Operation, resolve
from tests.mock_callbell.conftest import TOKEN, dump

SPEC = load_spec("callbell")
MISSING = re.compile(r"^(?:Channel|Template|Team|User|Funnel|Custom field) '([^']+)' does not exist$")
OPTION = re.compile(r"^Option '([^']+)' does not exist for custom field '([^']+)'$")


def _path(operation: Operation) -> str:
    """The path with each path parameter's first schema example."""
    path = operation.path
    declared = SPEC.document["paths"][operation.path].get("parameters", []) + operation.raw.get("parameters", [])
    for parameter in (resolve(SPEC.document, p) for p in declared):
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", str(parameter["schema"]["examples"][0]))
    return path


def _examples() -> list[Any]:
    cases = []
    for operation in SPEC.operations:
        if not operation.path.startswith(("/contacts", "/messages")):
            continue
        content = operation.raw.get("requestBody", {}).get("content", {}).get("application/json", {})
        for name, example in (content.get("examples") or {"no body": {"value": None}}).items():
            cases.append(pytest.param(operation, example["value"], id=f"{operation.operation_id}-{name}"))
    return cases


def _account_names(account: dict[str, Any]) -> set[str]:
    names = {item["uuid"] for kind in ("channels", "templates", "teams", "funnels") for item in account[kind]}
    names |= {user["email"] for user in account["users"]} | {field["name"] for field in account["customFields"]}
    return names


@pytest.mark.parametrize(("operation", "body"), _examples())
def test_a_spec_example_request_succeeds_unless_the_account_lacks_what_it_names(fresh, operation, body) -> None:
    response = requests.request(
        operation.method,
        f"{fresh}/v1{_path(operation)}",
        json=body,
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=30,
    )
    if response.status_code < 300:
        return
    assert response.status_code == 422, response.text
    account = dump(fresh)["account"]
    error = response.json()["error"]
    missing, option = MISSING.match(error), OPTION.match(error)
    if missing:
        assert missing.group(1) not in _account_names(account), error
    else:
        assert option, error
        field = next((f for f in account["customFields"] if f["name"] == option.group(2)), None)
        assert field is not None, error
        assert option.group(1) not in field["options"], error
