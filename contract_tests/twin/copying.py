"""Copy a deployment's records into a hamta mock: read through the deployment's own list endpoint (a GET, which
changes nothing there), write through the mock's admin API (`GET` then `PUT /__mock__/state`).

The copy is what makes a twin run meaningful (both sides answer from the same rows) and what `mockserver
--clone-from` starts from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

__all__ = ["Copied", "CopyError", "load_into_mock", "read_contacts"]

LIST = "/api/contacts/"
PAGE = 500  # rows a request; LimitOffsetPagination has no maximum unless the view sets one


class CopyError(RuntimeError):
    """The deployment or the twin did not answer as a copy needs; the message says which and how."""


@dataclass(frozen=True)
class Copied:
    records: list[dict[str, Any]]

    @property
    def next_id(self) -> int:
        return max((record["id"] for record in self.records), default=0) + 1


def _json(response: requests.Response, what: str) -> Any:
    if response.status_code != 200:
        raise CopyError(f"{what}: {response.request.method} {response.url} answered {response.status_code}")
    try:
        return response.json()
    except ValueError:
        raise CopyError(f"{what}: {response.url} did not answer JSON") from None


def read_contacts(session: requests.Session, base_url: str, token: str, timeout: float = 30.0) -> Copied:
    """Every contact, in id order, following `next` links (so any page size limit of the deployment holds)."""
    headers = {"Authorization": f"Token {token}"}
    url: str | None = f"{base_url}{LIST}?limit={PAGE}&ordering=id"
    records: list[dict[str, Any]] = []
    while url:
        body = _json(session.get(url, headers=headers, timeout=timeout, allow_redirects=False), "reading contacts")
        records += body["results"]
        url = body["next"]
    return Copied(records)


def load_into_mock(session: requests.Session, mock_url: str, copied: Copied, admin_headers: dict[str, str]) -> None:
    """Replace the mock's contacts with the copy; every other API's state stays as it is."""
    state = _json(session.get(f"{mock_url}/__mock__/state", headers=admin_headers, timeout=30), "reading the twin")
    if "contacts" not in state:
        raise CopyError(f"the twin at {mock_url} serves no contacts API")
    state["contacts"] = {"next_id": copied.next_id, "records": copied.records}
    response = session.put(f"{mock_url}/__mock__/state", json=state, headers=admin_headers, timeout=60)
    if response.status_code != 200:
        raise CopyError(f"loading the copy into {mock_url} failed: {response.status_code} {response.text[:300]}")
