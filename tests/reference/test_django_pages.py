"""The HTML pages a client can get instead of JSON, as each reference deployment shows them and its mock copies them:
the browsable API's page of every view, titled with the view's name (`x-view-name`), and Django's own pages: the
404 page for a path no
URL pattern takes, and the 500 page for a JSON body nested deeper than Python's recursion limit (DRF's parser
lets the RecursionError out). The contacts deployment runs DEBUG=True (the technical pages: "Page not found at
<path>", whatever the client accepts; "RecursionError at <path>", HTML or text by `Accept`), the commerce one
DEBUG=False ("Not Found", "Server Error (500)"). The twin compares a page's title and headings; this compares
its paragraphs and the exception's message too, and a text page's first lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import requests

from contract_tests.twin.compare import Normaliser, Side, differences
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.reference.commerce_server import running_commerce_reference
from tests.reference.conftest import Twins
from tests.reference.test_commerce_reads_random import COMMERCE_VIEWS

COMMERCE = Settings(seed=1404, apis=("conversations",))
_UNKNOWN = ["/nothing/", "/api/nothing/", "/api/contacts//", "/api/contacts/1/x/", "/users/nothing/", "/سلام/"]


_DEEP = b'{"subject": ' + b"[" * 3000 + b"]" * 3000 + b"}"


def _page(response: requests.Response) -> tuple[int, str, list[str]]:
    """Status, title, and what a reader takes from the page, whitespace folded: its headings, and the exception's
    message (a technical 500: its traceback and settings are the deployment's own) or else its paragraphs (but the
    one naming the deployment's URLconf module: the mock leaves the patterns it lists out); a text page's first
    lines."""
    if response.headers.get("Content-Type", "").startswith("text/plain"):
        return response.status_code, "", response.text.splitlines()[:2]
    text = re.sub(r"<style>.*?</style>", "", response.text, flags=re.S)
    title = re.search(r"<title>(.*?)</title>", text, re.S)

    def parts(pattern: str) -> list[str]:
        return [" ".join(part.split()) for part in re.findall(pattern, text, re.S)]

    said = parts(r'<pre class="exception_value">(.*?)</pre>')[:1] or [
        line for line in parts(r"<p>(.*?)</p>") if line and not line.startswith("Using the URLconf")
    ]
    return response.status_code, " ".join(title.group(1).split()) if title else "", parts(r"<h1>(.*?)</h1>") + said


def _assert_same_page(sides: tuple[Side, Side], answers: list[requests.Response], what: str) -> None:
    found = differences(Normaliser("2000-01-01T00:00:00"), (sides[0], answers[0]), (sides[1], answers[1]))
    assert not found, f"{what}: " + "; ".join(found)
    pages = [
        repr(_page(answer)).replace(side.base_url.split("//")[1], "HOST")
        for side, answer in zip(sides, answers, strict=True)
    ]
    assert pages[0] == pages[1], what


@pytest.mark.parametrize("accept", [None, "application/json"])
@pytest.mark.parametrize("path", _UNKNOWN)
def test_a_path_no_pattern_takes_is_djangos_debug_404_page(twins: Twins, path: str, accept: str | None) -> None:
    headers = {"Accept": accept} if accept else {}
    answers = [requests.get(side.base_url + path, headers=headers, timeout=30) for side, _ in twins]
    assert answers[0].status_code == 404
    assert _page(answers[0])[1].startswith("Page not found at ")
    _assert_same_page((twins[0][0], twins[1][0]), answers, f"GET {path} (Accept {accept!r})")


@pytest.mark.parametrize("accept", [None, "application/json"])
@pytest.mark.parametrize(("method", "path"), [("POST", "/api/contacts/"), ("PATCH", "/api/contacts/1/")])
def test_json_nested_too_deep_is_djangos_technical_500_page(
    twins: Twins, method: str, path: str, accept: str | None
) -> None:
    answers = []
    for side, tokens in twins:
        headers = {"Authorization": f"Token {tokens['admin']}", "Content-Type": "application/json"}
        if accept:
            headers["Accept"] = accept
        answers.append(requests.request(method, side.base_url + path, data=_DEEP, headers=headers, timeout=30))
    assert answers[0].status_code == 500
    _assert_same_page((twins[0][0], twins[1][0]), answers, f"{method} {path} (Accept {accept!r})")


@pytest.fixture(scope="module")
def sides() -> Iterator[tuple[Side, Side]]:
    with running_commerce_reference(seed=COMMERCE.seed) as reference, running_mock(COMMERCE) as twin:
        yield Side(reference.url, {}), Side(twin, {})


@pytest.mark.parametrize("path", _UNKNOWN)
def test_a_path_no_pattern_takes_is_djangos_404_page_under_debug_false(sides: tuple[Side, Side], path: str) -> None:
    answers = [requests.get(side.base_url + path, timeout=30) for side in sides]
    assert _page(answers[0])[1] == "Not Found"
    _assert_same_page(sides, answers, f"GET {path}")


@pytest.mark.parametrize("path", ["/users/contact-us/", "/users/login/"])
def test_json_nested_too_deep_is_djangos_500_page_under_debug_false(sides: tuple[Side, Side], path: str) -> None:
    headers = {"Content-Type": "application/json"}
    answers = [requests.post(side.base_url + path, data=_DEEP, headers=headers, timeout=30) for side in sides]
    assert _page(answers[0])[:2] == (500, "Server Error (500)")
    _assert_same_page(sides, answers, f"POST {path}")


_BROWSED = [("GET", "/api/"), ("GET", "/api/contacts/"), ("GET", "/api/contacts/1/"), ("GET", "/api/contacts/999/")]


@pytest.mark.parametrize(("method", "path"), [*_BROWSED, ("PUT", "/api/contacts/"), ("GET", "/api/contacts.api")])
def test_a_browsable_page_is_titled_with_its_views_name(twins: Twins, method: str, path: str) -> None:
    answers = []
    for side, tokens in twins:
        headers = {"Accept": "text/html", "Authorization": f"Token {tokens['admin']}"}
        answers.append(requests.request(method, side.base_url + path, headers=headers, timeout=30))
    titles = [_page(answer)[:2] for answer in answers]
    assert titles[0] == titles[1], f"{method} {path}"
    assert titles[0][1].endswith(" \u2013 Django REST framework")


@pytest.mark.parametrize("path", COMMERCE_VIEWS)
def test_a_commerce_browsable_page_is_titled_with_its_views_name(sides: tuple[Side, Side], path: str) -> None:
    answers = [requests.get(side.base_url + path, headers={"Accept": "text/html"}, timeout=30) for side in sides]
    titles = [_page(answer)[:2] for answer in answers]
    assert titles[0] == titles[1], f"GET {path}"
    assert titles[0][1].endswith(" \u2013 Django REST framework")


@pytest.mark.parametrize(
    "accept",
    [
        "text/html; q=0, application/json",
        "text/html; level=1",
        "text/*; q=0.5",
        "*/*; q=0",
        "text/html; q=abc",
        "text/html; q=2",
        "TEXT/HTML",
        "",
        "application/json",
    ],
)
def test_a_technical_page_is_html_when_django_finds_the_client_accepts_it(twins: Twins, accept: str) -> None:
    """`request.accepts("text/html")`: q=0 is not accepted, an invalid q is 1, and a media type with parameters
    does not match a bare `text/html` (the slash quirk's 500 here, a POST without its slash)."""
    answers = []
    for side, tokens in twins:
        headers = {"Accept": accept, "Authorization": f"Token {tokens['admin']}", "Content-Type": "application/json"}
        answers.append(requests.post(side.base_url + "/api/contacts", data=b"{}", headers=headers, timeout=30))
    assert answers[0].status_code == 500
    _assert_same_page((twins[0][0], twins[1][0]), answers, f"POST /api/contacts (Accept {accept!r})")
