"""Request targets as a WSGI server reads them for Django: raw UTF-8 as if percent-encoded, and `%2F` in the path
as the slash it stands for (`decoded_slashes`: PATH_INFO is decoded whole, where aiohttp routes with `%2F` kept).

curl sends a URL's non-ASCII characters as they are, so the README's `curl '...?search=علی'` puts raw UTF-8
bytes in the request line. Django's runserver and the usual front servers (nginx, gunicorn) read such a target
as if each byte above 0x7f had been percent-encoded; aiohttp's C parser (llhttp) refuses it with its own plain
400 "Invalid char in url query" (or "... path", "... fragment start"), before the app sees anything.

What happens instead: every connection keeps aiohttp's C parser. When it refuses a request line whose target
holds raw bytes above 0x7f and nothing else it would refuse, that connection moves to aiohttp's pure-Python
parser (which reads raw bytes), and the data that held the refused request is parsed again, each raw byte of
the target written as `%XX` (upper-case hex, UTF-8 as sent) before aiohttp reads the line. From there on the
request is the one a client percent-encoding its URL would have sent: same routing, same 404, same `next`
links, same journal entry. Only such a connection pays for the slower parser; every other request pays one
Python call and one `is_eof()`, about 0.2 us, which wrk cannot tell apart from noise. Every connection on the
Python parser was measured at 0.75x on create (`AIOHTTP_NO_EXTENSIONS=1`, process-wide, about 0.73x);
bench/README.md has the figures.

aiohttp offers no supported way to choose a connection's parser, so these private parts are used, all here
and each covered by tests/mock/test_raw_targets.py, which fails if aiohttp changes them:
- `AppRunner._make_server()` (BaseRunner's abstract hook, the one AppRunner and ServerRunner implement) and
  `Server._kwargs`, to build the same Server as aiohttp would, as a RawTargetServer;
- `RequestHandler._parser`, the connection's request parser, which RawTargetServer wraps;
- the methods a server connection calls on that parser (feed_data, message_consumed, pause_reading,
  set_upgraded; feed_eof too), which RawTargetParser forwards.

A request is parsed again only when the refused data starts with its request line and no earlier request's
body may still be arriving; a request line cut by the socket before its first raw byte, or a raw target
pipelined behind another request in the same read, stays aiohttp's 400.
"""

from __future__ import annotations

import asyncio
import inspect
import re
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import InvalidURLError
from aiohttp.http_parser import HttpParser, HttpRequestParserPy, RawRequestMessage
from aiohttp.streams import StreamReader
from aiohttp.web_protocol import MAX_MSG_QUEUE_SIZE, RequestHandler, RequestPayloadError

__all__ = [
    "PercentEncodingParser",
    "RawTargetParser",
    "RawTargetRunner",
    "RawTargetServer",
    "decoded_slashes",
    "percent_encode",
]

# The start of data holding a request line whose target has a raw byte above 0x7f and otherwise only what
# llhttp takes in a target (every printable ASCII byte): empty lines, a method token, a space, the target,
# then a space or the end of the data read so far. Control bytes, DEL or a bad method stay aiohttp's 400.
_RAW_TARGET_LINE = re.compile(
    rb"(?:\r\n)*[!#$%&'*+\-.^_`|~0-9A-Za-z]+ [\x21-\x7e]*[\x80-\xff][\x21-\x7e\x80-\xff]*(?: |\Z)"
)
_RAW_BYTE = re.compile(rb"[\x80-\xff]")
_ENCODED_SLASH = re.compile("%2[fF]")
# RequestHandler's own defaults, for the settings a RequestHandler does not keep where a subclass could read them.
_HANDLER_DEFAULTS = {
    name: parameter.default
    for name, parameter in inspect.signature(RequestHandler).parameters.items()
    if parameter.default is not inspect.Parameter.empty
}

_Messages = Sequence[tuple[RawRequestMessage, StreamReader]]


def decoded_slashes(message: RawRequestMessage) -> RawRequestMessage:
    """The request with each `%2F` of its path read as the `/` it stands for, as a WSGI server hands Django the
    path (PATH_INFO is decoded whole, PEP 3333): `/api/contacts%2F1/` is contact 1 there, and links are made of the
    decoded path. aiohttp routes on the path with `%2F` kept (yarl's `path_safe`), where such a request would
    match no route, or another one. The query string keeps its escapes."""
    path, mark, query = message.path.partition("?")
    if not _ENCODED_SLASH.search(path):
        return message
    url = message.url
    decoded = url.with_path(_ENCODED_SLASH.sub("/", url.raw_path), encoded=True, keep_query=True, keep_fragment=True)
    return message._replace(path=_ENCODED_SLASH.sub("/", path) + mark + query, url=decoded)


def percent_encode(target: bytes) -> bytes:
    """`target` with each byte above 0x7f written as %XX (upper-case hex, as Django and urllib.parse.quote do)."""
    return _RAW_BYTE.sub(lambda byte: b"%%%02X" % byte[0][0], target)


class PercentEncodingParser(HttpRequestParserPy):
    """aiohttp's pure-Python request parser, reading raw bytes above 0x7f in a request's target as %XX."""

    def parse_message(self, lines: list[bytes]) -> RawRequestMessage:
        line = lines[0]
        if not line.isascii():
            # The same split as aiohttp's: method, target, version; only the target is encoded, so a raw byte
            # in the method or the version is refused as it would be anyway.
            method, space, rest = line.partition(b" ")
            target, space_after, version = rest.partition(b" ")
            lines = [method + space + percent_encode(target) + space_after + version, *lines[1:]]
        return super().parse_message(lines)


class RawTargetParser:
    """Stands in for a connection's request parser: aiohttp's C parser, until it refuses a raw target; from then
    on a PercentEncodingParser, which parses again the data the C parser refused.

    The methods other than feed_data are the current parser's own, bound, so forwarding them costs nothing."""

    __slots__ = (
        "_fallback",
        "_parser",
        "_payload",
        "feed_eof",
        "message_consumed",
        "pause_reading",
        "set_upgraded",
    )

    def __init__(self, parser: HttpParser[Any], fallback: Callable[[], PercentEncodingParser] | None) -> None:
        self._fallback = fallback  # None once used: a connection moves to the Python parser once
        # The body of the newest request handed out; until it is complete, data may start inside it.
        self._payload: StreamReader | None = None
        self._use(parser)

    def _use(self, parser: HttpParser[Any]) -> None:
        self._parser = parser
        self.feed_eof = parser.feed_eof
        self.message_consumed = parser.message_consumed
        self.pause_reading = parser.pause_reading
        self.set_upgraded = parser.set_upgraded

    def feed_data(self, data: bytes) -> tuple[_Messages, bool, bytes]:
        payload = self._payload
        at_request_start = payload is None or payload.is_eof()
        try:
            result: tuple[_Messages, bool, bytes] = self._parser.feed_data(data)
        except InvalidURLError:
            fallback = self._fallback
            if fallback is None or not at_request_start or _RAW_TARGET_LINE.match(data) is None:
                raise
            self._fallback = None
            self._use(fallback())
            result = self._parser.feed_data(data)
        messages = result[0]
        if messages:
            self._payload = messages[-1][1]
            for message, _ in messages:
                if "%2" in message.path:  # rarely: the test that spares every other request the rewrite
                    return [(decoded_slashes(message), payload) for message, payload in messages], *result[1:]
        return result


class RawTargetServer(web.Server):
    """aiohttp's low-level server, each of whose connections reads requests through a RawTargetParser."""

    def __init__(
        self,
        handler: Any,
        *,
        request_factory: Any = None,
        handler_cancellation: bool = False,
        loop: asyncio.AbstractEventLoop | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            handler, request_factory=request_factory, handler_cancellation=handler_cancellation, loop=loop, **kwargs
        )
        # What the connections' parsers are made with (RequestHandler.__init__), for the Python parser.
        self._parser_settings = {**_HANDLER_DEFAULTS, **kwargs}

    def __call__(self) -> RequestHandler:
        connection = super().__call__()
        parser = connection._parser
        assert parser is not None, "aiohttp's RequestHandler no longer makes its parser in __init__"
        # A duck-typed parser: the connection only calls the methods RawTargetParser has.
        connection._parser = RawTargetParser(parser, partial(self._python_parser, connection))  # type: ignore[assignment]
        return connection

    def _python_parser(self, connection: RequestHandler) -> PercentEncodingParser:
        """The parser aiohttp would have made for `connection` without its C extension (see RequestHandler)."""
        settings = self._parser_settings
        return PercentEncodingParser(
            connection,
            asyncio.get_running_loop(),
            settings["read_bufsize"],
            max_line_size=settings["max_line_size"],
            max_field_size=settings["max_field_size"],
            max_headers=settings["max_headers"],
            payload_exception=RequestPayloadError,
            auto_decompress=settings["auto_decompress"],
            max_msg_queue_size=MAX_MSG_QUEUE_SIZE,
        )


class RawTargetRunner(web.AppRunner):
    """An AppRunner (same arguments) whose server takes raw UTF-8 request targets, as Django's does."""

    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        return RawTargetServer(
            server.request_handler,
            request_factory=server.request_factory,
            handler_cancellation=server.handler_cancellation,
            **server._kwargs,
        )
