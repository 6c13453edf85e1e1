"""Hypothesis sends the reference contacts deployment (SQLite and PostgreSQL) and the mock, its rows copied in,
the same random requests that change nothing: every path of the spec (the API root, the list, a contact, and
DefaultRouter's format-suffix routes) with GET, HEAD, OPTIONS or a method the path does not take, as each role,
signed out or with a bad token, with a random Accept, `format` and page. Every answer must agree as
`contract-tests --twin` compares them, and be an answer of the spec; but for the browsable API's HTML pages,
which the spec leaves out (it describes the JSON API; a page shows the same answer).
"""

from __future__ import annotations

import http.client
import os
import re
import urllib.parse

import pytest
import requests
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from contract_tests.twin.compare import Normaliser, differences
from tests.mock.client import SpecClient
from tests.reference.conftest import Twins

REFEREE = SpecClient("", "contacts")
EXAMPLES = int(os.environ.get("HAMTA_RANDOM_TWIN_EXAMPLES", "100"))


_PATHS = st.sampled_from(
    ["/api/", "/api/contacts/", "/api/contacts/{id}/", "/api/contacts.{format}", "/api/contacts/{id}.{format}/"]
)
_IDS = st.sampled_from(["1", "2", "15", "16", "0", "-1", "01", "abc", "1.5", "٢", "99999999999999999999"])
_FORMATS = st.sampled_from(["json", "api", "xml", "JSON", "1"])
_PARAMS = st.dictionaries(
    st.sampled_from(["format", "limit", "offset", "ordering", "x"]),
    st.sampled_from(["", "json", "api", "xml", "0", "1", "-1", "2", "abc", "٢", "-id", "99999999999999999999"]),
    max_size=3,
)
_METHODS = st.sampled_from(["GET", "GET", "GET", "HEAD", "OPTIONS", "PUT", "POST", "TRACE", "PROPFIND"])
_ROLES = st.sampled_from(["admin", "staff", "viewer", "nobody", None, "bad"])
# Accept headers DRF's negotiation tells apart (also the commerce API's reads test)
ACCEPTS = st.sampled_from(
    [
        None,
        "application/json",
        "text/html",
        "*/*",
        "text/*",
        "application/xml",
        "image/png",
        "",
        "application/json; q=0",
        "application/json; indent=4",
    ]
)


def _past_int64(limit: str | None) -> bool:
    """A `limit` from 2**63 on: the reference answers 500 (the number reaches the database's LIMIT clause), the
    mock the page, as the spec's `limit` says (a divergence chosen and documented there)."""
    try:
        return limit is not None and int(limit) >= 2**63
    except ValueError:
        return False


def _refereed(answer: requests.Response, suffix: str) -> None:
    """The spec's referee, but for the browsable API's pages; a format-suffix route is judged as the spec's path
    it suffixes (DRF `format_suffix_patterns`: `contacts/` as `contacts.json`
    and `contacts.json/`)."""
    request = answer.request
    assert request.url is not None
    url = urllib.parse.urlsplit(request.url)
    if url.path.startswith("/api/contacts") and f".{suffix}" in url.path:
        request.url = url._replace(path=url.path.replace(f".{suffix}", "").rstrip("/") + "/").geturl()
    REFEREE.check_but_browsable_pages(answer)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    method=_METHODS,
    path=_PATHS,
    record=_IDS,
    suffix=_FORMATS,
    params=_PARAMS,
    role=_ROLES,
    accept=ACCEPTS,
)
def test_random_requests_that_change_nothing_get_the_same_answers(
    twins: Twins,
    method: str,
    path: str,
    record: str,
    suffix: str,
    params: dict[str, str],
    role: str | None,
    accept: str | None,
) -> None:
    assume(not (method == "POST" and "{id}" not in path))  # a create changes something
    assume(not _past_int64(params.get("limit")))
    target = path.replace("{id}", urllib.parse.quote(record)).replace("{format}", suffix)
    if params:
        target += "?" + urllib.parse.urlencode(params)
    answers = []
    for side, tokens in twins:
        headers = {"Accept": accept} if accept is not None else {}
        if role is not None:
            headers["Authorization"] = f"Token {tokens.get(role, 'f' * 40)}"
        url = side.base_url + target
        answers.append(requests.request(method, url, headers=headers, timeout=30, allow_redirects=False))
    for answer in answers:
        _refereed(answer, suffix)
    (deployment, _), (twin, _) = twins
    found = differences(Normaliser("2000-01-01T00:00:00"), (deployment, answers[0]), (twin, answers[1]))
    assert not found, f"{method} {target} (as {role}, Accept {accept!r}): " + "; ".join(found)


@pytest.mark.parametrize(
    "accept",
    [
        "application/json; indent=4",
        "application/json; indent=12",
        "application/json; indent=0",
        "application/json; indent=x",
        'application/json; indent="2"',
        "text/html; q=0.5, application/json; indent=3",
        "application/json; indent=2, text/html",
    ],
)
@pytest.mark.parametrize("path", ["/api/", "/api/contacts/?limit=2", "/api/contacts/1/", "/api/contacts/999/"])
def test_an_indent_the_accept_header_asks_for_gives_the_same_bytes(twins: Twins, path: str, accept: str) -> None:
    """JSONRenderer indents what an accepted `application/json; indent=N` asks for (at most 8; 0 and nonsense are
    compact), errors too; the twin compares parsed bodies, so this compares the bytes."""
    answers = _read_as_admin(twins, path, accept)
    (deployment, _), (twin, _) = twins
    sent = [
        answer.content.replace(side.base_url.encode(), b"BASE")
        for side, answer in ((deployment, answers[0]), (twin, answers[1]))
    ]
    assert sent[0] == sent[1], f"GET {path} (Accept {accept!r})"


def _read_as_admin(twins: Twins, path: str, accept: str) -> list[requests.Response]:
    """Both sides' answers to the admin's GET with this Accept header, each checked by the referee."""
    answers = [
        requests.get(
            side.base_url + path, headers={"Accept": accept, "Authorization": f"Token {tokens['admin']}"}, timeout=30
        )
        for side, tokens in twins
    ]
    for answer in answers:
        REFEREE.check_but_browsable_pages(answer)
    return answers


_PNGS = ", ".join(["image/png"] * 63)


@pytest.mark.parametrize(
    "accept",
    [
        "text/html;" + "a" * 246,
        "text/html;" + "a" * 247,
        "application/json; indent=2;" + "a" * 240,
        "application/json;" + "a" * 250 + ", text/html",
        f"{_PNGS}, application/json",
        f"{_PNGS}, image/png, application/json",
        f"{_PNGS}, , application/json",
        f"{_PNGS}, {'x/' + 'y' * 300}, application/json",
    ],
    ids=lambda accept: f"{len(accept)} characters",
)
@pytest.mark.parametrize("path", ["/api/contacts/?limit=2", "/api/contacts/1/"])
def test_drfs_bounds_on_the_accept_header_get_the_same_answer(twins: Twins, path: str, accept: str) -> None:
    """DRF skips an Accept token over 256 characters and reads at most 64 tokens, empty ones not counted
    (negotiation.py:104-125): what is left may satisfy no renderer (406)."""
    answers = _read_as_admin(twins, path, accept)
    (deployment, _), (twin, _) = twins
    found = differences(Normaliser("2000-01-01T00:00:00"), (deployment, answers[0]), (twin, answers[1]))
    assert not found, f"GET {path} (Accept of {len(accept)} characters): " + "; ".join(found)


@pytest.mark.parametrize(
    "sent",
    [
        [("Accept", ""), ("Accept", "application/json")],
        [("Accept", "text/html"), ("Accept", "application/json; indent=2")],
        [("Accept-Language", "de"), ("Accept-Language", "fa")],
        [("Authorization", "viewer"), ("Authorization", "admin")],
        [("Authorization", "admin"), ("Authorization", "Basic Zm9vOmJhcg==")],
    ],
    ids=repr,
)
@pytest.mark.parametrize("path", ["/api/contacts/?limit=2", "/api/contacts/999/"])
def test_a_header_sent_twice_is_read_as_both_values(twins: Twins, path: str, sent: list[tuple[str, str]]) -> None:
    """A WSGI server joins the values with a comma (mockserver/wsgi_headers.py): two tokens are an invalid token
    header, two Accept headers one list. requests merges repeated headers, so these go out through http.client."""
    answers = []
    for side, tokens in twins:
        headers = [(name, f"Token {tokens[value]}" if value in tokens else value) for name, value in sent]
        if all(name != "Authorization" for name, _ in sent):
            headers.append(("Authorization", f"Token {tokens['admin']}"))
        answers.append(_sent_as_listed(side.base_url, path, headers))
    for answer in answers:
        REFEREE.check_but_browsable_pages(answer)
    (deployment, _), (twin, _) = twins
    found = differences(Normaliser("2000-01-01T00:00:00"), (deployment, answers[0]), (twin, answers[1]))
    assert not found, f"GET {path} {sent}: " + "; ".join(found)


def _sent_as_listed(base: str, path: str, headers: list[tuple[str, str]], method: str = "GET") -> requests.Response:
    """A request with its headers as listed, repeated ones too, and its target as given (requests would normalise
    it), answered as a requests.Response for the referee."""
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        connection.putrequest(method, path)
        for name, value in headers:
            connection.putheader(name, value)
        connection.endheaders()
        raw = connection.getresponse()
        response = requests.Response()
        response.status_code = raw.status
        response.headers = requests.structures.CaseInsensitiveDict(raw.getheaders())
        response._content = raw.read()
        response.url = base + path
        response.request = requests.Request(method, base + path, headers=dict(headers)).prepare()
        return response
    finally:
        connection.close()


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(
    "target",
    [
        "/api/contacts/1%2F",
        "/api/contacts%2F1/",
        "/api%2Fcontacts/?limit=2",
        "/api%2fcontacts",
        "/api/contacts/1%2F/",
        "/api/contacts/1%2F%2F",
        "/api/contacts/%252F/",
        "/api/contacts/?search=%2F&limit=2",
    ],
)
def test_an_escaped_slash_in_the_path_is_a_slash(twins: Twins, target: str, method: str) -> None:
    """A WSGI server hands Django the path decoded whole (PEP 3333), `%2F` included: `/api/contacts%2F1/` is
    contact 1, and links and redirects are made of the decoded path; the query string keeps its escapes."""
    answers = []
    for side, tokens in twins:
        headers = [("Authorization", f"Token {tokens['admin']}")]
        answers.append(_sent_as_listed(side.base_url, target, headers, method))
    path, mark, query = target.partition("?")
    served = re.sub("%2[fF]", "/", path) + mark + query  # the operation the servers take it for
    for answer in answers:
        answer.request = requests.Request(method, answer.url.replace(target, served)).prepare()
        REFEREE.check_but_browsable_pages(answer)
    (deployment, _), (twin, _) = twins
    found = differences(Normaliser("2000-01-01T00:00:00"), (deployment, answers[0]), (twin, answers[1]))
    assert not found, f"{method} {target}: " + "; ".join(found)
