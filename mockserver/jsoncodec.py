"""JSON as the mocked APIs write and read it, with one encoder and one decoder built once.

`json.dumps(..., ensure_ascii=False, separators=...)` and `json.loads(..., parse_constant=...)` build a new
encoder or decoder on every call; on the request path that is a measurable share of a create.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["dumps", "escape_separators", "loads_strict"]


def _refuse_constant(value: str) -> Any:
    # DRF's JSONParser refuses NaN and Infinity (STRICT_JSON), with this message.
    raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")


# DRF's JSONRenderer: compact, non-ASCII written as it is.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_STRICT_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def dumps(value: Any) -> str:
    """json.dumps(value, ensure_ascii=False, separators=(",", ":")), character for character."""
    return _ENCODER.encode(value)


def escape_separators(text: str) -> str:
    """U+2028 and U+2029 written as escapes, as DRF's JSONRenderer writes them "to ensure we output JSON that is a
    strict javascript subset" (DRF 3.18.3 rest_framework/renderers.py:103-106): the same JSON, other bytes."""
    if "\u2028" in text or "\u2029" in text:
        return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return text


def loads_strict(text: str) -> Any:
    """json.loads(text) refusing NaN and Infinity; a leading BOM is refused exactly as json.loads refuses it."""
    if text.startswith("\ufeff"):
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    return _STRICT_DECODER.decode(text)
