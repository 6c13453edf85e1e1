"""DRF's SimpleMetadata (the OPTIONS answer), derived from the spec's schemas of the path."""

from __future__ import annotations

from typing import Any

from hamta.openapi import ApiSpec, Operation, resolve
from mockserver.accounts import Account
from mockserver.negotiation import RENDERERS

__all__ = ["PARSES", "RENDERS", "metadata"]

RENDERS = [media for media, _, _ in RENDERERS]
PARSES = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"]


def _label(name: str) -> str:
    return "ID" if name == "id" else (name.replace("_", " ").capitalize())


def _kind(schema: dict[str, Any]) -> str:
    if "$ref" in schema or "oneOf" in schema or schema.get("format") == "date-time":
        return "datetime"
    types = schema.get("type", "string")
    types = {types} if isinstance(types, str) else set(types)
    if "integer" in types:
        return "integer"
    if "boolean" in types:
        return "boolean"
    if schema.get("x-invalid-message") == "Enter a valid email address.":
        return "email"
    return "string"


def _fields(spec: ApiSpec, create: Operation, response: dict[str, Any]) -> dict[str, Any]:
    document = spec.document
    body = resolve(document, create.raw["requestBody"]["content"]["application/json"]["schema"])
    writable = {name: resolve(document, sub) for name, sub in body.get("properties", {}).items()}
    required = set(body.get("required", ()))
    info: dict[str, Any] = {}
    for name, schema in resolve(document, response).get("properties", {}).items():
        schema = writable.get(name, resolve(document, schema))
        entry: dict[str, Any] = {
            "type": _kind(schema),
            "required": name in required,
            "read_only": name not in writable,
            "label": _label(name),
        }
        if "x-max-length" in schema or "maxLength" in schema:
            entry["max_length"] = schema.get("x-max-length", schema.get("maxLength"))
        info[name] = entry
    return info


def metadata(spec: ApiSpec, path: str, account: Account | None, description: str = "") -> dict[str, Any]:
    """The path's view named as the spec names it (`x-view-name`), described by its docstring (`description`)."""
    name = spec.view_names[path]
    body: dict[str, Any] = {"name": name, "description": description, "renders": RENDERS, "parses": PARSES}
    create = next((op for op in spec.paths()[path] if op.method == "POST"), None)
    if create is not None and account is not None and account.may(create.permission):
        created = create.raw["responses"]["201"]["content"]["application/json"]["schema"]
        body["actions"] = {"POST": _fields(spec, create, created)}
    return body
