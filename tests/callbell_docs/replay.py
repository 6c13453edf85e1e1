"""Replay one docs example against a mock reset to its seeded state, as the curl sends it (its method, path,
query, headers with the docs' own token, body), and compare the answer with the page's example response by
shape (contract_tests.shapes): status, keys, JSON types, nesting. The spec's schema of the operation, when the
spec has it, only tells maps (custom fields) from records."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

from contract_tests.shapes import shape_differences
from hamta.openapi import ApiSpec, resolve
from mockserver.testing import reset_mock
from tests.callbell_docs.snapshot import DocsExample

__all__ = ["Outcome", "replay"]

_DOCS_HOST = "https://api.callbell.eu"


@dataclass(frozen=True)
class Outcome:
    example: DocsExample
    status: int
    passed: bool
    why: str  # what differs, or "" when it passed

    @property
    def request_line(self) -> str:
        parts = urlsplit(self.example.request.url)
        return f"{self.example.request.method} {parts.path}{'?' + parts.query if parts.query else ''}"


def _schema(spec: ApiSpec, method: str, path: str, status: int) -> Any:
    """The spec's response schema for the request, when the spec declares the operation and status."""
    server = str(spec.document["servers"][0]["url"]).rstrip("/")
    local = path.removeprefix(server)
    for operation in spec.operations:
        pattern = "^" + re.sub(r"\\\{[^/]+\\\}", "[^/]+", re.escape(operation.path)) + "$"
        if operation.method == method and re.match(pattern, local):
            response = (operation.raw.get("responses") or {}).get(str(status)) or {}
            content = (resolve(spec.document, response).get("content") or {}).get("application/json") or {}
            return content.get("schema")
    return None


def replay(example: DocsExample, base_url: str, spec: ApiSpec, admin_token: str | None = None) -> Outcome:
    reset_mock(base_url, admin_token)
    request = example.request
    url = base_url + request.url.removeprefix(_DOCS_HOST)
    body = request.body.encode() if request.body is not None else None
    response = requests.request(
        request.method, url, headers=request.headers, data=body, timeout=30, allow_redirects=False
    )
    status = response.status_code
    if example.status is None:
        if not 200 <= status < 300:
            return Outcome(example, status, False, f"expected a 2xx, got {status}: {response.text[:200]}")
        return Outcome(example, status, True, "")
    if status != example.status:
        return Outcome(example, status, False, f"expected {example.status}, got {status}: {response.text[:200]}")
    if example.status == 204 and response.content:
        return Outcome(example, status, False, f"204 with a body: {response.text[:200]}")
    if example.response is None:
        return Outcome(example, status, True, "")
    try:
        answer = response.json()
    except json.JSONDecodeError:
        return Outcome(example, status, False, f"not JSON: {response.text[:200]}")
    path = urlsplit(url).path
    schema = _schema(spec, request.method, path, status)
    differences = shape_differences(example.response, answer, schema, spec.document)
    return Outcome(example, status, not differences, "; ".join(differences))
