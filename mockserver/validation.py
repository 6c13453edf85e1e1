"""Request body validators per media type, compiled once at start-up, in the API's own error style.

DRF APIs get the serializer emulation (`drf_fields`): DRF's coercions and messages. Other APIs get the
spec's JSON Schema as it is (jsonschema_rs), with the first violation as the message.
"""

from __future__ import annotations

from typing import Any, Protocol
from urllib.parse import quote

from hamta.openapi import ApiSpec, Operation, resolve
from mockserver.bodies import FORM, MULTIPART
from mockserver.drf_fields import Related, compile_serializer
from mockserver.errors import Problem
from mockserver.schemas import validator

__all__ = ["BodyValidator", "SchemaBody", "body_validators", "upload_bytes"]


class BodyValidator(Protocol):
    def validate(self, data: Any, *, partial: bool, related: Related | None = None) -> dict[str, Any]: ...


class SchemaBody:
    """The body must be a JSON object that fits the schema; the first violation is a 400."""

    def __init__(self, api: str, pointer: str) -> None:
        self._validator = validator(api, pointer)

    def validate(self, data: Any, *, partial: bool, related: Related | None = None) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise Problem(400, "The request body must be a JSON object")
        error = next(iter(self._validator.iter_errors(data)), None)
        if error is not None:
            where = ".".join(str(part) for part in error.instance_path)
            raise Problem(400, f"{where}: {error.message}" if where else error.message)
        return data


def _pointer(*parts: str) -> str:
    """A JSON pointer as a URI fragment: `~` and `/` escaped, then `{`, `}` and the like percent-encoded."""
    escaped = (part.replace("~", "~0").replace("/", "~1") for part in parts)
    return "#/" + "/".join(quote(part, safe="~!$&'()*+,;=:@") for part in escaped)


def body_validators(spec: ApiSpec, operation: Operation) -> dict[str, BodyValidator]:
    body = resolve(spec.document, operation.raw.get("requestBody") or {})
    validators: dict[str, BodyValidator] = {}
    for media_type, media in (body.get("content") or {}).items():
        if "schema" not in media:
            continue
        if spec.error_style == "drf":
            html = media_type in (FORM, MULTIPART)
            validators[media_type] = compile_serializer(spec.document, media["schema"], html=html)
        else:
            where = ("paths", operation.path, operation.method.lower(), "requestBody", "content", media_type, "schema")
            validators[media_type] = SchemaBody(spec.name, _pointer(*where))
    return validators


def upload_bytes(spec: ApiSpec, operation: Operation) -> dict[str, int]:
    """The most bytes of files one request body of the operation may carry, by media type: its fields' `x-upload`
    limits added up, for a multipart body (the commerce API's contact-us form). JSON and form-urlencoded bodies
    name the same fields only to refuse a value in them ("The submitted data was not a file")."""
    body = resolve(spec.document, operation.raw.get("requestBody") or {})
    most: dict[str, int] = {}
    for name, media in (body.get("content") or {}).items():
        if name != MULTIPART:
            continue
        schema = resolve(spec.document, media.get("schema") or {})
        fields = (resolve(spec.document, field) for field in (schema.get("properties") or {}).values())
        total = sum(int(field["x-upload"]["max-bytes"]) for field in fields if "x-upload" in field)
        if total:
            most[name] = total
    return most
