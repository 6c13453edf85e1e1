"""Compare one request's two answers, after normalising only what differs by nature between two deployments:
their base URLs, the ids and timestamps of rows the run itself wrote, and the order of rows inside a tie (an
ordering that does not end in a unique field leaves it to the database).

An HTML page (the browsable API's, Django's 400, 404 and 500 pages, a login form) differs in most details by
nature (a traceback, the settings, the URL patterns, a CSRF token, the markup of a template); of it the status,
the headers, the title and the headings are compared: what a person or a test reading the page takes from it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import requests

__all__ = ["Normaliser", "Side", "differences"]

HEADERS = (
    "Location",
    "Allow",
    "WWW-Authenticate",
    "Content-Type",
    "Content-Language",
    "Vary",
    # Django's SecurityMiddleware and XFrameOptionsMiddleware (the spec's x-middleware-headers)
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
)
_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2})$")
_ID_SEGMENT = re.compile(r"/([0-9]+)(?=/|$|\?)")


@dataclass
class Side:
    """What one side's answers are normalised with: its base URL and the ids its own writes created."""

    base_url: str
    created: dict[str, int]

    def netloc(self) -> str:
        return self.base_url.split("://", 1)[-1]

    def name_of(self, row_id: int) -> str | None:
        """The name a row this run created on this side goes by (ids differ between sides by nature)."""
        return next((name for name, made in self.created.items() if made == row_id), None)


def _created_segment(side: Side, match: re.Match[str]) -> str:
    name = side.name_of(int(match[1]))
    return f"/{{created {name}}}" if name else match[0]


@dataclass(frozen=True)
class Normaliser:
    run_started: str  # ISO timestamp; stamps at or after it were written by this run

    def text(self, side: Side, value: str) -> str:
        value = value.replace(side.base_url, "{base}").replace(side.netloc(), "{host}")
        if _TIMESTAMP.match(value) and self._in_run(value):
            return "{written in this run}"
        if side.created and "/" in value:  # a path or link naming a row this run created
            value = _ID_SEGMENT.sub(lambda m: _created_segment(side, m), value)
        return value

    def _in_run(self, stamp: str) -> bool:
        """A stamp at or after the run's start, in any time zone (Django renders its own, DRF UTC as `Z`)."""
        started = dt.datetime.fromisoformat(self.run_started).replace(tzinfo=dt.UTC)
        return dt.datetime.fromisoformat(stamp) >= started

    def json(self, side: Side, value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: self.json(side, v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.json(side, v) for v in value]
        if key == "csrf_token" and isinstance(value, str):
            return "{a CSRF token}"  # a masked token differs by nature; a session twin compares what it masks
        if isinstance(value, str):
            return self.text(side, value)
        if key == "id" and isinstance(value, int):
            name = side.name_of(value)
            return f"{{created {name}}}" if name else value
        return value


def _media(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip()


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)
_HEADING = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def _page_outline(norm: Normaliser, side: Side, response: requests.Response) -> tuple[str, ...]:
    """An HTML page's title and top-level headings, tags dropped and whitespace folded."""

    def folded(html: str) -> str:
        return norm.text(side, " ".join(_TAG.sub(" ", html).split()))

    text = response.text
    title = _TITLE.search(text)
    return (folded(title.group(1)) if title else "", *[folded(heading) for heading in _HEADING.findall(text)])


def _walk(path: str, left: Any, right: Any) -> Iterator[str]:
    if isinstance(left, dict) and isinstance(right, dict):
        shared = left.keys() & right.keys()
        if [key for key in left if key in shared] != [key for key in right if key in shared]:
            # a serializer's field order: a client reading the text (or a snapshot test) sees it
            yield f"{path}: keys in the order {list(left)} != {list(right)}"
        for key in sorted(left.keys() | right.keys()):
            if key not in right:
                yield f"{path}.{key}: only the deployment has it"
            elif key not in left:
                yield f"{path}.{key}: only the twin has it"
            else:
                yield from _walk(f"{path}.{key}", left[key], right[key])
    elif isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            yield from _walk(f"{path}[{index}]", a, b)
    elif left != right or type(left) is not type(right):
        yield f"{path}: {left!r:.120} != {right!r:.120}"


def _ordering(params: dict[str, str], fields: tuple[str, ...], default: tuple[str, ...]) -> list[str]:
    """The fields a list is ordered by, as DRF's OrderingFilter reads the parameter."""
    wanted = [term.strip() for term in params.get("ordering", "").split(",") if term.strip()]
    valid = [term for term in wanted if term.lstrip("-") in fields]
    return valid or list(default)


def _page_differences(left: dict[str, Any], right: dict[str, Any], keys: list[str]) -> Iterator[str]:
    """A page whose order may tie: the sort keys must agree row by row; ids only where a tie group lies wholly
    inside the page (a group cut by the page's edge may hold other rows on each side); every row both pages
    hold must agree field by field."""
    if keys and keys[-1].lstrip("-") == "id":
        yield from _walk("body", left, right)
        return
    rows_left, rows_right = left.get("results", []), right.get("results", [])
    yield from _walk(
        "body", {k: v for k, v in left.items() if k != "results"}, {k: v for k, v in right.items() if k != "results"}
    )
    if len(rows_left) != len(rows_right):
        yield f"body.results: {len(rows_left)} rows != {len(rows_right)} rows"
        return

    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(row.get(name.lstrip("-")) for name in keys)

    if [key(r) for r in rows_left] != [key(r) for r in rows_right]:
        yield f"body.results: ordered by {','.join(keys)}, the keys differ"
        return
    start = 0
    while start < len(rows_left):
        end = start
        while end + 1 < len(rows_left) and key(rows_left[end + 1]) == key(rows_left[start]):
            end += 1
        group_left = {r["id"]: r for r in rows_left[start : end + 1]}
        group_right = {r["id"]: r for r in rows_right[start : end + 1]}
        inside = start > 0 and end < len(rows_left) - 1
        if inside and group_left.keys() != group_right.keys():
            yield f"body.results[{start}:{end + 1}]: a tie group holds other rows"
        for row_id in group_left.keys() & group_right.keys():
            yield from _walk(f"body.results[id={row_id}]", group_left[row_id], group_right[row_id])
        start = end + 1


def _header(response: requests.Response, name: str) -> str | None:
    """A header as compared. `Vary` without `Origin`: CORS varies by it, and is a side's own business (the mock
    answers a frontend on another port; the reference deployments have no CORS middleware)."""
    value = response.headers.get(name)
    if value is None or name != "Vary":
        return value
    return ", ".join(part for part in (p.strip() for p in value.split(",")) if part.lower() != "origin") or None


def differences(
    norm: Normaliser,
    deployment: tuple[Side, requests.Response],
    twin: tuple[Side, requests.Response],
    ordering: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
    params: dict[str, str] | None = None,
) -> list[str]:
    """Every difference between the two answers, as `where: deployment's != twin's` lines."""
    (side_a, a), (side_b, b) = deployment, twin
    found: list[str] = []
    if a.status_code != b.status_code:
        found.append(f"status: {a.status_code} != {b.status_code}")
    for name in HEADERS:
        va, vb = _header(a, name), _header(b, name)
        if va is not None:
            va = norm.text(side_a, va)
        if vb is not None:
            vb = norm.text(side_b, vb)
        if va != vb:
            found.append(f"header {name}: {va!r} != {vb!r}")
    if _media(a) != _media(b):
        return found
    if _media(a) == "text/html":
        page_a, page_b = _page_outline(norm, side_a, a), _page_outline(norm, side_b, b)
        if page_a != page_b:
            found.append(f"page: {page_a!r:.300} != {page_b!r:.300}")
        return found
    body_a, body_b = _json(a), _json(b)
    if body_a is None or body_b is None:
        text_a = norm.text(side_a, a.text.split("\n\n")[0][:400])
        text_b = norm.text(side_b, b.text.split("\n\n")[0][:400])
        if (a.text == "") != (b.text == "") or (
            _media(a) == "text/plain" and text_a.splitlines()[1:2] != text_b.splitlines()[1:2]
        ):
            found.append(f"body: {text_a[:200]!r} != {text_b[:200]!r}")
        return found
    left, right = norm.json(side_a, body_a), norm.json(side_b, body_b)
    if ordering is not None and isinstance(left, dict) and isinstance(right, dict) and "results" in left:
        fields, default = ordering
        found += _page_differences(left, right, _ordering(params or {}, fields, default))
    else:
        found += _walk("body", left, right)
    return found
