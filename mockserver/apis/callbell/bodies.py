"""Request bodies with Rails' split between a malformed request (400) and a value the model refuses (422).

Rails checks the parameters first (ActionController::ParameterMissing is a 400) and length limits in the
model (ActiveRecord's "is too long", a 422): the spec lists a note above 1000 characters and metadata over
its limits under 422, while its schemas carry the same limits as maxLength and maxProperties. So a body whose
only faults are such limits is a 422; any other fault is the schema's 400.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from hamta.openapi import ApiSpec
from mockserver.errors import Problem
from mockserver.operations import Call
from mockserver.schemas import validator

__all__ = ["Body"]

_LIMITS = {"maxLength", "maxProperties"}


def _label(path: list[str | int]) -> str:
    head, *rest = [str(part) for part in path] or ["value"]
    return " ".join([head.replace("_", " ").capitalize(), *rest])


def _limit_message(error: Any) -> str | None:
    """Rails' wording for a length limit, None for any other kind of fault."""
    if not error.schema_path or error.schema_path[-1] not in _LIMITS or not error.instance_path:
        return None
    label = _label(list(error.instance_path))
    kind = error.kind
    if "propertyNames" in error.schema_path:
        return f"{label} has a key that is too long (maximum is {kind.error.kind.limit} characters)"
    if error.schema_path[-1] == "maxProperties":
        return f"{label} has too many keys (maximum is {kind.limit})"
    return f"{label} is too long (maximum is {kind.limit} characters)"


class Body:
    def __init__(self, spec: ApiSpec, operation_id: str) -> None:
        operation = spec.operation(operation_id)
        path = operation.path.replace("~", "~0").replace("/", "~1")
        pointer = f"#/paths/{path}/{operation.method.lower()}/requestBody/content/application~1json/schema"
        # A JSON pointer inside a URI fragment: `{uuid}` must be percent-encoded.
        self._validator = validator(spec.name, quote(pointer, safe="#/~"))

    async def read(self, call: Call) -> dict[str, Any]:
        """The checked body. No body at all is a 400 (every Callbell body is `required: true`), though `{}`
        is a valid update that changes nothing. Form fields are read like JSON strings (Rails' params)."""
        _, files = await call.body()  # parse errors, 413 and 415 first, in the engine's words
        # An uploaded file is no value a JSON Schema can judge: Callbell's bodies have none.
        if not call.request.body_exists or files:
            raise Problem(400, "The request body must be a JSON object")
        try:
            return await call.validated()
        except Problem as problem:
            if problem.status != 400:
                raise
            data, _ = await call.body()
            messages = [_limit_message(e) for e in self._validator.iter_errors(data)] if isinstance(data, dict) else []
            if not messages or None in messages:
                raise
            raise Problem(422, str(messages[0])) from None
