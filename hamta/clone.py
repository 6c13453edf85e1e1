"""Read a deployment's contacts through its own list endpoint: a GET (it changes nothing there), page by page along
the `next` links, so whatever page size limit the deployment sets is respected.

Shared by `contract-tests --twin` (which copies them into a mock) and `mockserver --clone-from` (which starts
with them). Standard library only: the mock has no HTTP client of its own.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

__all__ = ["CloneError", "read_contacts"]

LIST = "/api/contacts/"
PAGE = 500  # rows a request; LimitOffsetPagination has no maximum unless the view sets one


class CloneError(RuntimeError):
    """The deployment did not answer as a copy needs; the message says which URL and why."""


def _get(url: str, token: str, timeout: float) -> Any:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        raise CloneError(f"reading contacts: GET {url} answered {exc.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CloneError(f"reading contacts: cannot reach {url}: {reason}") from None
    except (UnicodeDecodeError, ValueError):
        raise CloneError(f"reading contacts: {url} did not answer JSON") from None


def read_contacts(base_url: str, token: str, timeout: float = 30.0) -> list[dict[str, Any]]:
    """Every contact of the deployment, in id order."""
    url: str | None = f"{base_url.rstrip('/')}{LIST}?limit={PAGE}&ordering=id"
    records: list[dict[str, Any]] = []
    while url:
        body = _get(url, token, timeout)
        if not isinstance(body, dict) or not isinstance(body.get("results"), list):
            raise CloneError(f"reading contacts: {url} is not a contacts page")
        records += body["results"]
        url = body.get("next")
    return records
