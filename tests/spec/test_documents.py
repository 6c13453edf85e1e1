"""Each spec is a valid OpenAPI 3.1 document, complete enough for the mock and the contract tests to trust."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import validate

from hamta import API_NAMES, load_spec
from hamta.openapi import ApiSpec, resolve

SPECS = [load_spec(api) for api in API_NAMES]


@pytest.fixture(params=SPECS, ids=lambda spec: spec.name)
def spec(request: pytest.FixtureRequest) -> ApiSpec:
    return request.param


def test_passes_openapi_spec_validator(spec: ApiSpec) -> None:
    assert spec.document["openapi"].startswith("3.1")
    validate(spec.document)


def test_servers_are_relative(spec: ApiSpec) -> None:
    # openapi-core drops the port of an absolute server URL, so an absolute one never matches a local run.
    for server in spec.document["servers"]:
        assert server["url"].startswith("/"), server


def test_every_operation_has_id_summary_and_explicit_security(spec: ApiSpec) -> None:
    assert spec.operations
    for operation in spec.operations:
        assert operation.operation_id, operation.path
        assert operation.summary.strip(), operation.operation_id
        assert "security" in operation.raw, f"{operation.operation_id} needs an explicit security requirement"
        for requirement in operation.raw["security"]:
            assert set(requirement) <= set(spec.security_schemes), operation.operation_id


def test_operation_ids_are_unique_across_all_specs() -> None:
    ids = [operation.operation_id for spec in SPECS for operation in spec.operations]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def _auth_failure_statuses(spec: ApiSpec, requirement: tuple[str, ...]) -> set[str]:
    """The status a client gets when the scheme's credentials are missing: 401 for header schemes, 403 for
    DRF's session authentication (it sends no challenge, so DRF answers 403)."""
    statuses = set()
    for name in requirement:
        scheme = spec.security_schemes[name]
        statuses.add("403" if scheme.get("in") == "cookie" or name == "csrf" else "401")
    return statuses


def test_every_operation_documents_its_error_responses(spec: ApiSpec) -> None:
    for operation in spec.operations:
        responses = operation.raw["responses"]
        errors = {status for status in responses if status.startswith(("4", "5"))}
        assert errors, f"{operation.operation_id} documents no error response"
        for requirement in operation.security:
            if requirement:
                missing = _auth_failure_statuses(spec, requirement) - set(responses)
                assert not missing, f"{operation.operation_id} lacks {missing} for {requirement}"
        if operation.permission is not None:
            assert "403" in responses, f"{operation.operation_id} has a permission code but no 403"
        for status in errors:
            response = resolve(spec.document, responses[status])
            content = response.get("content") or {}
            assert content, f"{operation.operation_id} {status} has no body schema"
            for media, body in content.items():
                assert "schema" in body, f"{operation.operation_id} {status} {media}"
                assert body.get("examples") or "example" in body, (
                    f"{operation.operation_id} {status} {media} has no example"
                )


def test_paths_have_identifier_like_parameters(spec: ApiSpec) -> None:
    # aiohttp only routes identifier-like parameter names: refuse others here, not at start-up.
    import re

    for path in spec.document["paths"]:
        for name in re.findall(r"{([^}]*)}", path):
            assert name.isidentifier(), (path, name)


def _walk_links(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for item in document["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and "responses" in op:
                for response in op["responses"].values():
                    for name, link in (resolve(document, response).get("links") or {}).items():
                        found.append((name, link))
    return found


def test_links_point_at_existing_operations(spec: ApiSpec) -> None:
    ids = {operation.operation_id for operation in spec.operations}
    links = _walk_links(spec.document)
    for name, link in links:
        assert link["operationId"] in ids, name
    if spec.name in ("contacts", "callbell", "conversations"):
        assert links, f"{spec.name} has no links for stateful testing"
