"""Django decodes a request's query string in the Content-Type's charset (`request.encoding`), on every method,
with a body or not: a charset in which ASCII is not ASCII (UTF-16, UTF-32, EBCDIC's cp500) turns every parameter
into something else, bytes it cannot decode are read as ISO-8859-1, and a codec that is no text encoding
(`base64`, `rot13`, `hex`) is a LookupError while Django builds its request object (setting the encoding builds
`request.GET`): the WSGI server's 500, on any path and method, signed in or not, DEBUG or not. Each request goes
to a reference deployment and to its mock; the answers must agree (the twin's comparison: status, headers, JSON
bodies, a page's title and headings, a text page's first lines).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from contract_tests.twin.compare import Side
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.reference.commerce_server import running_commerce_reference
from tests.reference.conftest import Twins, assert_twins_agree

COMMERCE = Settings(seed=1404, apis=("conversations",))

_CHARSETS = ["utf-16", "utf-32", "cp500", "latin-1", "UTF8", "utf-16-be", "nonsense", "base64", "rot13"]


def _contacts(twins: Twins, method: str, path: str, content_type: str, role: str | None, body: bytes = b"") -> None:
    answers = []
    for side, tokens in twins:
        headers = {"Content-Type": content_type, "Accept": "application/json"}
        if role is not None:
            headers["Authorization"] = f"Token {tokens[role]}"
        answers.append(requests.request(method, side.base_url + path, data=body, headers=headers, timeout=30))
    assert_twins_agree("contacts", (twins[0][0], twins[1][0]), answers, f"{method} {path} ({content_type}, {role})")


@pytest.mark.parametrize("charset", _CHARSETS)
@pytest.mark.parametrize("path", ["/api/contacts/?limit=2&offset=3", "/api/contacts/?limit=2&offset=33"])
def test_a_list_reads_its_query_in_the_content_types_charset(twins: Twins, path: str, charset: str) -> None:
    """An even-length query decodes as UTF-16 (every parameter lost: the first page of ten), an odd-length one
    fails to and is read as ISO-8859-1 (the page asked for)."""
    _contacts(twins, "GET", path, f"text/plain; charset={charset}", "admin")


@pytest.mark.parametrize(
    ("method", "path", "charset", "role"),
    [
        ("GET", "/api/contacts/?format=api", "utf-16", "admin"),  # no format: JSON, not the browsable page
        ("OPTIONS", "/api/contacts/1/?format=api", "utf-16", "admin"),
        ("GET", "/api/contacts/?limit=2&search=%D8%A7", "latin-1", "admin"),  # escapes decoded in the charset
        ("GET", "/api/contacts/?limit=2&search=%E9", "latin-1", "admin"),
        ("GET", "/api/contacts/?limit=2", "base64", None),  # before authentication: before anything
        ("GET", "/api/contacts/1/?x=1", "hex", "viewer"),
        ("GET", "/api/contacts.json?limit=2", "base64", None),
        ("GET", "/api/contacts/1.json?x=1", "rot13", "admin"),  # a view that never reads the query
        ("DELETE", "/api/nothing/?x=1", "base64", "admin"),  # no view at all
        ("GET", "/api/contacts?x=1", "base64", "admin"),  # before the slash's redirect
        ("GET", "/api/contacts/", "base64", "admin"),  # no query string: nothing to decode, the list
        ("GET", "/api/contacts/?", "base64", "admin"),  # an empty one neither
    ],
)
def test_what_django_makes_of_a_query_in_another_charset(
    twins: Twins, method: str, path: str, charset: str, role: str | None
) -> None:
    _contacts(twins, method, path, f"application/json; charset={charset}", role)


@pytest.mark.parametrize("query", ["?x=1", ""])
def test_a_create_in_a_charset_that_is_no_text_encoding_fails_on_its_query_first(twins: Twins, query: str) -> None:
    """With a query string the WSGI server's 500; without one DRF's JSON parser refuses the charset (a 400)."""
    body = b'{"first_name": "x"}'
    _contacts(twins, "POST", f"/api/contacts/{query}", "application/json; charset=base64", "admin", body)


@pytest.fixture(scope="module")
def sides() -> Iterator[tuple[Side, Side]]:
    with running_commerce_reference(seed=COMMERCE.seed) as reference, running_mock(COMMERCE) as twin:
        yield Side(reference.url, {}), Side(twin, {})


@pytest.mark.parametrize("charset", ["utf-16", "latin-1", "base64", "nonsense"])
@pytest.mark.parametrize(
    "path", ["/users/contact-us-subjects/?format=api", "/users/conversations/?page=2", "/users/orders/?limit=1"]
)
def test_the_commerce_views_read_their_query_as_django_does(sides: tuple[Side, Side], path: str, charset: str) -> None:
    """DEBUG=False changes nothing: the request object is never built, no page of Django's is made."""
    headers = {"Content-Type": f"application/json; charset={charset}", "Accept": "application/json"}
    answers = [requests.get(side.base_url + path, headers=headers, timeout=30) for side in sides]
    assert_twins_agree("conversations", sides, answers, f"GET {path} ({charset})")
