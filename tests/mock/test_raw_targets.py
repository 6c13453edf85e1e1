"""Raw UTF-8 in a request's target (what curl sends for the README's `?search=علی`) is served exactly as its
percent-encoded form, as Django's server serves it (mockserver.raw_targets).

requests and httpx percent-encode every URL, so these tests speak HTTP over a plain socket."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urlsplit

import pytest
import requests
from aiohttp import web
from aiohttp.helpers import NO_EXTENSIONS
from aiohttp.http_parser import HttpRequestParserPy

from mockserver.raw_targets import PercentEncodingParser, RawTargetParser, RawTargetRunner
from tests.mock.conftest import TOKENS

README_RAW = "/api/contacts/?search=علی&is_viewed=false&ordering=-created_at&limit=5".encode()
README_ENCODED = b"/api/contacts/?search=%D8%B9%D9%84%DB%8C&is_viewed=false&ordering=-created_at&limit=5"
ALI_RAW = "علی".encode()
ALI_ENCODED = b"%D8%B9%D9%84%DB%8C"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def request(method: str, target: bytes, *, body: bytes = b"", token: str | None = TOKENS["admin"]) -> bytes:
    head = [f"{method} ".encode() + target + b" HTTP/1.1", b"Host: 127.0.0.1"]
    if token:
        head.append(f"Authorization: Token {token}".encode())
    if body:
        head += [b"Content-Type: application/json", b"Content-Length: %d" % len(body)]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


@contextmanager
def connection(base_url: str) -> Iterator[tuple[socket.socket, BinaryIO]]:
    url = urlsplit(base_url)
    with socket.create_connection((url.hostname, url.port), timeout=30) as sock, sock.makefile("rb") as stream:
        yield sock, stream


def answer(stream: BinaryIO) -> Answer:
    status_line = stream.readline()
    assert status_line.startswith(b"HTTP/1."), status_line
    headers = {}
    while (line := stream.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return Answer(int(status_line.split()[1]), headers, stream.read(int(headers.get("content-length", "0"))))


def exchange(base_url: str, *requests_: bytes) -> list[Answer]:
    """Each request on one keep-alive connection, waiting for its answer before sending the next."""
    answers = []
    with connection(base_url) as (sock, stream):
        for raw in requests_:
            sock.sendall(raw)
            answers.append(answer(stream))
    return answers


def same_answer(raw: Answer, encoded: Answer) -> None:
    assert (raw.status, raw.headers.get("content-type"), raw.body) == (
        encoded.status,
        encoded.headers.get("content-type"),
        encoded.body,
    )
    assert raw.headers.get("location") == encoded.headers.get("location")


def last_journal_path(base_url: str) -> str:
    return str(requests.get(f"{base_url}/__mock__/journal", timeout=30).json()["entries"][0]["path"])


def test_the_readme_example_is_served_as_its_percent_encoded_form(fresh: str) -> None:
    [raw] = exchange(fresh, request("GET", README_RAW))
    raw_journal = last_journal_path(fresh)
    [encoded] = exchange(fresh, request("GET", README_ENCODED))
    assert raw.status == 200, raw.body
    same_answer(raw, encoded)
    assert raw_journal == last_journal_path(fresh) == README_ENCODED.decode()


def test_a_raw_search_finds_what_the_encoded_one_finds_and_links_the_next_page_encoded(fresh: str) -> None:
    [raw, encoded] = exchange(
        fresh,
        request("GET", b"/api/contacts/?limit=1&search=" + ALI_RAW),
        request("GET", b"/api/contacts/?limit=1&search=" + ALI_ENCODED),
    )
    same_answer(raw, encoded)
    page = json.loads(raw.body)
    assert page["count"] >= 2, "the seeded data should hold more than one match, so there is a next link"
    assert page["next"].endswith("search=" + ALI_ENCODED.decode())


def test_a_raw_unknown_path_is_djangos_html_404_like_its_encoded_form(fresh: str) -> None:
    raw, encoded = exchange(
        fresh, request("GET", b"/api/" + ALI_RAW + b"/"), request("GET", b"/api/" + ALI_ENCODED + b"/")
    )
    assert raw.status == 404
    assert raw.headers["content-type"] == "text/html; charset=utf-8"
    assert b"<h1>Page not found <small>(404)</small></h1>" in raw.body  # the contacts deployment's DEBUG page
    same_answer(raw, encoded)


def test_a_raw_path_routes_like_its_encoded_form(fresh: str) -> None:
    # APPEND_SLASH: the redirect's Location is the encoded path, as Django writes it.
    raw, encoded = exchange(
        fresh, request("GET", b"/api/contacts/" + ALI_RAW), request("GET", b"/api/contacts/" + ALI_ENCODED)
    )
    assert raw.status == 301
    assert raw.headers["location"] == "/api/contacts/" + ALI_ENCODED.decode() + "/"
    same_answer(raw, encoded)


def test_bytes_that_are_not_utf8_are_served_as_their_percent_encoding(fresh: str) -> None:
    raw, encoded = exchange(
        fresh, request("GET", b"/api/contacts/?search=\xff\xfe"), request("GET", b"/api/contacts/?search=%FF%FE")
    )
    assert raw.status == 200
    same_answer(raw, encoded)


def test_the_connection_carries_on_after_a_raw_target(fresh: str) -> None:
    body = '{"subject": "پیگیری سفارش", "first_name": "تورج"}'.encode()
    answers = exchange(
        fresh,
        request("GET", b"/api/contacts/?limit=1"),
        request("GET", README_RAW),
        request("GET", b"/api/contacts/?limit=1"),
        request("POST", b"/api/contacts/?from=" + ALI_RAW, body=body),
        request("GET", b"/api/" + ALI_RAW + b"/"),
    )
    assert [a.status for a in answers] == [200, 200, 200, 201, 404]
    assert answers[0].body == answers[2].body
    created = json.loads(answers[3].body)
    assert (created["subject"], created["first_name"]) == ("پیگیری سفارش", "تورج")


def test_requests_pipelined_behind_a_raw_target_are_answered_in_order(fresh: str) -> None:
    with connection(fresh) as (sock, stream):
        sock.sendall(
            request("GET", README_RAW)
            + request("GET", b"/api/" + ALI_RAW + b"/")
            + request("GET", b"/api/contacts/?limit=1")
        )
        statuses = [answer(stream).status for _ in range(3)]
    assert statuses == [200, 404, 200]


def test_a_raw_target_sent_in_pieces_is_served(fresh: str) -> None:
    raw = request("GET", README_RAW)
    cut = raw.index(b"\r\n") + 2  # the request line alone, then the headers
    with connection(fresh) as (sock, stream):
        sock.sendall(raw[:cut])
        sock.sendall(raw[cut:])
        assert answer(stream).status == 200


@pytest.mark.parametrize(
    "target", [b"/api/contacts/?search=\x01" + ALI_RAW, b"/api/\x7f" + ALI_RAW + b"/", b"/api/" + ALI_RAW + b"\x7f/"]
)
def test_a_target_with_a_control_byte_is_still_aiohttps_400(fresh: str, target: bytes) -> None:
    [raw] = exchange(fresh, request("GET", target))
    assert raw.status == 400
    assert raw.body.startswith(b"Invalid char in url")


# The private parts of aiohttp mockserver.raw_targets relies on: these fail if aiohttp changes them.


@pytest.mark.skipif(NO_EXTENSIONS, reason="aiohttp runs without its C extensions here")
def test_a_connection_parses_with_aiohttps_c_parser_until_a_raw_target() -> None:
    async def check() -> None:
        runner = RawTargetRunner(web.Application(), auto_decompress=False)
        await runner.setup()
        try:
            assert runner.server is not None
            parser = runner.server()._parser
            assert isinstance(parser, RawTargetParser)
            assert not isinstance(parser._parser, HttpRequestParserPy), "every connection would be on the slow parser"
            [(ascii_message, _)], _, _ = parser.feed_data(request("GET", b"/a?b=" + ALI_ENCODED))
            assert not isinstance(parser._parser, HttpRequestParserPy)
            [(message, _)], _, _ = parser.feed_data(request("GET", b"/a?b=" + ALI_RAW))
            assert isinstance(parser._parser, PercentEncodingParser)
            assert (message.path, message.url) == (ascii_message.path, ascii_message.url)
        finally:
            await runner.cleanup()

    asyncio.run(check())


def test_the_wrapper_forwards_every_method_of_aiohttps_parsers() -> None:
    from aiohttp import http_parser

    for parser in (getattr(http_parser, "HttpRequestParserC", None), HttpRequestParserPy):
        if parser is None:
            continue
        methods = {name for name in dir(parser) if not name.startswith("_") and callable(getattr(parser, name))}
        methods -= {"parse_message", "parse_headers"}  # the Python parser's own steps, called by itself only
        assert methods <= set(dir(RawTargetParser)), f"{parser.__name__} has methods RawTargetParser does not forward"
