"""Fast JSON Schema validators for any schema of a spec, compiled once (jsonschema_rs, ~1 µs a record).

The whole OpenAPI document is the root, so `$ref`s inside the schema resolve as they do in the spec.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jsonschema_rs

from hamta import load_spec

__all__ = ["validator"]


@cache
def validator(api: str, pointer: str) -> Any:
    """A validator for the schema at `pointer` (e.g. `#/components/schemas/Contact`) of the API's spec."""
    document = load_spec(api).document
    return jsonschema_rs.validator_for({**document, "$ref": pointer}, validate_formats=True)
