"""Django's own pages, for answers a Django deployment makes outside its views: under DEBUG=True the technical
error page (HTML for a client that accepts it, else text), under DEBUG=False the bare error page; and where
Django fails to make an answer at all, the web server's (`ServerAnswer`: no middleware has seen it).

Which one an API shows is its deployment's DEBUG setting, which its trailing-slash profile says
(`SlashPolicy.debug`). Only the top of the technical page is copied: its title, exception and message, what a
client or a person reads; the traceback and settings below it are the deployment's own.
"""

from __future__ import annotations

import html

from aiohttp import web

from mockserver.errors import SuspiciousOperation, UncaughtError
from mockserver.header_parameters import header_parameters
from mockserver.request_target import host, origin_form
from mockserver.wsgi_headers import header

__all__ = [
    "ServerAnswer",
    "accepts_html",
    "bad_request_page",
    "server_crash",
    "server_error_answer",
    "suspicious_answer",
    "technical_not_found_page",
    "technical_page",
]


class ServerAnswer(web.Response):
    """The web server's own answer, Django having failed to make one: no middleware has seen it."""


# django/views/defaults.py:16-26, ERROR_PAGE_TEMPLATE, as `bad_request` fills it without a 400.html (:117-119)
_BAD_REQUEST = (
    '\n<!doctype html>\n<html lang="en">\n<head>\n  <title>Bad Request (400)</title>\n</head>\n<body>\n'
    "  <h1>Bad Request (400)</h1><p></p>\n</body>\n</html>\n"
)


_SERVER_ERROR = b"A server error occurred.  Please contact the administrator."
# ERROR_PAGE_TEMPLATE as `server_error` fills it without a 500.html (django/views/defaults.py:83-99)
_SERVER_ERROR_PAGE = (
    '\n<!doctype html>\n<html lang="en">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n'
    "  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n"
)


def accepts_html(request: web.Request) -> bool:
    """Django's `request.accepts("text/html")` (Django 5.2.19 django/http/request.py:93-150, MediaType :740-795): no
    Accept header means */*; a media type with q=0 is not accepted (an invalid or out-of-range q counts as 1), and
    one with parameters besides q (`text/html; level=1`) does not match a bare `text/html`."""
    accept = header(request, "Accept")
    for token in ("*/*" if accept is None else accept).split(","):
        if not token.strip():
            continue
        try:
            full_type, params = header_parameters(token)
        except ValueError:
            continue
        main, _, sub = full_type.partition("/")
        if main not in ("text", "*") or sub not in ("html", "*") or any(name != "q" for name in params):
            continue
        if _quality(params.get("q")) != 0:
            return True
    return False


def _quality(q: str | None) -> float:
    try:
        quality = float(q if q is not None else 1)
    except ValueError:
        return 1
    return 1 if quality < 0 or quality > 1 else round(quality, 3)


def technical_page(request: web.Request, kind: str, message: str, status: int) -> web.Response:
    """Django's `technical_500_response` (Django 5.2.19 django/views/debug.py:62-75): HTML whenever the client
    accepts it (curl's */* too), else text."""
    if accepts_html(request):
        path = html.escape(request.path)
        # views/templates/technical_500.html:6-7 and :103-105, their line breaks and indents as rendered
        page = (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta http-equiv="content-type" content="text/html; '
            f'charset=utf-8">\n  <title>{kind}\n          at {path}</title>\n</head>\n<body>\n<div id="summary">\n'
            f'  <h1>{kind}\n       at {path}</h1>\n  <pre class="exception_value">{html.escape(message)}</pre>\n'
            "</div>\n</body>\n</html>\n"
        )
        return web.Response(status=status, text=page, content_type="text/html", charset="utf-8")
    # views/templates/technical_500.txt
    text = f"{kind} at {request.path}\n{message}\n\nRequest Method: {request.method}\nRequest URL: {request.url}\n"
    return web.Response(status=status, text=text, content_type="text/plain", charset="utf-8")


def technical_not_found_page(request: web.Request) -> web.Response:
    """Django's `technical_404_response` for a path no URL pattern takes (Django 5.2.19 django/views/debug.py:608-652,
    views/templates/technical_404.html): HTML whatever the client accepts. The URL patterns it lists are the
    deployment's own URLconf, left out."""
    path = html.escape(request.path)
    url = html.escape(f"{request.scheme}://{host(request)}{origin_form(request)}")
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta http-equiv="content-type" content="text/html; '
        f'charset=utf-8">\n  <title>Page not found at {path}</title>\n  <meta name="robots" content="NONE,NOARCHIVE">'
        '\n</head>\n<body>\n  <header id="summary">\n    <h1>Page not found <small>(404)</small></h1>\n'
        '    <table class="meta">\n      <tr>\n        <th scope="row">Request Method:</th>\n'
        f"        <td>{request.method}</td>\n      </tr>\n      <tr>\n"
        f'        <th scope="row">Request URL:</th>\n        <td>{url}</td>\n      </tr>\n    </table>\n'
        f'  </header>\n  <main id="info">\n      <p>\n          The current path, <code>{path[1:]}</code>,\n'
        '        didn\u2019t match any of these.\n      </p>\n  </main>\n  <footer id="explanation">\n    <p>\n'
        "      You\u2019re seeing this error because you have <code>DEBUG = True</code> in\n      your Django settings"
        " file. Change that to <code>False</code>, and Django\n      will display a standard 404 page.\n    </p>\n"
        "  </footer>\n</body>\n</html>\n"
    )
    return web.Response(status=404, text=page, content_type="text/html", charset="utf-8")


def bad_request_page() -> web.Response:
    return web.Response(status=400, text=_BAD_REQUEST, content_type="text/html", charset="utf-8")


def suspicious_answer(request: web.Request, error: SuspiciousOperation, *, debug: bool) -> web.Response:
    """Django's answer to a SuspiciousOperation a view let out (Django 5.2.19
    django/core/handlers/exception.py:112-129): the technical page with status 400 under DEBUG, the 400 page
    otherwise."""
    if debug and error.in_query:
        # The technical page lists the request's GET parameters, reads them again and fails in turn.
        return server_crash()
    if debug:
        return technical_page(request, error.kind, error.message, 400)
    return bad_request_page()


def server_crash() -> web.Response:
    """The WSGI server's answer when Django raises out of the application itself (runserver: wsgiref's
    `BaseHandler.error_output`, Python 3.11 wsgiref/handlers.py:116-120, 384-398; other servers have pages of
    their own): no middleware has seen it."""
    return ServerAnswer(status=500, body=_SERVER_ERROR, headers={"Content-Type": "text/plain"})


def server_error_answer(request: web.Request, error: UncaughtError, *, debug: bool) -> web.Response:
    """Django's answer to an exception a view let out (Django 5.2.19 django/core/handlers/exception.py:173-188,
    `handle_uncaught_exception`): the technical 500 page under DEBUG, the 500 page otherwise."""
    if debug:
        return technical_page(request, error.kind, error.message, 500)
    return web.Response(status=500, text=_SERVER_ERROR_PAGE, content_type="text/html", charset="utf-8")
