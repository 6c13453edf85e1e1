"""The mock answers each contacts and messages operation in the shape of every 2xx example the spec gives for
it (the docs' example, our values), including the examples no request example is paired with (an answer with
`include_field_types`, a send with `fields`): the same keys at every level and the same JSON types
(contract_tests.shapes, the comparator every example replay uses)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from contract_tests.shapes import shape_differences
from hamta import load_spec
from hamta.openapi import Operation
from tests.mock_callbell.conftest import TOKEN, dump
from tests.mock_callbell.spec_examples import spec_cases

SPEC = load_spec("callbell")
PATHS = {case.operation_id: case.path for case in spec_cases(SPEC)}
# What an answer example needs that the operation's first request example does not give.
QUERIES = {"with_field_types": {"include_field_types": "true"}}
BODY_KEYS = {"fields_contact_conversation": {"fields": "contact,conversation"}}


def _cases() -> list[Any]:
    cases = []
    for operation in SPEC.operations:
        if not operation.path.startswith(("/contacts", "/messages")):
            continue
        ok = next((r for status, r in operation.raw["responses"].items() if status.startswith("2")), {})
        media = ok.get("content", {}).get("application/json", {})
        for name, example in (media.get("examples") or {}).items():
            case_id = f"{operation.operation_id}-{name}"
            cases.append(pytest.param(operation, name, example["value"], media.get("schema"), id=case_id))
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


@pytest.mark.parametrize(("operation", "name", "example", "schema"), _cases())
def test_the_mock_answers_the_shape_of_the_spec_example(
    fresh, operation: Operation, name: str, example: Any, schema: Any
) -> None:
    response = requests.request(
        operation.method,
        f"{fresh}/v1{PATHS[operation.operation_id]}",
        params=QUERIES.get(name),
        json=_request_body(fresh, operation, name),
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=30,
    )
    assert response.status_code < 300, response.text
    assert shape_differences(example, response.json(), schema, SPEC.document) == []
