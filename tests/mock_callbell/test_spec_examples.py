"""Every request example of spec/callbell.yaml, sent as written to a fresh mock started as `python3 dev.py run`
starts it (the default seed and settings), gets the status of the response example the spec pairs it with, and
an answer of that example's shape: the same keys, JSON types and nesting (contract_tests.shapes). The answer is
also checked against the spec by openapi-core (the client does that on every response).

The cases are read from the spec (tests/mock_callbell/spec_examples.py), so an example added to the spec is
covered without touching this file; a spec whose request example cannot be sent (a path parameter without an
example) fails here rather than being left out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from contract_tests.shapes import shape_differences
from hamta import load_spec
from mockserver.settings import Settings
from mockserver.testing import reset_mock, running_mock
from tests.mock_callbell.conftest import CallbellClient
from tests.mock_callbell.spec_examples import Case, spec_cases

SPEC = load_spec("callbell")
CASES = spec_cases(SPEC)


@pytest.fixture(scope="module")
def default_mock() -> Iterator[str]:
    """The mock with `python3 dev.py run`'s defaults (only the Callbell API served: the others do not share its
    data), reset to its seeded state before each case."""
    with running_mock(Settings(apis=("callbell",))) as url:
        yield url


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_request_example_gets_the_documented_answer(default_mock: str, case: Case) -> None:
    assert not case.problem, f"{case.id}: {case.problem}"
    reset_mock(default_mock)
    api = CallbellClient(default_mock)
    kwargs: dict[str, Any] = {"params": case.query or None}
    if case.body is not None:
        kwargs["data"] = json.dumps(case.body)
        kwargs["headers"] = {"Content-Type": "application/json"}
    response = api.request(case.method, case.path, **kwargs)
    sent = f"{case.method} /v1{case.path} {json.dumps(case.body) if case.body is not None else ''}"
    assert response.status_code == case.status, (
        f"{sent}\nexpected {case.status}, got {response.status_code}: {response.text[:500]}"
    )
    if case.status == 204:
        assert response.content == b""
    if case.example is not None:
        differences = shape_differences(case.example, response.json(), case.schema, SPEC.document)
        assert not differences, f"{sent}\n" + "\n".join(differences)
