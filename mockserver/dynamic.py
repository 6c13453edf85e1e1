"""A value for a JSON Schema, made up deterministically from a seeded Random (Prism's `Prefer: dynamic=true`).

It prefers what the spec itself offers (const, enum, examples) and falls back to plain values of the right
type and format, so a frontend sees realistic shapes without touching the mock's state.
"""

from __future__ import annotations

import random
import re
from typing import Any

from hamta.openapi import resolve

__all__ = ["generate"]

_FORMATS = {
    "date-time": "2025-12-28T13:47:13.666977Z",
    "date": "2025-12-28",
    "email": "sara@example.com",
    "uri": "http://127.0.0.1:8000/",
    "uuid": "414a6d69-2bd6-45ed-803f-2e7ce360d4c8",
}
_WORDS = ("سلام", "پیگیری", "سفارش", "پشتیبانی", "تماس", "hamta")


def generate(document: dict[str, Any], schema: Any, rng: random.Random, depth: int = 0) -> Any:
    schema = resolve(document, schema)
    if not isinstance(schema, dict):
        return None
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return rng.choice([value for value in schema["enum"] if value is not None] or [None])
    if schema.get("examples"):
        return rng.choice(schema["examples"])
    for combinator in ("oneOf", "anyOf"):
        if combinator in schema:
            options = [s for s in schema[combinator] if resolve(document, s).get("type") != "null"]
            return generate(document, rng.choice(options or schema[combinator]), rng, depth + 1)
    kinds = schema.get("type", "object" if "properties" in schema else "string")
    kinds = [kinds] if isinstance(kinds, str) else [kind for kind in kinds if kind != "null"] or ["null"]
    kind = kinds[0]
    if kind == "object":
        properties = schema.get("properties", {})
        required = set(schema.get("required", ()))
        return {
            name: generate(document, sub, rng, depth + 1)
            for name, sub in properties.items()
            if name in required or (depth < 3 and rng.random() < 0.5)
        }
    if kind == "array":
        count = (
            0
            if depth > 3
            else rng.randint(max(1, schema.get("minItems", 1)), max(1, min(3, schema.get("maxItems", 3))))
        )
        return [generate(document, schema.get("items", {}), rng, depth + 1) for _ in range(count)]
    if kind == "integer":
        return rng.randint(int(schema.get("minimum", 1)), int(schema.get("maximum", 1000)))
    if kind == "number":
        return round(rng.uniform(float(schema.get("minimum", 0)), float(schema.get("maximum", 1000))), 2)
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "null":
        return None
    if schema.get("format") in _FORMATS:
        return _FORMATS[schema["format"]]
    text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 3)))
    text = text[: schema["maxLength"]] if "maxLength" in schema else text
    pattern = schema.get("pattern")
    if pattern is None:
        return text
    # A pattern is honoured by trying typical values of this project's patterns, made-up text first.
    candidates = (text, f"09{rng.randrange(10**9):09d}", "sara@example.com", *_FORMATS.values(), "")
    return next((value for value in candidates if re.search(pattern, value)), text)
