"""Read Callbell's docs examples out of the snapshot at test time: every curl snippet under src/snippets/curl/,
the reference page that shows it (`<RequestTabs endpoint='E' request='R'/>` loads `src/snippets/curl/E/_R.mdx`)
and that page's example response. Nothing read here is written anywhere: the docs repository has no licence.

Where the docs are not valid JSON, or their curl contradicts the page, the repair is the one
spec/callbell-docs.md §3 documents, and each example says which it needed:
- C2: a literal `...` between two list items (more items elided) is dropped;
- C3: a missing comma between two members is restored;
- C4: a doubled comma is made one;
- C5: a trailing comma before a closing bracket is dropped;
- C7: a string value missing its opening quote gets it back;
- C8: a key missing its closing quote gets it back;
- C9: the update_funnel curl's stray `\\ \\` is ignored, its body's trailing comma dropped (as C5), and its
  method and path are the page's (title, H1 and release note agree on PUT .../conversation/update_funnel);
- C31: the events list's placeholder `payload` strings promise no shape (the table says an object): null.
Nothing else is changed: C10 (DELETE /messages with a JSON body) and C11 (the singular /custom_status path),
for instance, are replayed as the curl sends them.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["COMMIT", "DEFAULT_SNAPSHOT", "DocsExample", "Snapshot", "find_snapshot", "parse_curl", "repair_json"]

COMMIT = "4878e4f"
DEFAULT_SNAPSHOT = Path("/work/.mirror/callbellchat+callbell-public-docs/repo")
ENV = "HAMTA_CALLBELL_DOCS"
HOW_TO_GET_IT = (
    f"Callbell's docs snapshot is not here: set ${ENV} to a clone (or bare git dir) of "
    f"github.com/callbellchat/callbell-public-docs that holds commit {COMMIT} "
    f"(git clone https://github.com/callbellchat/callbell-public-docs), or put one at {DEFAULT_SNAPSHOT}"
)
_CURL_DIR = "src/snippets/curl"
_PAGES_DIR = "docs/api/reference"
# The one curl whose method and path the documented repair replaces with its page's (C9); C10 and C11 stay as sent.
_ROUTE_FROM_PAGE = {f"{_CURL_DIR}/contacts_api/_put_contact_conversation_update_funnel.mdx": "C9"}
_TABS = re.compile(r"<RequestTabs\s+endpoint=['\"]([^'\"]+)['\"]\s+request=['\"]([^'\"]+)['\"]")


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    headers: dict[str, str]
    body: str | None  # the raw text after -d, repaired when it was invalid JSON


@dataclass(frozen=True)
class DocsExample:
    snippet: str  # path of the curl file in the snapshot
    page: str | None  # the reference page that shows it (None: no page shows it)
    request: Request
    status: int | None  # the status the page promises (None: any 2xx, the page says nothing)
    response: Any  # the page's example response (None: the page shows none)
    repairs: tuple[str, ...] = field(default=())  # which documented repairs (C-numbers) the example needed

    @property
    def name(self) -> str:
        return self.snippet.removeprefix(_CURL_DIR + "/").removesuffix(".mdx")


def find_snapshot() -> Path | None:
    """The snapshot's git dir: $HAMTA_CALLBELL_DOCS, else the default mirror path; None when neither holds the
    pinned commit."""
    chosen = os.environ.get(ENV)
    for candidate in [Path(chosen)] if chosen else [DEFAULT_SNAPSHOT]:
        if candidate.exists() and _git(candidate, "cat-file", "-e", f"{COMMIT}^{{commit}}", check=False) is not None:
            return candidate
    return None


def _git(repo: Path, *args: str, check: bool = True) -> str | None:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        if check:
            raise RuntimeError(f"git {' '.join(args)}: {done.stderr.strip()}")
        return None
    return done.stdout


# -- JSON repairs --------------------------------------------------------------------------------------------------

_VALUE_END = r'(?:"|\d|true|false|null|\}|\])'
_REPAIRS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("C2", re.compile(r"^\s*\.\.\.\s*,?\s*$\n?", re.MULTILINE), ""),
    ("C4", re.compile(r",\s*,"), ","),
    ("C3", re.compile(rf"({_VALUE_END})(\s*\n\s*\")"), r"\1,\2"),
    ("C7", re.compile(r'(:\s*)([A-Za-z][^"{}\[\],:]*")'), r'\1"\2'),
    ("C8", re.compile(r'"(\w+): "'), r'"\1": "'),
    ("C5", re.compile(r",(\s*[}\]])"), r"\1"),
)


def _placeholder_payloads(response: Any) -> tuple[Any, tuple[str, ...]]:
    """C31: the events list's example shows each `payload` as a placeholder string where the WebhookEvent table
    (and every event page) makes it an object; a placeholder promises no shape, so it becomes null (any value)."""
    events = response.get("webhook_events") if isinstance(response, dict) else None
    placeholder = [isinstance(e, dict) and isinstance(e.get("payload"), str) for e in events or ()]
    if not any(placeholder):
        return response, ()
    cleared = [{**e, "payload": None} if flagged else e for e, flagged in zip(events or (), placeholder, strict=True)]
    return {**response, "webhook_events": cleared}, ("C31",)


def repair_json(text: str) -> tuple[Any, tuple[str, ...]]:
    """The JSON `text` holds, and the documented repairs it took (none for valid JSON); raises ValueError when
    even the repairs leave it invalid."""
    try:
        return json.loads(text), ()
    except json.JSONDecodeError:
        pass
    applied: list[str] = []
    for label, pattern, replacement in _REPAIRS:
        repaired = pattern.sub(replacement, text)
        if repaired != text:
            applied.append(label)
            text = repaired
            try:
                return json.loads(text), tuple(applied)
            except json.JSONDecodeError:
                continue
    raise ValueError(f"not JSON even after the documented repairs {applied}: {text[:200]!r}")


# -- curl ----------------------------------------------------------------------------------------------------------


def parse_curl(text: str) -> Request:
    """The request a curl snippet (in its ```bash fence) sends: -X, the URL, each -H and -d. A line continuation
    followed by nothing (C33) or a stray escaped space (C9) is harmless in a shell and ignored here too."""
    lines = [line for line in text.strip().splitlines() if not line.startswith("```")]
    command = "\n".join(lines).rstrip().removesuffix("\\")
    words = [word for word in shlex.split(command) if word.strip()]
    if not words or words[0] != "curl":
        raise ValueError(f"not a curl command: {text[:80]!r}")
    method, url, headers, body = "GET", "", {}, None
    index = 1
    while index < len(words):
        word = words[index]
        if word in ("-X", "--request"):
            method, index = words[index + 1].upper(), index + 2
        elif word in ("-H", "--header"):
            name, _, value = words[index + 1].partition(":")
            headers[name.strip()] = value.strip()
            index += 2
        elif word in ("-d", "--data", "--data-raw"):
            body, index = words[index + 1], index + 2
            method = method if "-X" in words or "--request" in words else "POST"
        elif word.startswith("-"):
            raise ValueError(f"unknown curl option {word}")
        else:
            url, index = word, index + 1
    return Request(method, url, headers, body)


# -- the snapshot --------------------------------------------------------------------------------------------------


def _front_title(page: str) -> str:
    match = re.search(r"^title:\s*(.+)$", page, re.MULTILINE)
    return match.group(1).strip() if match else ""


def _example_response(page: str) -> tuple[Any, tuple[str, ...]]:
    """The page's plain example response: the first JSON block under a heading `Example Response` (the
    variants, `Example Response (with ...)`, answer requests the curl does not send)."""
    match = re.search(r"^#+\s*Example Response\s*$.*?^```json[^\n]*\n(.*?)^```", page, re.MULTILINE | re.DOTALL)
    if match is None:
        return None, ()
    return repair_json(match.group(1))


def _route_from_title(request: Request, title: str) -> Request:
    """C9: the page's method and path, with its `:params` filled from the curl's path segments in their place."""
    method, _, template = title.partition(" ")
    prefix, _, rest = request.url.partition("/v1/")
    segments = rest.split("/")
    filled = [
        segments[i] if part.startswith(":") and i < len(segments) else part
        for i, part in enumerate(template.strip("/").split("/"))
    ]
    return Request(method.upper(), f"{prefix}/v1/{'/'.join(filled)}", request.headers, request.body)


class Snapshot:
    """The docs at the pinned commit, read with git (the snapshot may be a bare repository)."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo

    def read(self, path: str) -> str:
        return _git(self.repo, "show", f"{COMMIT}:{path}") or ""

    def _list(self, under: str) -> list[str]:
        listed = _git(self.repo, "ls-tree", "-r", "--name-only", COMMIT, "--", under) or ""
        return sorted(line for line in listed.splitlines() if line)

    def examples(self) -> list[DocsExample]:
        shown_on: dict[str, str] = {}
        for listed in self._list(_PAGES_DIR):
            if listed.endswith((".md", ".mdx")):
                for endpoint, request in _TABS.findall(self.read(listed)):
                    shown_on.setdefault(f"{_CURL_DIR}/{endpoint}/_{request}.mdx", listed)
        snippets = [path for path in self._list(_CURL_DIR) if path.endswith(".mdx")]
        requests = {path: parse_curl(self.read(path)) for path in snippets}
        found: list[DocsExample] = []
        for path in snippets:
            request, repairs = requests[path], []
            page_path: str | None = shown_on.get(path)
            if page_path is None:  # shown on no page: the page of a snippet sending the very same request
                twin = next((other for other, sent in requests.items() if other in shown_on and sent == request), None)
                page_path = shown_on.get(twin) if twin else None
            page = self.read(page_path) if page_path else ""
            if path in _ROUTE_FROM_PAGE:
                request, repairs = _route_from_title(request, _front_title(page)), [_ROUTE_FROM_PAGE[path]]
            if request.body is not None:
                parsed, fixed = repair_json(request.body)
                if fixed:
                    repairs += ["C9" if "C9" in repairs else label for label in fixed]
                    request = Request(request.method, request.url, request.headers, json.dumps(parsed))
            response, fixed = _example_response(page) if page else (None, ())
            response, placeholders = _placeholder_payloads(response)
            fixed = (*fixed, *placeholders)
            if page and response is None:
                status = 204 if re.search(r"\b204\b", page) else None
            else:
                status = 200 if page else None
            found.append(
                DocsExample(path, page_path, request, status, response, tuple(dict.fromkeys(repairs + list(fixed))))
            )
        return found
