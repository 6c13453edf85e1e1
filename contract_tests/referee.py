"""openapi-core judges every response the suites see against the spec; each misfit is a finding."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound

from hamta import spec_path

if TYPE_CHECKING:
    from contract_tests.exchange import Exchange

__all__ = ["Misfit", "Referee"]


@dataclass(frozen=True)
class Misfit:
    operation: str
    message: str
    exchange: Exchange
    # Where in the answered JSON each schema error is (keys and indexes; a missing required property is the
    # last step), so a misfit on a property the spec marks `x-inferred` is told apart (contract_tests.inferred).
    paths: tuple[tuple[str | int, ...], ...] = ()


_REQUIRED = re.compile(r"^'(.+)' is a required property$")


def _path(error: Any) -> tuple[str | int, ...]:
    steps: tuple[str | int, ...] = tuple(getattr(error, "absolute_path", ()) or ())
    missing = _REQUIRED.match(str(getattr(error, "message", "")))
    return (*steps, missing.group(1)) if missing else steps


@dataclass
class Referee:
    api: str
    misfits: list[Misfit] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._openapi = OpenAPI.from_file_path(str(spec_path(self.api)))

    def judge(self, response: requests.Response, exchange: Exchange) -> None:
        try:
            self._openapi.validate_response(RequestsOpenAPIRequest(response.request), RequestsOpenAPIResponse(response))
        except (PathNotFound, OperationNotFound):
            return  # undeclared requests (the slash quirk, unknown methods) are judged by their own checks
        except Exception as exc:  # openapi-core raises a family of errors; each is a misfit to report
            operation = f"{exchange.method} {response.request.path_url.split('?')[0]}"
            errors = tuple(getattr(exc, "schema_errors", ()) or ())
            detail = "; ".join(str(e) for e in errors) or str(exc)
            paths = tuple(_path(error) for error in errors)
            self.misfits.append(Misfit(operation, f"{type(exc).__name__}: {detail}"[:600], exchange, paths))
