"""The pipeline one operation runs, in DRF's order: authenticate, check permission, then the handler.

Authentication and permission come before method dispatch (DRF's `initial()`), so the catch-all endpoint of a
path answers 401/403 before it answers 405. Every response then gets the API's default headers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from hamta.openapi import DataUploadLimits, Operation
from mockserver.accounts import Account
from mockserver.auth import AuthLayer, Requirement
from mockserver.auth.csrf_token import request_secret, set_csrf_cookie
from mockserver.bodies import UPLOADS, content_type, unsupported_media_type
from mockserver.data_upload_limits import LIMITS, check_query_fields
from mockserver.drf_fields import Related
from mockserver.errors import ApiStyle, Problem
from mockserver.header_parameters import media_type
from mockserver.locale import gettext
from mockserver.negotiation import JSON_INDENT, Rendering, browsable, escaped_separators, indented, negotiate
from mockserver.operations import Call, Handler
from mockserver.validation import BodyValidator

__all__ = ["Endpoint", "MethodNotAllowed"]

PERMISSION_DENIED = "You do not have permission to perform this action."


@dataclass
class Endpoint:
    operation: Operation
    handler: Handler
    auth: AuthLayer | None
    style: ApiStyle
    allow: str
    bodies: dict[str, BodyValidator]
    # The bytes of files its body may carry beyond `--max-body`, by media type (`validation.upload_bytes`).
    uploads: Mapping[str, int] = field(default_factory=dict)
    # The deployment runs CsrfViewMiddleware (a session API): the browsable API's page carries a CSRF token in its
    # forms (DRF 3.18.3 `templates/rest_framework/base.html:205,293`), so its answer re-sends the cookie.
    page_token: bool = False
    # Django's limits on the request's data (the spec's `x-data-upload-limits`); None: the API has none.
    limits: DataUploadLimits | None = None
    view_name: str | None = None  # the DRF view's name (`x-view-name`): its browsable page's title

    def __post_init__(self) -> None:
        # where a body may be read (by the view, or by Django's CSRF check before it): an operation that takes one
        self.body_limits = self.limits if "requestBody" in self.operation.raw else None

    async def handle(self, request: web.Request) -> web.StreamResponse:
        rendering: Rendering | None = None  # no DRF renderer: the answer as the handler made it
        if self.uploads:  # before authentication: Django's CSRF check may read the form
            request[UPLOADS] = self.uploads.get(media_type(content_type(request))[0], 0)
        if self.body_limits is not None:
            request[LIMITS] = self.body_limits
        try:
            if self.style.negotiates:
                if self.limits is not None:
                    check_query_fields(self.limits, request)
                rendering = negotiate(request)
            account = await self.auth.check(request, self.operation.security) if self.auth else None
            if self.operation.checks_permission and not (account and account.may(self.operation.permission)):
                raise Problem(403, gettext(PERMISSION_DENIED))
            response = await self.handler(Call(request, self, account))
        except Problem as problem:
            response = self.style.render(problem)
        self.style.finalize(response, self.allow)
        return rendered(request, response, rendering, page_token=self.page_token, view_name=self.view_name)

    def validate(
        self, header: str, data: Any, *, partial: bool, related: Related | None = None, empty: bool = False
    ) -> dict[str, Any]:
        """`header`: the request's Content-Type (`bodies.content_type`); `empty`: the request had no body, which DRF
        never parses (DRF 3.18.3 rest_framework/request.py:349-355), so no Content-Type is refused: the data is
        JSON's empty object (a form's empty QueryDict for a form type)."""
        # No Content-Type at all is an empty body, read as JSON's empty object; any other type must be declared.
        body = self.bodies.get(media_type(header)[0] or "application/json")
        if body is None and empty:
            body = self.bodies.get("application/json")
        if body is None:
            raise unsupported_media_type(header)
        return body.validate(data, partial=partial, related=related)


@dataclass
class MethodNotAllowed:
    """The catch-all route of a path: a method the spec does not declare."""

    auth: AuthLayer | None
    style: ApiStyle
    allow: str
    requirement: Requirement
    # The spec's `x-method-permissions`: the code a method asks for even where the path does not serve it.
    permissions: Mapping[str, int]
    page_token: bool = False  # as Endpoint's
    limits: DataUploadLimits | None = None  # as Endpoint's
    view_name: str | None = None  # as Endpoint's

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if self.style.undeclared_method_not_found:
            return self.style.not_found_page(request)
        if self.style.plain_method_not_allowed:
            return web.Response(status=405, headers={"Allow": self.allow}, content_type="text/html", charset="utf-8")
        rendering: Rendering | None = None
        try:
            if self.style.negotiates:
                if self.limits is not None:
                    check_query_fields(self.limits, request)
                rendering = negotiate(request)
            account = await self.auth.check(request, self.requirement) if self.auth else None
            if self.permissions and not _passes(account, self.permissions.get(request.method)):
                raise Problem(403, gettext(PERMISSION_DENIED))
            message = gettext('Method "{method}" not allowed.').format(method=request.method)
            raise Problem(405, message, headers={"Allow": self.allow})
        except Problem as problem:
            response = self.style.render(problem)
        self.style.finalize(response, self.allow)
        return rendered(request, response, rendering, page_token=self.page_token, view_name=self.view_name)


def _passes(account: Account | None, code: int | None) -> bool:
    """The permission check of a view that checks one, for a method its path lacks (DRF checks before it looks for
    the method's handler). A method with a code needs it; one without (TRACE, PROPFIND) gets past the staff gate of
    "Staff with ContactPermission or Admin" to DjangoModelPermissions, which raises the 405 itself (DRF 3.18.3
    rest_framework/permissions.py:213-214): so it is 403 for an account that is neither staff nor a superuser."""
    if account is None:
        return False
    if code is None:
        return account.superuser or account.staff
    return account.may(code)


def rendered(
    request: web.Request,
    response: web.StreamResponse,
    rendering: Rendering | None,
    *,
    page_token: bool,
    view_name: str | None = None,
) -> web.StreamResponse:
    """The view's answer as the negotiated renderer makes it: JSON with U+2028 and U+2029 escaped (indented when the
    accepted media type asks), or the browsable API's page around it (every answer of a view, errors included),
    which under CsrfViewMiddleware re-sends the CSRF cookie. None: no renderer was chosen (not a DRF view, or the
    negotiation failed), the answer as it is."""
    if rendering is None or not isinstance(response, web.Response):
        return response
    if rendering == "json":
        indent = request.get(JSON_INDENT)
        return escaped_separators(response) if indent is None else indented(response, indent)
    page = browsable(response, view_name)
    if page_token:
        set_csrf_cookie(page, request_secret(request))
    return page
