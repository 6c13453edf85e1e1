"""Copy a deployment's records into a hamta mock: read through the deployment's own list endpoint
(`hamta.clone`), write through the mock's admin API (`GET` then `PUT /__mock__/state`). The copy is what makes
a twin run meaningful: both sides answer from the same rows."""

from __future__ import annotations

from typing import Any

import requests

from hamta.clone import CloneError, read_contacts

__all__ = ["CloneError", "load_into_mock", "read_contacts"]


def load_into_mock(
    session: requests.Session, mock_url: str, records: list[dict[str, Any]], admin_headers: dict[str, str]
) -> None:
    """Replace the mock's contacts with the copy; every other API's state stays as it is."""
    response = session.get(f"{mock_url}/__mock__/state", headers=admin_headers, timeout=30)
    if response.status_code != 200:
        raise CloneError(f"reading the twin's state: GET {mock_url}/__mock__/state answered {response.status_code}")
    state = response.json()
    if "contacts" not in state:
        raise CloneError(f"the twin at {mock_url} serves no contacts API")
    next_id = max((record["id"] for record in records), default=0) + 1
    state["contacts"] = {"next_id": next_id, "records": records}
    response = session.put(f"{mock_url}/__mock__/state", json=state, headers=admin_headers, timeout=60)
    if response.status_code != 200:
        raise CloneError(f"loading the copy into {mock_url} failed: {response.status_code} {response.text[:300]}")
