"""The request target as Django sees it behind a front server: path and query, never a scheme or a host.

A client talking to a proxy sends the absolute form (`GET http://127.0.0.1:8000/api/contacts/ HTTP/1.1`), and a
server must accept it (RFC 9112 section 3.2.2); nginx and gunicorn hand Django the path and the query only, so
its links and redirects are built from those and the Host header. aiohttp routes such a request on its path
too, but `raw_path` is the target as sent: a link made of it repeats the scheme and the host.
"""

from __future__ import annotations

from aiohttp import web

__all__ = ["host", "origin_form"]


def origin_form(request: web.BaseRequest) -> str:
    """The target as sent (its escapes as the client wrote them), in origin form: path and query."""
    target = request.raw_path
    return target if target.startswith("/") else request.rel_url.raw_path_qs


def host(request: web.BaseRequest) -> str:
    """Django's `HttpRequest.get_host()`: the Host header (which the mock's Host guard has let in); aiohttp's
    `request.host` is an absolute-form target's host instead, without its port."""
    return request.headers.get("Host") or request.host
