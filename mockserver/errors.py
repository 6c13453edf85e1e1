"""Errors in each API's own format.

Handlers and layers raise `Problem`; the edge's guard renders it with the style the API's spec names in
`x-error-style`, so no handler knows what an error body looks like.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from aiohttp import web

from mockserver.jsoncodec import dumps

__all__ = [
    "STYLES",
    "VIEW_STYLES",
    "ApiStyle",
    "CallbellStyle",
    "DrfStyle",
    "Problem",
    "ServerCrash",
    "SuspiciousOperation",
    "UncaughtError",
    "json_response",
]


def json_response(body: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
    """Compact UTF-8 JSON, as DRF's JSONRenderer writes it (non-ASCII kept, no spaces)."""
    text = dumps(body)
    return web.Response(
        body=text.encode("utf-8"), status=status, headers=headers, content_type="application/json", charset=None
    )


@dataclass
class Problem(Exception):
    """An HTTP error the client should see. `fields` is a field map (a 400), `items` a bare list of messages."""

    status: int
    message: str = ""
    fields: dict[str, list[str]] | None = None
    items: list[str] | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.message or self.fields or self.items}"


@dataclass
class SuspiciousOperation(Exception):
    """What Django raises for a request whose data is over its limits (RequestDataTooBig, TooManyFieldsSent,
    TooManyFilesSent: `kind`). No view answers it: Django's exception handler does, with a page of its own
    (`mockserver.django_pages`), so it passes the endpoint (no `Allow`, no `Vary: Accept`) to the guard."""

    kind: str
    message: str
    # Raised reading the query string: under DEBUG, the technical page reads it again and fails as well.
    in_query: bool = False


@dataclass
class UncaughtError(Exception):
    """An exception a Django deployment's view lets out, reproduced on purpose: DRF re-raises what is no
    APIException, and Django answers with its 500 page (`mockserver.django_pages`). `kind` is the exception's
    class, `message` its text. The mock's own bugs are not this: they are logged and answered in the API's
    format (`mockserver.guard`)."""

    kind: str
    message: str


class ServerCrash(Exception):
    """Django fails to make any answer: an exception its error views raise again (they run the same checks), so the
    WSGI server answers (`django_pages.server_crash`). No middleware sees it: it passes every layer to the edge."""


class ApiStyle(Protocol):
    """How an API frames what it answers: its error bodies, its 404 page, its default headers, and the two
    routing conventions of its framework that decide between a 404 page and an answer of the API."""

    # The regular expression a path parameter's segment must match for the route to match at all (None: any
    # segment without a slash).
    segment: str | None
    # Whether a method the path does not declare is the 404 page (the router matches on method and path
    # together, before any controller or authentication runs) rather than an authenticated 405 with `Allow`.
    undeclared_method_not_found: bool
    # Whether the framework chooses a renderer before it authenticates (DRF: `?format=`, format suffixes,
    # Accept), so an unknown format is 404 and an unsatisfiable Accept 406 (mockserver/negotiation.py).
    negotiates: bool
    # Whether a method the view does not take is Django's `HttpResponseNotAllowed` (405, empty, `Allow`), answered
    # before any authentication, rather than the framework's own 405.
    plain_method_not_allowed: bool
    # Methods every view of the framework answers, declared in the spec or not (DRF's APIView: OPTIONS).
    implicit_methods: tuple[str, ...]
    # Whether the query string is decoded in the Content-Type's charset (Django's `request.GET`,
    # mockserver/query_params.py), rather than as UTF-8 whatever the request's headers.
    query_in_content_charset: bool

    def render(self, problem: Problem) -> web.Response: ...

    def not_found_page(self, request: web.Request) -> web.Response: ...

    def finalize(self, response: web.StreamResponse, allow: str) -> None: ...


class DrfStyle:
    """Django REST Framework: `{"detail": ...}`, a field map for validation errors, a list for bare ones."""

    # A DRF router's default `lookup_value_regex`: a segment with a `.` matches no route (Django's 404 page).
    segment: str | None = "[^/.]+"
    # DRF dispatches on the method inside the view, after authentication: 401/403, then 405 with `Allow`.
    undeclared_method_not_found: bool = False
    negotiates: bool = True
    plain_method_not_allowed: bool = False
    implicit_methods: tuple[str, ...] = ("OPTIONS",)
    query_in_content_charset: bool = True

    def render(self, problem: Problem) -> web.Response:
        body: Any
        if problem.fields is not None:
            body = problem.fields
        elif problem.items is not None:
            body = problem.items
        else:
            body = {"detail": problem.message}
        return json_response(body, problem.status, problem.headers)

    def finalize(self, response: web.StreamResponse, allow: str) -> None:
        # APIView.finalize_response: every response of a view, errors included, names the view's methods, and
        # varies by Accept, before what the middleware adds on the way out (a handler here may have set a cookie
        # whose `Vary: Cookie` is CsrfViewMiddleware's, mockserver.auth.csrf_cookie).
        response.headers.setdefault("Allow", allow)
        vary = response.headers.get("Vary")
        if not vary:
            response.headers["Vary"] = "Accept"
        elif "accept" not in {part.strip().lower() for part in vary.split(",")}:
            response.headers["Vary"] = f"Accept, {vary}"

    def not_found_page(self, request: web.Request) -> web.Response:
        # Django's default 404 view (DEBUG=False) for a URL no pattern matches: HTML, not DRF JSON.
        html = (
            '<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n'
            "  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n"
        )
        return web.Response(text=html, status=404, content_type="text/html", charset="utf-8")


class CallbellStyle:
    """Callbell: `{"error": "..."}` (inferred: Callbell documents no error bodies)."""

    segment: str | None = None
    # A Rails app: the router matches the method with the path, so an undeclared method is the 404 of an
    # unmatched route, before any controller (and its authentication) runs. Inferred, see spec/callbell.yaml.
    undeclared_method_not_found: bool = True
    negotiates: bool = False
    plain_method_not_allowed: bool = False
    implicit_methods: tuple[str, ...] = ()
    query_in_content_charset: bool = False  # Rack's query parser reads the bytes as UTF-8

    def render(self, problem: Problem) -> web.Response:
        message = problem.message
        if not message and problem.fields:
            message = "; ".join(f"{name}: {' '.join(texts)}" for name, texts in problem.fields.items())
        if not message and problem.items:
            message = " ".join(problem.items)
        return json_response({"error": message}, problem.status, problem.headers)

    def finalize(self, response: web.StreamResponse, allow: str) -> None:
        return None

    def not_found_page(self, request: web.Request) -> web.Response:
        return json_response({"error": "Not found"}, 404)


class DjangoViewStyle(DrfStyle):
    """A plain Django view inside a DRF API (`x-view: django`): no renderer negotiation, no DRF headers, and
    Django's own 405 (`require_POST`). Its handler answers everything else itself."""

    negotiates: bool = False
    plain_method_not_allowed: bool = True
    implicit_methods: tuple[str, ...] = ()

    def finalize(self, response: web.StreamResponse, allow: str) -> None:
        return None


STYLES: dict[str, ApiStyle] = {"drf": DrfStyle(), "callbell": CallbellStyle()}
VIEW_STYLES: dict[str, ApiStyle] = {"django": DjangoViewStyle()}
