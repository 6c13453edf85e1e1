"""The mock answers each contacts and messages operation in the shape of the spec's example for it (the docs'
example, our values): the same keys at every level and the same JSON types. Null stands for any value (the
docs' examples show null where a value may be set); in a map (custom fields, metadata) the names are data, so
a value is compared in full with the example's value of the same name, else by its JSON type only."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from hamta import load_spec
from hamta.openapi import Operation
from tests.mock_callbell.conftest import TOKEN, dump
from tests.mock_callbell.test_spec_examples import _path

SPEC = load_spec("callbell")
MAPS = {"customFields", "customFieldsMetadata", "metadata"}
# What an answer example needs that the operation's first request example does not give.
QUERIES = {"with_field_types": {"include_field_types": "true"}}
BODY_KEYS = {"fields_contact_conversation": {"fields": "contact,conversation"}}


def _kind(value: Any) -> str:
    return "number" if isinstance(value, int | float) and not isinstance(value, bool) else type(value).__name__


def _map(answer: dict[str, Any], example: dict[str, Any], where: str) -> list[str]:
    first = next(iter(example.values()), None)
    found: list[str] = []
    for name, value in answer.items():
        if name in example:
            found += _differences(value, example[name], f"{where}.{name}")
        elif value is not None and first is not None and _kind(value) != _kind(first):
            found.append(f"{where}.{name}: {_kind(value)} where the example's values are {_kind(first)}")
    return found


def _differences(answer: Any, example: Any, where: str = "") -> list[str]:
    if answer is None or example is None:
        return []
    if _kind(answer) != _kind(example):
        return [f"{where or '.'}: {_kind(answer)} where the example has {_kind(example)}"]
    if isinstance(example, list):
        return _differences(answer[0], example[0], f"{where}[0]") if answer and example else []
    if not isinstance(example, dict):
        return []
    if where.rsplit(".", 1)[-1] in MAPS:
        return _map(answer, example, where)
    found = [] if set(answer) == set(example) else [f"{where}: keys {sorted(answer)}, example {sorted(example)}"]
    for key in example.keys() & answer.keys():
        found += _differences(answer[key], example[key], f"{where}.{key}")
    return found


def _cases() -> list[Any]:
    cases = []
    for operation in SPEC.operations:
        if not operation.path.startswith(("/contacts", "/messages")):
            continue
        ok = next((r for status, r in operation.raw["responses"].items() if status.startswith("2")), {})
        for name, example in (ok.get("content", {}).get("application/json", {}).get("examples") or {}).items():
            cases.append(pytest.param(operation, name, example["value"], id=f"{operation.operation_id}-{name}"))
    return cases


def _request_body(base_url: str, operation: Operation, name: str) -> Any:
    """The first request example the seeded account can take, with what the answer example needs. The account
    side seeds what the docs' examples name (a funnel, custom fields); until then PATCH takes its second
    example and update_funnel a funnel the account has."""
    content = operation.raw.get("requestBody", {}).get("content", {}).get("application/json", {})
    examples = list((content.get("examples") or {}).values())
    if not examples:
        return None
    if operation.operation_id == "callbell_contact_conversation_update_funnel":
        return {"funnel_id": dump(base_url)["account"]["funnels"][0]["uuid"]}
    if operation.operation_id == "callbell_contacts_update":
        return examples[-1]["value"]
    return {**examples[0]["value"], **BODY_KEYS.get(name, {})}


@pytest.mark.parametrize(("operation", "name", "example"), _cases())
def test_the_mock_answers_the_shape_of_the_spec_example(fresh, operation: Operation, name: str, example: Any) -> None:
    response = requests.request(
        operation.method,
        f"{fresh}/v1{_path(operation)}",
        params=QUERIES.get(name),
        json=_request_body(fresh, operation, name),
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=30,
    )
    assert response.status_code < 300, response.text
    assert _differences(response.json(), example) == []


def test_a_difference_is_found() -> None:
    """The comparison itself can fail: a missing key, a wrong type, a map value of the wrong type."""
    example = {"contact": [{"uuid": "a", "tags": ["x"], "customFields": {"A": "1"}}]}
    assert _differences({"contact": [{"uuid": "b", "tags": ["y"], "customFields": {"B": "2"}}]}, example) == []
    assert _differences({"contact": {"uuid": "b"}}, example) == [".contact: dict where the example has list"]
    wrong = {"contact": [{"uuid": 1, "tags": [], "customFields": {"B": ["2"]}}]}
    assert sorted(_differences(wrong, example)) == [
        ".contact[0].customFields.B: list where the example's values are str",
        ".contact[0].uuid: number where the example has str",
    ]
