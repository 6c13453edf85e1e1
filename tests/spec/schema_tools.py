"""Validate a value against a schema node of a spec, with `$ref`s resolved over the whole document."""

from __future__ import annotations

from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from hamta.openapi import ApiSpec


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def pointer(*parts: str) -> str:
    return "/" + "/".join(_escape(part) for part in parts)


def validator_at(spec: ApiSpec, json_pointer: str) -> jsonschema.Draft202012Validator:
    uri = f"urn:hamta:spec:{spec.name}"
    registry: Registry = Registry().with_resource(uri, Resource(contents=spec.document, specification=DRAFT202012))
    return jsonschema.Draft202012Validator(
        {"$ref": f"{uri}#{json_pointer}"},
        registry=registry,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def errors_at(spec: ApiSpec, json_pointer: str, value: Any) -> list[jsonschema.ValidationError]:
    return list(validator_at(spec, json_pointer).iter_errors(value))
