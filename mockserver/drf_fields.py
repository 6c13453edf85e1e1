"""A DRF serializer, compiled once from a request schema of the spec.

The spec says what a field accepts (type, nullability, length, pattern); this module says it the way DRF does:
blank before null before type, whitespace trimmed, every validator's message collected, unknown fields ignored.
Reading the constraints from the schema keeps Python from repeating the spec.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hamta.openapi import resolve
from mockserver.errors import Problem

__all__ = ["CharRule", "IntegerRule", "Serializer", "compile_serializer"]

_EMPTY = object()
_TRAILING_ZEROS = re.compile(r"\.0*\s*$")


class FieldError(Exception):
    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = list(messages)


def _surrogate(text: str) -> str | None:
    for char in text:
        if 0xD800 <= ord(char) <= 0xDFFF:
            return f"Surrogate characters are not allowed: U+{ord(char):X}."
    return None


@dataclass(frozen=True)
class CharRule:
    """serializers.CharField (and EmailField, and a model field's RegexValidator, via `pattern`)."""

    name: str
    required: bool
    allow_null: bool
    allow_blank: bool
    accepts_numbers: bool
    max_length: int | None
    pattern: re.Pattern[str] | None
    pattern_message: str

    def clean(self, value: Any) -> Any:
        if value == "" or (isinstance(value, str | int | float) and str(value).strip() == ""):
            if not self.allow_blank:
                raise FieldError("This field may not be blank.")
            return ""
        if value is None:
            if not self.allow_null:
                raise FieldError("This field may not be null.")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise FieldError("Not a valid string.")
        if not isinstance(value, str) and not self.accepts_numbers:
            # DRF would coerce and then fail the field's validator; the schema says numbers are refused.
            raise FieldError(self.pattern_message)
        text = str(value).strip()
        errors = []
        if self.max_length is not None and len(text) > self.max_length:
            errors.append(f"Ensure this field has no more than {self.max_length} characters.")
        if "\x00" in text:
            errors.append("Null characters are not allowed.")
        surrogate = _surrogate(text)
        if surrogate:
            errors.append(surrogate)
        if self.pattern is not None and "\x00" not in text and not surrogate and not self.pattern.search(text):
            errors.append(self.pattern_message)
        if errors:
            raise FieldError(*errors)
        return text


@dataclass(frozen=True)
class IntegerRule:
    """serializers.IntegerField: ints, integral floats and numeric strings ("7", "7.0")."""

    name: str
    required: bool
    allow_null: bool
    minimum: int | None
    maximum: int | None

    def clean(self, value: Any) -> Any:
        if value is None or (value == "" and self.allow_null):
            if not self.allow_null:
                raise FieldError("This field may not be null.")
            return None
        if isinstance(value, str) and len(value) > 1000:
            raise FieldError("String value too large.")
        try:
            number = int(_TRAILING_ZEROS.sub("", str(value)))
        except (ValueError, TypeError):
            raise FieldError("A valid integer is required.") from None
        if isinstance(value, bool):
            raise FieldError("A valid integer is required.")
        if self.maximum is not None and number > self.maximum:
            raise FieldError(f"Ensure this value is less than or equal to {self.maximum}.")
        if self.minimum is not None and number < self.minimum:
            raise FieldError(f"Ensure this value is greater than or equal to {self.minimum}.")
        return number


Rule = CharRule | IntegerRule


@dataclass(frozen=True)
class Serializer:
    rules: tuple[Rule, ...]

    def validate(self, data: Any, *, partial: bool) -> dict[str, Any]:
        """The validated fields, or a 400 Problem with DRF's field map."""
        if data is None:
            # DRF's Serializer.errors turns the 'null' error of an absent body into this.
            raise Problem(400, fields={"non_field_errors": ["No data provided"]})
        if not isinstance(data, Mapping):
            kind = type(data).__name__
            raise Problem(400, fields={"non_field_errors": [f"Invalid data. Expected a dictionary, but got {kind}."]})
        cleaned: dict[str, Any] = {}
        errors: dict[str, list[str]] = {}
        for rule in self.rules:
            value = data.get(rule.name, _EMPTY)
            if value is _EMPTY:
                if rule.required and not partial:
                    errors[rule.name] = ["This field is required."]
                continue
            try:
                cleaned[rule.name] = rule.clean(value)
            except FieldError as exc:
                errors[rule.name] = exc.messages
        if errors:
            raise Problem(400, fields=errors)
        return cleaned


def _types(schema: Mapping[str, Any]) -> set[str]:
    kind = schema.get("type", "string")
    return {kind} if isinstance(kind, str) else set(kind)


def _rule(name: str, schema: Mapping[str, Any], required: bool) -> Rule:
    types = _types(schema)
    if types & {"integer"} and not types & {"string"}:
        return IntegerRule(name, required, "null" in types, schema.get("minimum"), schema.get("maximum"))
    pattern = re.compile(schema["pattern"]) if "pattern" in schema else None
    min_length = schema.get("minLength", 0)
    # Blank is checked on the trimmed value, before any validator: a field allows it when "" fits the schema.
    allow_blank = min_length == 0 and (pattern is None or pattern.search("") is not None)
    return CharRule(
        name=name,
        required=required,
        allow_null="null" in types,
        allow_blank=allow_blank,
        accepts_numbers=bool(types & {"number", "integer"}),
        max_length=schema.get("maxLength"),
        pattern=pattern,
        pattern_message=schema.get("x-invalid-message", "Enter a valid value."),
    )


def compile_serializer(document: dict[str, Any], schema: Any) -> Serializer:
    """A Serializer for an object schema of `document` (a `$ref` or inline)."""
    resolved = resolve(document, schema)
    required = set(resolved.get("required", ()))
    rules = tuple(
        _rule(name, resolve(document, sub), name in required) for name, sub in resolved.get("properties", {}).items()
    )
    return Serializer(rules)
