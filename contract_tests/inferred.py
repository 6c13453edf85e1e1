"""Which findings are about behaviour the spec only guessed (`x-inferred`) rather than documented, so that the
report can say "inferred behaviour differs: the spec's guess needs checking" instead of calling it a defect.

A finding's subject is inferred when the spec marks `x-inferred` on any of: its operation; a response status
it is about (the status answered, or the statuses the check expected: `Failure.statuses`, or for
schemathesis's own checks the statuses `CHECK_STATUSES` names); a query parameter the request carried that the
check is about (`Failure.parameters`); a schema property on the path of a response-schema misfit
(`Failure.paths`), the property itself included. A finding the check calls documented (`Failure.documented`)
never is. A response `$ref` counts as marked when the component it
points to is. A 4xx the operation does not declare is inferred when every 4xx it declares is (the docs give
no error code there, so the spec's list of them is a guess); an undeclared 5xx never is.
Everything here is read from the spec: nothing about Callbell is written in Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from hamta.openapi import ApiSpec, Operation, resolve

if TYPE_CHECKING:
    from contract_tests.registry import Failure

__all__ = ["CHECK_STATUSES", "INFERRED_PREFIX", "REPORTED_APART", "InferredSubjects"]

# The APIs whose `x-inferred` findings are reported apart. Callbell's spec marks what Callbell's docs do not
# say (issue #15); the contacts and conversations specs use `x-inferred` as notes on behaviour their reference
# deployments do show, which the suite keeps holding deployments to (their faults must still fail a run).
REPORTED_APART = frozenset({"callbell"})

INFERRED_PREFIX = "inferred behaviour differs: the spec's guess needs checking"

# schemathesis's checks -> the response statuses a failure of it is about ("4xx": every 4xx the operation
# declares; a failure is inferred only when each of them is). Checks not named here are about the status
# answered.
CHECK_STATUSES: dict[str, tuple[str, ...]] = {
    "negative_data_rejection": ("4xx",),
    "ignored_auth": ("401",),
    "missing_required_header": ("4xx",),
    "use_after_free": ("404",),
    "ensure_resource_availability": ("404",),
    "positive_data_acceptance": ("2xx",),
}


def _marked(document: dict[str, Any], node: Any) -> str | None:
    """The `x-inferred` reason on `node` or on what its `$ref`s lead to."""
    seen = 0
    while isinstance(node, dict) and seen < 20:
        if isinstance(node.get("x-inferred"), str):
            return str(node["x-inferred"])
        if "$ref" not in node:
            return None
        node = resolve(document, {"$ref": node["$ref"]}) if node.keys() == {"$ref"} else resolve(document, node)
        seen += 1
    return None


# schemathesis checks whose finding is about the request's parameters (a value refused or accepted).
_ABOUT_PARAMETERS = ("negative_data_rejection", "positive_data_acceptance")


class InferredSubjects:
    def __init__(self, spec: ApiSpec) -> None:
        self.spec = spec
        self.enabled = spec.name in REPORTED_APART
        self.document = spec.document
        self.server = str((spec.document.get("servers") or [{}])[0].get("url", "")).rstrip("/")

    def operation(self, label: str) -> Operation | None:
        """The operation a finding's label names: `GET /v1/contacts/{uuid}`, `GET /contacts/{uuid}` or a
        concrete path."""
        method, _, path = label.partition(" ")
        path = path.split("?")[0]
        local = path.removeprefix(self.server) if self.server and path.startswith(self.server + "/") else path
        for operation in self.spec.operations:
            if operation.method != method.upper():
                continue
            pattern = "^" + re.sub(r"\\\{[^/]+\\\}", "[^/]+", re.escape(operation.path)) + "$"
            if local == operation.path or re.match(pattern, local):
                return operation
        return None

    def _responses(self, operation: Operation, statuses: Iterable[str]) -> list[tuple[str, Any]]:
        declared: dict[str, Any] = operation.raw.get("responses") or {}
        chosen: list[tuple[str, Any]] = []
        for status in statuses:
            if status in ("4xx", "2xx"):
                chosen += [(code, node) for code, node in declared.items() if code.startswith(status[0])]
            elif status in declared:
                chosen.append((status, declared[status]))
        return chosen

    def _options(self, node: dict[str, Any], depth: int = 0) -> list[Any]:
        """`node` and every schema its `oneOf`/`anyOf`/`allOf` lead to, nested ones included (a contact wrapper
        whose object form is itself an `anyOf` of the endpoints' key subsets)."""
        found: list[Any] = [node]
        for key in ("oneOf", "anyOf", "allOf"):
            for option in node.get(key) or ():
                resolved = resolve(self.document, option)
                if isinstance(resolved, dict) and depth < 8:
                    found += self._options(resolved, depth + 1)
        return found

    def _property(self, schema: Any, path: Sequence[str | int]) -> str | None:
        """The reason of the first marked schema along `path` (keys and indexes of the answered JSON), the
        schema at its end included."""
        node = resolve(self.document, schema) if isinstance(schema, dict) else None
        for step in path:
            if not isinstance(node, dict):
                return None
            reason = _marked(self.document, node)
            if reason:
                return reason
            options = self._options(node)
            if isinstance(step, int):
                node = next((o["items"] for o in options if isinstance(o, dict) and "items" in o), None)
            else:
                node = next(
                    (
                        o["properties"][step]
                        for o in options
                        if isinstance(o, dict) and step in (o.get("properties") or {})
                    ),
                    None,
                )
            if isinstance(node, dict) and not _marked(self.document, node):
                node = resolve(self.document, node)
        return _marked(self.document, node) if isinstance(node, dict) else None

    def classify(self, failure: Failure, label: str) -> str | None:
        """The `x-inferred` reason of what a check's `failure` (on the operation `label`) is about; None when
        that is documented."""
        if failure.documented:
            return None
        exchange = failure.exchange
        parameters = failure.parameters
        if not parameters and exchange is not None and failure.check in _ABOUT_PARAMETERS:
            parameters = tuple(parse_qs(urlsplit(exchange.url).query, keep_blank_values=True))
        return self.reason(
            label,
            status=exchange.status if exchange is not None else None,
            statuses=failure.statuses,
            parameters=parameters,
            check=failure.check,
        )

    def reason(
        self,
        label: str,
        *,
        status: int | None = None,
        statuses: Sequence[str] = (),
        parameters: Sequence[str] = (),
        paths: Sequence[Sequence[str | int]] = (),
        check: str | None = None,
    ) -> str | None:
        """Why the finding's subject is only inferred (the spec's `x-inferred` text), or None if documented
        (always None for an API whose findings are not reported apart)."""
        operation = self.operation(label) if self.enabled else None
        if operation is None:
            return None
        if operation.inferred:
            return operation.inferred
        concerned = list(statuses) or list(CHECK_STATUSES.get(check or "", ()))
        if concerned:
            responses = self._responses(operation, concerned)
            reasons = [_marked(self.document, node) for _, node in responses]
            if responses and all(reasons):
                return reasons[0]
        elif status is not None:
            answered = self._responses(operation, [str(status)])
            if not answered and 400 <= status < 500:
                # A client error the spec does not declare, where the docs declare none either (every 4xx the
                # spec gives is its guess): the guess of the codes is what needs checking.
                answered = self._responses(operation, ["4xx"])
                reasons = [_marked(self.document, node) for _, node in answered]
                answered = answered if answered and all(reasons) else []
            for _, node in answered:
                reason = _marked(self.document, node)
                if reason:
                    return reason
        item = self.document["paths"].get(operation.path) or {}
        for raw in (item.get("parameters") or []) + (operation.raw.get("parameters") or []):
            parameter = resolve(self.document, raw)
            if parameter.get("name") in parameters:
                reason = _marked(self.document, raw) or _marked(self.document, parameter)
                if reason:
                    return reason
        if paths and status is not None:
            for _, node in self._responses(operation, [str(status)]):
                content = (resolve(self.document, node).get("content") or {}).get("application/json") or {}
                for path in paths:
                    reason = self._property(content.get("schema"), path)
                    if reason:
                        return reason
        return None
