"""The request examples of spec/callbell.yaml, each paired with the response example it promises, read from the
spec at test time so that every example anyone adds is covered.

One case per request-body example (`requestBody.content[application/json].examples`, or its single `example`);
an operation without a body is one case. Path parameters, and the required query parameters, take the
parameter's first example (`schema.examples`, `example`, or the first of `examples`).

The promised answer: the response whose `examples` hold one of the same name as the request example (that is
how a spec pairs a refused request with its error example); otherwise the operation's lowest 2xx, with its
example of the same name, else its first example. A response without an example promises its status only (a
204 promises an empty body too).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hamta.openapi import ApiSpec, resolve

__all__ = ["Case", "spec_cases"]


@dataclass(frozen=True)
class Case:
    operation_id: str
    name: str
    method: str
    path: str  # the spec's path with its parameters filled in, relative to the server (`/v1`)
    query: dict[str, str]
    body: Any  # None: no body
    status: int
    example: Any  # the response example; None when the response has none
    schema: Any  # the response's schema, to tell maps from records (contract_tests.shapes)
    problem: str = ""  # why the case could not be built from the spec (the test fails with it)

    @property
    def id(self) -> str:
        return f"{self.operation_id}/{self.name}"


def _named_examples(document: dict[str, Any], media: dict[str, Any]) -> dict[str, Any]:
    if "examples" in media:
        return {name: resolve(document, example).get("value") for name, example in media["examples"].items()}
    if "example" in media:
        return {"example": media["example"]}
    return {}


def _parameter_example(document: dict[str, Any], parameter: dict[str, Any]) -> Any:
    schema = resolve(document, parameter.get("schema") or {})
    if "example" in parameter:
        return parameter["example"]
    if parameter.get("examples"):
        return resolve(document, next(iter(parameter["examples"].values()))).get("value")
    if schema.get("examples"):
        return schema["examples"][0]
    if "example" in schema:
        return schema["example"]
    return None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _promised(document: dict[str, Any], responses: dict[str, Any], name: str) -> tuple[int, Any, Any]:
    """(status, example or None, schema) of the response the request example `name` should get."""
    resolved = {code: resolve(document, response) for code, response in responses.items() if code.isdigit()}
    media = {code: (response.get("content") or {}).get("application/json") or {} for code, response in resolved.items()}
    for code in sorted(resolved):
        named = _named_examples(document, media[code])
        if name in named:
            return int(code), named[name], media[code].get("schema")
    success = min((code for code in resolved if code.startswith("2")), default=None)
    if success is None:
        return 200, None, None
    code = success
    named = _named_examples(document, media[code])
    example = named.get(name, next(iter(named.values()), None))
    return int(code), example, media[code].get("schema")


def spec_cases(spec: ApiSpec) -> list[Case]:
    document = spec.document
    cases: list[Case] = []
    for operation in spec.operations:
        item_path = operation.path
        item = document["paths"][item_path]
        raw = operation.raw
        parameters = [resolve(document, p) for p in (item.get("parameters") or []) + (raw.get("parameters") or [])]
        path, query, problems = item_path, {}, []
        for parameter in parameters:
            if parameter["in"] not in ("path", "query") or (
                parameter["in"] == "query" and not parameter.get("required")
            ):
                continue
            value = _parameter_example(document, parameter)
            if value is None:
                problems.append(f"no example for the {parameter['in']} parameter {parameter['name']}")
            elif parameter["in"] == "path":
                path = path.replace("{" + parameter["name"] + "}", _text(value))
            else:
                query[parameter["name"]] = _text(value)
        body = resolve(document, raw.get("requestBody") or {})
        media = (body.get("content") or {}).get("application/json")
        requests = _named_examples(document, media) if media is not None else {"no-body": None}
        if media is not None and not requests:
            problems.append("a JSON request body without any example")
        for name, value in requests.items():
            status, example, schema = _promised(document, raw.get("responses") or {}, name)
            cases.append(
                Case(
                    operation.operation_id,
                    name,
                    operation.method,
                    path,
                    dict(query),
                    value,
                    status,
                    example,
                    schema,
                    "; ".join(problems),
                )
            )
        if not requests:
            cases.append(
                Case(
                    operation.operation_id,
                    "-",
                    operation.method,
                    path,
                    query,
                    None,
                    0,
                    None,
                    None,
                    "; ".join(problems),
                )
            )
    return cases
