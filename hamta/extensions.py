"""Checks every `x-` extension of a spec against `spec/extensions.schema.json`.

The mock and the contract tests both trust these values blindly, so a malformed or misplaced extension must
stop start-up with a message that names where it is, not surface later as a wrong status code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import jsonschema

from hamta.resources import spec_dir

__all__ = ["extension_problems", "iter_extensions"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((spec_dir() / "extensions.schema.json").read_text(encoding="utf-8"))
    return loaded


def _extensions(node: Any, location: str, where: str) -> Iterator[tuple[str, str, str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.startswith("x-"):
                yield location, f"{where}/{key}", key, value


def _walk_schema(node: Any, where: str) -> Iterator[tuple[str, str, str, Any]]:
    """Schemas nest: every sub-schema is a schema location too."""
    if not isinstance(node, dict):
        return
    yield from _extensions(node, "schema", where)
    for key in ("properties", "patternProperties", "$defs"):
        for name, sub in (node.get(key) or {}).items():
            yield from _walk_schema(sub, f"{where}/{key}/{name}")
    for key in ("items", "additionalProperties", "not", "contains", "propertyNames"):
        if isinstance(node.get(key), dict):
            yield from _walk_schema(node[key], f"{where}/{key}")
    for key in ("allOf", "anyOf", "oneOf", "prefixItems"):
        for index, sub in enumerate(node.get(key) or []):
            yield from _walk_schema(sub, f"{where}/{key}/{index}")


def _walk_content(node: Any, where: str) -> Iterator[tuple[str, str, str, Any]]:
    for media, body in ((node or {}).get("content") or {}).items():
        yield from _walk_schema(body.get("schema"), f"{where}/content/{media}/schema")


def _walk_parameter(node: Any, where: str) -> Iterator[tuple[str, str, str, Any]]:
    yield from _extensions(node, "parameter", where)
    yield from _walk_schema(node.get("schema"), f"{where}/schema")


def _walk_response(node: Any, where: str) -> Iterator[tuple[str, str, str, Any]]:
    yield from _extensions(node, "response", where)
    yield from _walk_content(node, where)


def _walk_operation(node: dict[str, Any], where: str) -> Iterator[tuple[str, str, str, Any]]:
    yield from _extensions(node, "operation", where)
    for index, parameter in enumerate(node.get("parameters") or []):
        yield from _walk_parameter(parameter, f"{where}/parameters/{index}")
    yield from _walk_content(node.get("requestBody"), f"{where}/requestBody")
    for status, response in (node.get("responses") or {}).items():
        yield from _walk_response(response, f"{where}/responses/{status}")


def iter_extensions(document: dict[str, Any]) -> Iterator[tuple[str, str, str, Any]]:
    """Yield (location kind, JSON pointer, extension name, value) for every `x-` key in the document."""
    yield from _extensions(document, "root", "#")
    for path, item in (document.get("paths") or {}).items():
        where = f"#/paths/{path}"
        yield from _extensions(item, "path", where)
        for index, parameter in enumerate(item.get("parameters") or []):
            yield from _walk_parameter(parameter, f"{where}/parameters/{index}")
        for method in HTTP_METHODS:
            if method in item:
                yield from _walk_operation(item[method], f"{where}/{method}")
    components = document.get("components") or {}
    for name, schema in (components.get("schemas") or {}).items():
        yield from _walk_schema(schema, f"#/components/schemas/{name}")
    for name, parameter in (components.get("parameters") or {}).items():
        yield from _walk_parameter(parameter, f"#/components/parameters/{name}")
    for name, response in (components.get("responses") or {}).items():
        yield from _walk_response(response, f"#/components/responses/{name}")
    for name, body in (components.get("requestBodies") or {}).items():
        yield from _walk_content(body, f"#/components/requestBodies/{name}")


def extension_problems(document: dict[str, Any]) -> list[str]:
    """Every unknown, misplaced or malformed extension, as `pointer: message` lines; empty when all is well."""
    schema = _schema()
    locations: dict[str, list[str]] = schema["locations"]
    problems: list[str] = []
    for location, pointer, name, value in iter_extensions(document):
        if name not in locations:
            problems.append(f"{pointer}: unknown extension (known: {', '.join(sorted(locations))})")
            continue
        if location not in locations[name]:
            problems.append(f"{pointer}: {name} is not allowed on a {location} (only on {', '.join(locations[name])})")
            continue
        validator = jsonschema.Draft202012Validator({"$ref": f"#/$defs/{name}", "$defs": schema["$defs"]})
        for error in validator.iter_errors(value):
            problems.append(f"{pointer}: {error.message}")
    problems.extend(_slash_problems(document))
    return problems


def _slash_problems(document: dict[str, Any]) -> list[str]:
    """Cross-field rules a JSON Schema cannot say: the default profile exists, a 500 has its message."""
    root = document.get("x-trailing-slash")
    if not isinstance(root, dict):
        return []
    profiles = root.get("profiles") or {}
    problems: list[str] = []
    default = root.get("default-profile")
    if default is None or default not in profiles:
        problems.append(f"#/x-trailing-slash: default-profile {default!r} is not one of the profiles")
    uses_error = any("server-error" in (p or {}).values() for p in profiles.values())
    if uses_error and not root.get("message"):
        problems.append("#/x-trailing-slash: a profile uses server-error, so the root needs a message")
    for path, item in (document.get("paths") or {}).items():
        override = (item or {}).get("x-trailing-slash")
        if isinstance(override, dict):
            unknown = set(override.get("profiles") or {}) - set(profiles)
            if unknown:
                problems.append(f"#/paths/{path}/x-trailing-slash: profiles {sorted(unknown)} are not root profiles")
    return problems
