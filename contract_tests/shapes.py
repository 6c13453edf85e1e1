"""Compare a JSON answer with a documented example by shape: the same keys, the same JSON types, the same
nesting, never the same values. Used wherever an example is the promise (the spec's own examples, Callbell's
docs): an answer for other data than the example's still has the example's shape.

What counts as the same shape, and why:
- an object has exactly the example's keys (a key too many is a surprise for a client too), except where the
  spec's schema makes it a map (`additionalProperties` and no `properties`: custom fields, metadata), whose keys
  are data; a map is compared by type only;
- an empty example object or array names no keys or items, so it promises only its type;
- every item of an answered array must have the shape of one of the example's items (examples show the variants
  side by side, e.g. a message with and without `uuid`);
- null is a value, not a type: null on either side matches anything (a contact without an assigned user is the
  same shape as one with); integers and floats are both a JSON number.
"""

from __future__ import annotations

from typing import Any

from hamta.openapi import resolve

__all__ = ["json_type", "shape_differences"]


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _types(schema: dict[str, Any]) -> set[str]:
    declared = schema.get("type")
    names = {declared} if isinstance(declared, str) else set(declared or ())
    if "properties" in schema or "additionalProperties" in schema:
        names.add("object")
    if "items" in schema:
        names.add("array")
    return {"number" if name == "integer" else name for name in names}


def _branch(document: dict[str, Any], schema: Any, value: Any) -> dict[str, Any] | None:
    """The schema (or the oneOf/anyOf branch of it) that describes `value`'s JSON type; None when unknown."""
    node = resolve(document, schema) if schema is not None else None
    if not isinstance(node, dict):
        return None
    wanted = json_type(value)
    for key in ("oneOf", "anyOf"):
        for option in node.get(key) or ():
            chosen = _branch(document, option, value)
            if chosen is not None and wanted in _types(chosen):
                return chosen
    if "allOf" in node:
        merged: dict[str, Any] = {"properties": {}}
        for part in node["allOf"]:
            piece = _branch(document, part, value) or {}
            merged["properties"].update(piece.get("properties") or {})
            for key in ("type", "additionalProperties", "items"):
                if key in piece:
                    merged[key] = piece[key]
        return merged
    return node


def _is_map(schema: dict[str, Any] | None) -> bool:
    return bool(schema) and bool(schema.get("additionalProperties")) and not schema.get("properties")  # type: ignore[union-attr]


def _child(schema: dict[str, Any] | None, key: str | None) -> Any:
    if schema is None:
        return None
    if key is None:
        return schema.get("items")
    properties = schema.get("properties") or {}
    if key in properties:
        return properties[key]
    extra = schema.get("additionalProperties")
    return extra if isinstance(extra, dict) else None


def shape_differences(
    expected: Any, actual: Any, schema: Any = None, document: dict[str, Any] | None = None, where: str = "$"
) -> list[str]:
    """Every place where `actual` has another shape than `expected`, as `$.path: what differs` (empty: same).
    `schema` (with the `document` its `$ref`s point into) is the spec's schema of `expected`, used only to tell
    maps from records; without it every object is a record."""
    document = document or {}
    if expected is None or actual is None:
        return []
    want, got = json_type(expected), json_type(actual)
    if want != got:
        return [f"{where}: expected {want}, got {got}"]
    node = _branch(document, schema, expected) if schema is not None else None
    if isinstance(expected, dict):
        if not expected or _is_map(node):
            return []
        found: list[str] = []
        missing = [key for key in expected if key not in actual]
        extra = [key for key in actual if key not in expected]
        if missing:
            found.append(f"{where}: missing key(s) {', '.join(missing)}")
        if extra:
            found.append(f"{where}: unexpected key(s) {', '.join(extra)}")
        for key in expected:
            if key in actual:
                found += shape_differences(expected[key], actual[key], _child(node, key), document, f"{where}.{key}")
        return found
    if isinstance(expected, list):
        if not expected:
            return []
        items = _child(node, None)
        found = []
        for item in actual:  # `[*]`: the same difference on twenty items is said once
            tries = [shape_differences(option, item, items, document, f"{where}[*]") for option in expected]
            if all(tries):
                found += [text for text in min(tries, key=len) if text not in found]
        return found
    return []
